// Package tui is jwtlab's terminal token inspector: paste a token and see
// its three parts, its claims explained, its times counting down, its
// signature checked with a key you give, its bytes beside their base64url
// characters, and what is risky about it. In live mode it logs in to a
// jwtlab or simplejwt server and follows a token pair through refresh,
// rotation, blacklisting and expiry.
package tui

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"jwtlab/internal/jose"
	"jwtlab/internal/quietinit"
)

// Config is everything the inspector needs from the command line.
type Config struct {
	Token  string      // a token to show at once; "" opens the paste box
	Keys   []*jose.Key // keys to verify with; nil until the user gives one
	Alg    string      // pinned algorithm; "" lets each key pin its own
	Server string      // live mode: base URL of a loopback server
	// AsAccess says the token is meant as an access token (inspect -as
	// access): a refresh token then draws refresh-as-access.
	AsAccess bool
	NoColor  bool // NO_COLOR is set

	Now func() time.Time // the clock; time.Now when nil
	// Location is the reader's time zone, shown beside UTC; time.Local
	// when nil. Times are shown in UTC only when it is UTC.
	Location *time.Location

	In       io.Reader
	Out      io.Writer
	InputTTY bool // read keys from the terminal because In held the token
}

type mode int

const (
	modePaste   mode = iota // the paste box
	modeInspect             // a token on screen
	modeKey                 // typing a secret, key file or JWKS URL
	modeLogin               // live mode: username and password
	modeEdit                // tampering: a new value for the selected member
)

type follow int

const (
	followNone follow = iota
	followClaim
	followPanel
	followBottom // G/End: the foot's height may change with the same key
)

type panel int

const (
	panelSignature panel = iota
	panelBytes
	panelWarnings
	panelLive
)

var panelNames = [...]string{"Signature", "Bytes", "Warnings", "Live"}

// liveState is live mode's view of the server and the token pair.
type liveState struct {
	server   string
	username string
	access   string
	refresh  string
	log      []logLine
	busy     string // the request in flight, if any
}

type logLine struct {
	at   time.Time
	text string
	bad  bool
}

// maxLog bounds the live log; older lines scroll away.
const maxLog = 50

// Model is the inspector's whole state. View derives everything it draws
// from it, and only Update changes it.
type Model struct {
	cfg    Config
	keys   keyMap
	styles Styles
	help   help.Model

	mode    mode
	width   int
	height  int
	now     time.Time // the clock as of the last tick
	panel   panel
	claim   int  // selected member: header params first, then payload claims
	segment int  // byte view: 0 header, 1 payload, 2 signature
	full    bool // the selected member's whole value is shown below the claims

	// body scrolls everything between the title line and the foot; layout
	// refills it after every Update so that View stays pure.
	body viewport.Model
	// follow asks layout to scroll the selected member (followClaim) or the
	// panel (followPanel) into view once the body is refilled.
	follow follow

	paste     textarea.Model
	keyInput  textinput.Model
	editInput textinput.Model
	user      textinput.Model
	password  textinput.Model

	tok   *jose.Token
	outer []string // tokens a nested one was opened from (o), innermost last; esc goes back
	// usedAsAccess: live mode sent the token shown to /api/me/ as a bearer
	// token, so a refresh token there is misused; a new token clears it.
	usedAsAccess bool
	parseErr     error
	warnings     []jose.Warning
	keyset       []*jose.Key
	keyLabel     string // how the key was given, e.g. "HMAC secret (46 bytes)"
	keyErr       error  // loading the last key typed failed; keyset is empty then
	verified     *jose.Key
	verifyErr    error
	status       string // one line of feedback at the bottom

	client    *client
	serverErr error // the live-mode server URL was refused
	// live is replaced, never changed in place, so a Model value keeps
	// the state it was made with.
	live *liveState
	// ctx bounds the requests that commands make; Run sets it to its own.
	ctx context.Context
}

// New builds the model for cfg. It does no I/O.
func New(cfg Config) Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	m := Model{
		cfg:    cfg,
		keys:   newKeyMap(cfg.Server != ""),
		styles: DefaultStyles(),
		help:   help.New(),
		now:    cfg.Now(),
		width:  80, // until the first WindowSizeMsg
		height: 24,
		ctx:    context.Background(),
		body:   viewport.New(80, 24),
	}
	// The viewport's own keys (j/k, u/d, f/b...) would clash with ours:
	// onInspectKey scrolls it, and it only handles the mouse wheel itself.
	m.body.KeyMap = viewport.KeyMap{}
	m.paste = textarea.New()
	m.paste.Placeholder = "Paste a token (eyJ...), then press enter"
	m.paste.ShowLineNumbers = false
	m.paste.CharLimit = 0
	m.paste.SetHeight(4)
	m.paste.Focus()

	m.keyInput = textinput.New()
	// Short enough for a 40-column window, where bubbles v1.0.0 gives a
	// placeholder its Width less the prompt and the cursor, 28 cells; the
	// hint line below says how each is told apart.
	m.keyInput.Placeholder = "secret, key file or JWKS URL"
	m.keyInput.Prompt = "key> "

	m.editInput = newEditInput()

	m.user = textinput.New()
	m.user.Prompt = "username: "
	m.password = textinput.New()
	m.password.Prompt = "password: "
	m.password.EchoMode = textinput.EchoPassword

	if len(cfg.Keys) > 0 {
		m.keyset = cfg.Keys
		m.keyLabel = describeKeys(cfg.Keys)
	}
	if cfg.Server != "" {
		m.live = &liveState{server: cfg.Server}
		m.client, m.serverErr = newClient(cfg.Server)
		m.mode = modeLogin
		m.panel = panelLive
		m.user.Focus()
	}
	if cfg.Token != "" && cfg.Server == "" {
		m.paste.SetValue(cfg.Token)
		m = m.setToken(cfg.Token)
	}
	return m.layout()
}

// Init starts the clock.
func (m Model) Init() tea.Cmd {
	return tea.Batch(m.tick(), textarea.Blink)
}

// bubbletea's init has run by now (this package imports it), with TERM
// held at "dumb" so that it did not query the terminal; see quietinit.
func init() { quietinit.Restore() }

// Run starts the inspector and returns when the user quits or ctx ends;
// the terminal is restored either way.
func Run(ctx context.Context, cfg Config) error {
	if cfg.NoColor {
		lipgloss.SetColorProfile(termenv.Ascii)
	} else if f, ok := cfg.Out.(*os.File); ok {
		// The adaptive colours need the background; ask now, the one time
		// it matters and before the program takes over the terminal's
		// input, where the answer would be read as keys.
		lipgloss.SetHasDarkBackground(termenv.NewOutput(f).HasDarkBackground())
	}
	// Mouse reporting makes the wheel scroll the body; most terminals still
	// select text with shift held.
	opts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx), tea.WithOutput(cfg.Out)}
	if cfg.InputTTY {
		opts = append(opts, tea.WithInputTTY())
	} else if cfg.In != nil {
		opts = append(opts, tea.WithInput(cfg.In))
	}
	m := New(cfg)
	m.ctx = ctx
	_, err := tea.NewProgram(m, opts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted: a clean exit, not a failure
	}
	return err
}

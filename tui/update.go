package tui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"jwtlab/internal/jose"
)

// Messages the inspector receives besides keys and resizes.
type (
	// tickMsg carries the clock once a second, so countdowns move.
	tickMsg time.Time
	// keysMsg carries the outcome of loading a key the user typed.
	keysMsg struct {
		keys  []*jose.Key
		label string
		err   error
		quiet bool // a failure is no news (live mode probing for a JWKS)
	}
	// liveMsg carries a server's answer in live mode.
	liveMsg struct {
		op   string // login, refresh, blacklist, verify, me
		ans  answer
		err  error
		user string // login: who logged in
	}
)

func (m Model) tick() tea.Cmd {
	now := m.cfg.Now
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg(now()) })
}

// Update applies one message to the model, then lays the body out again.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	return next.layout(), cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 1), max(msg.Height, 1)
		m.help.Width = m.width
		m.paste.SetWidth(max(m.width-2, 10)) // 2: the textarea's prompt column
		m.keyInput.Width = max(m.width-len(m.keyInput.Prompt)-1, 10)
		m.editInput.Width = max(m.width/2, 10) // the prompt is a claim name of any length
		return m, nil
	case tickMsg:
		m.now = time.Time(msg)
		return m.recheck(), m.tick()
	case keysMsg:
		if msg.err != nil && msg.quiet {
			return m, nil
		}
		if msg.err != nil {
			// The key typed was meant to replace the one in use: keeping
			// that one would show its verdict, and let S sign with it,
			// under a key the user thinks is gone. None is in use now.
			m.keyset, m.keyLabel, m.keyErr = nil, "", msg.err
			m.status = "key not loaded, so none is in use: " + msg.err.Error()
			m.panel, m.follow = panelSignature, followPanel
			return m.recheck(), nil
		}
		m.keyset, m.keyLabel, m.keyErr = msg.keys, msg.label, nil
		m.status = "key: " + msg.label
		if !msg.quiet {
			m.panel, m.follow = panelSignature, followPanel // show the verdict on the key just given
		}
		return m.recheck(), nil
	case liveMsg:
		return m.onLive(msg)
	case tea.MouseMsg:
		m.body, _ = m.body.Update(msg) // the wheel scrolls the body
		return m, nil
	case tea.KeyMsg:
		if runes := msg.Runes; msg.Type == tea.KeyRunes && !msg.Paste && len(runes) > 1 && m.mode == modeInspect {
			// bubbletea delivers a burst of typed letters (fast typing, a
			// held key, SSH) as one event, "jj"; bindings match one key, so
			// split it and apply each in turn.
			var cmds []tea.Cmd
			for _, r := range runes {
				var cmd tea.Cmd
				m, cmd = m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
				cmds = append(cmds, cmd)
			}
			return m, tea.Batch(cmds...)
		}
		return m.onKey(msg)
	}
	return m.forward(msg)
}

// forward hands a message to whichever text field has focus.
func (m Model) forward(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.mode {
	case modePaste:
		m.paste, cmd = m.paste.Update(msg)
	case modeKey:
		m.keyInput, cmd = m.keyInput.Update(msg)
	case modeEdit:
		m.editInput, cmd = m.editInput.Update(msg)
	case modeLogin:
		if m.user.Focused() {
			m.user, cmd = m.user.Update(msg)
		} else {
			m.password, cmd = m.password.Update(msg)
		}
	}
	return m, cmd
}

func (m Model) onKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.Type == tea.KeyCtrlC {
		return m, tea.Quit
	}
	switch m.mode {
	case modePaste:
		return m.onPasteKey(msg)
	case modeKey:
		switch msg.Type {
		case tea.KeyEnter:
			m.mode = modeInspect
			m.keyInput.Blur()
			in := strings.TrimSpace(m.keyInput.Value())
			if in == "" {
				return m, nil
			}
			m.status = "loading key..."
			return m, loadKey(m.ctx, in)
		case tea.KeyEsc:
			m.mode = modeInspect
			m.keyInput.Blur()
			return m, nil
		}
		m, cmd := m.forward(msg)
		// Shown exactly when loadKey would not use it as a secret: a path
		// or a URL, which the user needs to see to get right. "https:/"
		// is still masked, as it may yet be a secret's start; a secret
		// that starts with "https://" would be fetched as a URL anyway.
		v := strings.TrimSpace(m.keyInput.Value())
		m.keyInput.EchoMode = textinput.EchoPassword
		if looksLikePath(v) || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			m.keyInput.EchoMode = textinput.EchoNormal
		}
		return m, cmd
	case modeLogin:
		return m.onLoginKey(msg)
	case modeEdit:
		return m.onEditKey(msg)
	}
	return m.onInspectKey(msg)
}

func (m Model) onPasteKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.Paste {
		// A paste replaces the box: appending to the last undecodable
		// text would only make it worse. It is decoded at once, the way
		// web debuggers decode as you paste; typing waits for enter.
		m.paste.SetValue(string(msg.Runes))
		return m.setToken(unwrap(string(msg.Runes))), nil
	}
	switch msg.Type {
	case tea.KeyEnter:
		return m.setToken(unwrap(m.paste.Value())), nil
	case tea.KeyEsc:
		if m.tok != nil {
			m.mode = modeInspect
			m.paste.Blur()
		}
		return m, nil
	}
	return m.forward(msg)
}

// unwrap undoes what copying from a terminal or an e-mail does to a long
// token: line breaks and indentation inside it. No token character is
// white space, so removing it cannot change a valid token.
func unwrap(pasted string) string {
	return strings.Join(strings.Fields(jose.Clean(pasted)), "")
}

func (m Model) onLoginKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyTab, tea.KeyShiftTab, tea.KeyUp, tea.KeyDown:
		m = m.toggleLoginFocus()
		return m, nil
	case tea.KeyEsc:
		if m.tok != nil {
			m.mode = modeInspect
		}
		return m, nil
	case tea.KeyEnter:
		if m.user.Focused() {
			return m.toggleLoginFocus(), nil
		}
		if m.client == nil {
			return m, nil
		}
		live := *m.live
		live.busy = "login" // the session is renamed only when the login succeeds
		m.live = &live
		c, ctx, u, p := m.client, m.ctx, m.user.Value(), m.password.Value()
		return m, func() tea.Msg {
			a, err := c.obtain(ctx, u, p)
			return liveMsg{op: "login", ans: a, err: err, user: u}
		}
	}
	return m.forward(msg)
}

func (m Model) toggleLoginFocus() Model {
	if m.user.Focused() {
		m.user.Blur()
		m.password.Focus()
	} else {
		m.password.Blur()
		m.user.Focus()
	}
	return m
}

func (m Model) onInspectKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case msg.Paste && m.live == nil:
		// Pasting over an inspected token inspects the new one.
		m.paste.SetValue(string(msg.Runes))
		return m.setToken(unwrap(string(msg.Runes))), nil
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.keys.showAll(m.help.ShowAll)
	case key.Matches(msg, k.NextPanel):
		m.panel, m.follow = m.nextPanel(1), followPanel
	case key.Matches(msg, k.PrevPanel):
		m.panel, m.follow = m.nextPanel(-1), followPanel
	case key.Matches(msg, k.Down):
		if m.tok != nil && m.claim < len(m.tok.Params)+len(m.tok.Claims)-1 {
			m.claim++
		}
		m.follow = followClaim
	case key.Matches(msg, k.Up):
		if m.claim > 0 {
			m.claim--
		}
		m.follow = followClaim
	case key.Matches(msg, k.Full):
		m.full = !m.full
		m.follow = followClaim
	case key.Matches(msg, k.Segment):
		m.segment = (m.segment + 1) % 3
		m.panel, m.follow = panelBytes, followPanel
	case key.Matches(msg, k.PageDn):
		m.body.PageDown()
	case key.Matches(msg, k.PageUp):
		m.body.PageUp()
	case key.Matches(msg, k.Top):
		m.body.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.follow = followBottom
	case key.Matches(msg, k.Edit) && m.tok != nil:
		return m.startEdit()
	case key.Matches(msg, k.Resign) && m.tok != nil:
		m = m.resign()
		m.panel, m.follow = panelSignature, followPanel
		return m, nil
	case key.Matches(msg, k.Open) && m.tok != nil:
		inner, ok := m.tok.Nested()
		if !ok {
			m.status = m.whyNotNested()
			return m, nil
		}
		outer := append(append([]string(nil), m.outer...), m.tok.Raw)
		m = m.setToken(inner)
		m.outer = outer
		m.status = fmt.Sprintf("nested token opened (level %d) · esc: back to the outer one", len(outer))
	case key.Matches(msg, k.Back) && len(m.outer) > 0:
		outer := m.outer
		m = m.setToken(outer[len(outer)-1])
		m.outer = outer[:len(outer)-1]
		m.status = "back to the outer token"
	case key.Matches(msg, k.Copy) && m.tok != nil:
		m.status = "token copied with OSC 52 (if the terminal allows it; tmux: set-clipboard on)"
		return m, copyCmd(m.cfg.Out, m.tok.Raw)
	case key.Matches(msg, k.EnterKey):
		m.mode, m.status = modeKey, "" // a new screen: the last status is stale
		m.keyInput.SetValue("")
		return m, m.keyInput.Focus()
	case key.Matches(msg, k.Login) && m.live != nil:
		m.mode, m.status = modeLogin, "" // a new screen: the last status is stale
		m.password.Blur()
		return m, m.user.Focus()
	case key.Matches(msg, k.Paste) && m.live == nil: // live mode follows the server's tokens
		m.mode, m.status = modePaste, "" // a new screen: the last status is stale
		m.paste.SetValue("")
		return m, m.paste.Focus()
	case m.live != nil:
		return m.liveKey(msg)
	}
	return m, nil
}

// whyNotNested says why o opens nothing.
func (m Model) whyNotNested() string {
	cty := strings.TrimPrefix(strings.ToLower(m.tok.HeaderString("cty")), "application/")
	switch {
	case cty == "jwt" && m.tok.JWE != nil:
		return `the nested token is encrypted: this JWE's plaintext (cty "JWT") opens only with the recipient's key, and jwtlab does not decrypt`
	case cty == "jwt":
		return `the header says cty "JWT", but the payload does not decode as a token`
	}
	return `no nested token here: a payload opens as a token when the header says cty "JWT"`
}

func (m Model) nextPanel(step int) panel {
	n := panel(len(panelNames))
	if m.live == nil {
		n-- // the Live panel exists only in live mode
	}
	return (m.panel + panel(step) + n) % n
}

// liveKey turns r, b, v and m into requests to the server.
func (m Model) liveKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.live.busy != "" || m.live.access == "" {
		return m, nil
	}
	c, ctx, l := m.client, m.ctx, m.live
	var op string
	var call func() (answer, error)
	switch {
	case key.Matches(msg, m.keys.Refresh):
		op, call = "refresh", func() (answer, error) { return c.refresh(ctx, l.refresh) }
	case key.Matches(msg, m.keys.Blacklist):
		op, call = "blacklist", func() (answer, error) { return c.blacklist(ctx, l.refresh) }
	case key.Matches(msg, m.keys.Verify):
		op, call = "verify", func() (answer, error) { return c.verify(ctx, l.access) }
	case key.Matches(msg, m.keys.Me):
		// The token on screen goes to /api/me/: after t that is the
		// refresh token, and the server's answer shows whether it lets a
		// refresh token act as an access token.
		op = "me"
		bearer := l.access
		if m.tok != nil && m.tok.Raw == l.refresh {
			op, bearer = meRefresh, l.refresh
			m.usedAsAccess = true
			m = m.recheck()
		}
		call = func() (answer, error) { return c.me(ctx, bearer) }
	case key.Matches(msg, m.keys.Switch):
		next := l.refresh
		if m.tok != nil && m.tok.Raw == l.refresh {
			next = l.access
		}
		return m.setToken(next), nil
	default:
		return m, nil
	}
	live := *m.live
	live.busy = op
	m.live = &live
	return m, func() tea.Msg {
		a, err := call()
		return liveMsg{op: op, ans: a, err: err}
	}
}

// meRefresh is the live log's name for /api/me/ called with the refresh
// token (m while the refresh token is shown).
const meRefresh = "me with the refresh token"

// onLive records a server answer and follows the tokens it carries.
func (m Model) onLive(msg liveMsg) (Model, tea.Cmd) {
	live := *m.live
	live.log = append([]logLine(nil), live.log...)
	m.live = &live
	live.busy = ""
	say := func(bad bool, format string, args ...any) {
		live.log = append(live.log, logLine{at: m.now, text: fmt.Sprintf(format, args...), bad: bad})
		if len(live.log) > maxLog {
			live.log = live.log[len(live.log)-maxLog:]
		}
		m.status = live.log[len(live.log)-1].text
	}
	if msg.op != "login" && m.panel == panelLive {
		// An answer adds a line to the end of the Live panel's log, the
		// body's last line: scroll down to it, as in an 80x24 window it
		// sits below the token. A login keeps the new token's claims on
		// top.
		m.follow = followBottom
	}
	if msg.err != nil {
		say(true, "%s: %v", msg.op, msg.err)
		return m, nil
	}
	a := msg.ans
	if !a.ok() {
		say(true, "%s: %s", msg.op, a.summary())
		return m, nil
	}
	switch msg.op {
	case "login":
		live.username = msg.user
		live.access, live.refresh = a.str("access"), a.str("refresh")
		say(false, "login: 200, access %s + refresh %s", jti(live.access), jti(live.refresh))
		m.user.Blur()
		m.password.Blur()
		m.password.SetValue("")
		// A server signing with a public key publishes it: fetch it so the
		// Signature panel verifies locally too. An HMAC server has none.
		probe := loadKey(m.ctx, m.client.base.JoinPath("/.well-known/jwks.json").String())
		m = m.setToken(live.access)
		m.status = live.log[len(live.log)-1].text // setToken cleared it
		return m, func() tea.Msg {
			msg := probe().(keysMsg)
			msg.quiet = true
			return msg
		}
	case "refresh":
		live.access = a.str("access")
		if r := a.str("refresh"); r != "" {
			say(false, "refresh: 200, new access %s; refresh rotated %s → %s", jti(live.access), jti(live.refresh), jti(r))
			live.refresh = r
		} else {
			say(false, "refresh: 200, new access %s; refresh %s unchanged (rotation off)", jti(live.access), jti(live.refresh))
		}
		m = m.setToken(live.access)
		m.status = live.log[len(live.log)-1].text // setToken cleared it
		return m, nil
	case "blacklist":
		say(false, "blacklist: 200, refresh %s is blacklisted; r will now fail", jti(live.refresh))
	case "verify":
		say(false, "verify: 200 %s, the server accepts access %s", a.Body, jti(live.access))
	case "me":
		say(false, "me: 200 %s", a.Body)
	case meRefresh:
		say(true, "%s: 200 %s: this server takes a refresh token as an access token (refresh-as-access)", meRefresh, a.Body)
	}
	return m, nil
}

// jti names a token in the log by the end of its jti. The start of
// jwtlab's jti (a version 7 UUID, jose.NewJTI) is the issue time, the
// same for an access and a refresh token minted together; the end is
// random there as in simplejwt's version 4.
func jti(token string) string {
	t, err := jose.Parse(token)
	if err != nil {
		return "(undecodable)"
	}
	// Escaped on one line, as a server chose it; cut by characters, not
	// bytes.
	id := []rune(nameText(t.StringClaim("jti")))
	if len(id) == 0 {
		return "no jti"
	}
	const shown = 8 // 32 random bits: enough to tell tokens apart on screen
	if len(id) > shown {
		return "jti …" + string(id[len(id)-shown:])
	}
	return "jti " + string(id)
}

// setToken decodes s and shows it, or keeps the paste box with the error.
func (m Model) setToken(s string) Model {
	tok, err := jose.Decode(jose.Clean(s))
	if err != nil {
		m.parseErr = err
		m.mode = modePaste
		return m
	}
	m.usedAsAccess = false
	m.status = "" // it was about the token replaced; callers say what is new
	m = m.showToken(tok)
	m.outer = nil // a new token; o and esc set it when they open one
	// The first claim, below the header; the last header parameter when
	// there is no claim (a payload of {}, text or a nested token).
	m.claim = max(min(len(tok.Params), len(tok.Params)+len(tok.Claims)-1), 0)
	m.body.GotoTop()
	return m
}

// showToken puts tok on screen in place of the token shown, keeping the
// selection and scroll (an edit changes one value, not what is looked at).
func (m Model) showToken(tok *jose.Token) Model {
	m.tok, m.parseErr = tok, nil
	m.mode = modeInspect
	m.paste.Blur()
	return m.recheck()
}

// recheck recomputes what depends on the token, the key and the clock.
func (m Model) recheck() Model {
	if m.tok == nil {
		return m
	}
	m.warnings = jose.Check(m.tok, m.now, m.keyset...)
	if m.cfg.AsAccess || m.usedAsAccess {
		m.warnings = append(m.warnings, jose.CheckAsAccess(m.tok)...)
	}
	m.verified, m.verifyErr = nil, nil
	if len(m.keyset) > 0 {
		m.verified, m.verifyErr = jose.Verify(m.tok, m.keyset, m.cfg.Alg)
	}
	return m
}

// copyCmd puts s on the clipboard with an OSC 52 escape sequence, which
// terminals (and tmux, when allowed) honour even over SSH, where no
// clipboard program could reach the user's machine.
func copyCmd(out io.Writer, s string) tea.Cmd {
	if out == nil {
		out = os.Stdout
	}
	return func() tea.Msg {
		termenv.NewOutput(out).Copy(s)
		return nil
	}
}

// loadKey interprets what the user typed: a loopback JWKS URL, a key
// file (PEM, JWK or JWK Set) when it looks like a path, or else an HMAC
// secret.
func loadKey(ctx context.Context, in string) tea.Cmd {
	return func() tea.Msg {
		if strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://") {
			keys, err := jose.FetchJWKS(ctx, in)
			return keysMsg{keys: keys, label: describeKeys(keys) + " from " + in, err: err}
		}
		if looksLikePath(in) {
			path := expandHome(in)
			data, err := os.ReadFile(path)
			if err != nil {
				// A mistyped path must not quietly become an HMAC secret.
				return keysMsg{err: err}
			}
			keys, err := jose.ParseKeyFile(data)
			return keysMsg{keys: keys, label: describeKeys(keys) + " from " + in, err: err}
		}
		keys := []*jose.Key{jose.Secret(in)}
		return keysMsg{keys: keys, label: describeKeys(keys)}
	}
}

// looksLikePath tells a file from a secret: a path starts with /, ~, ./
// or ../, or names a file that exists. Secrets rarely start so, and one
// that does can be given with -secret on the command line.
func looksLikePath(in string) bool {
	for _, p := range []string{"/", "~", "./", "../"} {
		if strings.HasPrefix(in, p) {
			return true
		}
	}
	_, err := os.Stat(in)
	return err == nil
}

// expandHome expands a leading ~/ the way a shell would have.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}

func describeKeys(keys []*jose.Key) string {
	switch len(keys) {
	case 0:
		return "no key"
	case 1:
		if keys[0].Kid != "" {
			return fmt.Sprintf("%s (kid %s)", keys[0].Kind(), quoteJSON(keys[0].Kid))
		}
		return keys[0].Kind()
	}
	return fmt.Sprintf("JWK Set of %d keys", len(keys))
}

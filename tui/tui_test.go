package tui

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"jwtlab/internal/jose"
	"jwtlab/internal/jose/josetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestMain(m *testing.M) {
	// Golden screens are plain text: no colour, whatever the terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	// and in UTC, whatever the machine's zone: a test that wants local
	// times sets Config.Location.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// issued is when the recorded simplejwt tokens were minted (their iat).
var issued = josetest.Issued

func fixedClock(at time.Time) func() time.Time { return func() time.Time { return at } }

// send applies msg and returns the new model and its command.
func send(t *testing.T, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

// runCmd executes a command the test knows returns at once (a key load or
// a server request, never a tick) and feeds its message back.
func runCmd(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		t.Fatal("expected a command, got nil")
	}
	m, _ = send(t, m, cmd())
	return m
}

func keyRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func sized(t *testing.T, m Model, w, h int) Model {
	t.Helper()
	m, _ = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func TestPasteShowsDecodedClaims(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	m := sized(t, New(Config{Now: fixedClock(issued)}), 100, 40)
	if m.mode != modePaste {
		t.Fatalf("mode = %v; want the paste box first", m.mode)
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Bearer " + token + "\n"), Paste: true})
	if m.mode != modeInspect || m.tok == nil {
		t.Fatalf("after paste: mode %v, token %v, error %v; want the token inspected", m.mode, m.tok, m.parseErr)
	}
	view := m.View()
	for _, want := range []string{`"token_type": "access"`, `"user_id": 1`, `"alg": "HS256"`, "expires in 5m0s"} {
		if !strings.Contains(view, want) {
			t.Errorf("View() lacks %q:\n%s", want, view)
		}
	}
}

func TestPasteOfAWrappedToken(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	wrapped := token[:60] + "\n  " + token[60:120] + "\r\n" + token[120:]
	m := sized(t, New(Config{Now: fixedClock(issued)}), 100, 40)
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(wrapped), Paste: true})
	if m.tok == nil || m.tok.Raw != token {
		t.Errorf("a token wrapped over lines should decode as the token; got %v, %v", m.tok, m.parseErr)
	}
}

func TestPasteOverAnInspectedToken(t *testing.T) {
	access, _ := josetest.Token("ACCESS")
	refresh, _ := josetest.Token("REFRESH")
	m := sized(t, New(Config{Token: access, Now: fixedClock(issued)}), 100, 40)
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(refresh), Paste: true})
	if m.tok == nil || m.tok.StringClaim("token_type") != "refresh" {
		t.Errorf("a paste while inspecting should inspect the pasted token; got %v", m.tok)
	}
}

func TestPasteOfGarbageExplains(t *testing.T) {
	m := sized(t, New(Config{Now: fixedClock(issued)}), 100, 40)
	m, _ = send(t, m, keyRunes("not.a-token"))
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	if m.mode != modePaste || !strings.Contains(m.View(), "cannot decode") {
		t.Errorf("after enter on garbage: mode %v, view:\n%s\nwant the paste box with the reason", m.mode, m.View())
	}
}

// giveKey types a key into the key prompt and loads it.
func giveKey(t *testing.T, m Model, key string) Model {
	t.Helper()
	m, _ = send(t, m, keyRunes("e"))
	if m.mode != modeKey {
		t.Fatalf("after e: mode %v; want the key prompt", m.mode)
	}
	m, _ = send(t, m, keyRunes(key))
	m, cmd := send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	return runCmd(t, m, cmd)
}

func TestSignatureStatus(t *testing.T) {
	token, secret := josetest.Token("ACCESS")
	for _, tc := range []struct {
		name, key, want string
	}{
		{"the right secret verifies", secret, "signature valid: HS256, pinned HS256"},
		{"a wrong secret is an invalid signature", "not-the-demo-key", "invalid signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 100, 40)
			if !strings.Contains(m.View(), "not verified") {
				t.Errorf("before a key, View() lacks %q", "not verified")
			}
			m = giveKey(t, m, tc.key)
			if !strings.Contains(m.View(), tc.want) {
				t.Errorf("View() lacks %q:\n%s", tc.want, m.View())
			}
		})
	}
}

func TestKeyFileOfWrongTypeIsExplained(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	// An RSA public key given for an HS256 token: the confusion attack.
	jwk := `{"kty":"RSA","e":"AQAB","n":"orRRoH0KpfluRVZxUTVQUUqKW0YuvvcXCU-h_ugiJOY3-XRtP3yv0xh42AMltu9aFwD2WQO0aUKeidbqyIRQl7WrOTGJ25JRLtincRoSU_rNIPecFegkfz0-QuRuSMmOJUov6XZTE6A-_48X4aApOXofomqNzib0kO2BKZYV2YFMItphBCjgnH2WWFlCZvXAIdD87KCNlFoSvoLeTR7Oa0wDFFtdNJXU7VQR64eNrwX9evw-Ca2g8RJkIvWQl1oZaYFvSGmLy7obTZyuedRg2Pn4Xnl1AF2bwixOWsD3waRdElaaYoB9O5oC5aUw53MGb0U9H1tMLpz3ggKD90K51Q"}`
	path := filepath.Join(t.TempDir(), "rsa.jwk")
	if err := os.WriteFile(path, []byte(jwk), 0o600); err != nil {
		t.Fatal(err)
	}
	m := sized(t, New(Config{Token: token, Alg: "HS256", Now: fixedClock(issued)}), 100, 40)
	m = giveKey(t, m, path)
	view := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	if !strings.Contains(view, "algorithm- confusion attack") && !strings.Contains(view, "algorithm-confusion attack") {
		t.Errorf("View() does not explain the RSA key for an HS256 token:\n%s", view)
	}
}

func TestTickMovesCountdown(t *testing.T) {
	token, _ := josetest.Token("ACCESS") // exp = issued + 5m
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 100, 40)
	if v := m.View(); !strings.Contains(v, "expires in 5m0s") {
		t.Fatalf("View() lacks %q:\n%s", "expires in 5m0s", v)
	}
	m, cmd := send(t, m, tickMsg(issued.Add(48*time.Second)))
	if cmd == nil {
		t.Error("a tick must schedule the next tick")
	}
	if v := m.View(); !strings.Contains(v, "expires in 4m12s") || strings.Contains(v, "expires in 5m0s") {
		t.Errorf("after 48s View() should say expires in 4m12s:\n%s", v)
	}
	m, _ = send(t, m, tickMsg(issued.Add(3*time.Hour+5*time.Minute)))
	if v := m.View(); !strings.Contains(v, "expired 3h ago") || !jose.HasCode(m.warnings, jose.WarnExpired) {
		t.Errorf("3h after exp View() should say expired 3h ago and warn:\n%s", v)
	}
}

func TestClaimSelectionExplains(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 100, 40)
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyDown}) // token_type -> exp
	if v := m.View(); !strings.Contains(v, "exp: Expiration Time · RFC 7519 §4.1.4") {
		t.Errorf("selecting exp should explain it:\n%s", v)
	}
	for range 10 { // past the end stays on the last claim
		m, _ = send(t, m, keyRunes("j"))
	}
	if v := m.View(); !strings.Contains(v, "user_id: User ID (simplejwt)") {
		t.Errorf("selecting user_id should explain it:\n%s", v)
	}
	for range 20 { // up past the payload into the header, and stop at alg
		m, _ = send(t, m, keyRunes("k"))
	}
	if v := m.View(); !strings.Contains(v, "alg: Algorithm · RFC 7515 §4.1.1") || !strings.Contains(v, `▸ "alg": "HS256"`) {
		t.Errorf("selecting alg should highlight and explain it:\n%s", v)
	}
}

func TestResizeNeverOverflows(t *testing.T) {
	token, _ := josetest.Token("REFRESH")
	base := New(Config{Token: token, Now: fixedClock(issued)})
	for _, size := range [][2]int{{1, 1}, {5, 3}, {20, 6}, {40, 12}, {79, 24}, {80, 24}, {200, 60}, {0, 0}} {
		for p := range panelLive {
			m := base
			m.panel = p
			m = sized(t, m, size[0], size[1])
			view := m.View()
			lines := strings.Split(view, "\n")
			if len(lines) > max(size[1], 1) {
				t.Errorf("%dx%d panel %d: %d lines", size[0], size[1], p, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > max(size[0], 1) {
					t.Errorf("%dx%d panel %d: line %q is %d wide", size[0], size[1], p, l, w)
				}
			}
		}
	}
}

func TestShortWindowKeepsThePanel(t *testing.T) {
	token, secret := josetest.Token("ACCESS")
	// 19 lines: token_type's note takes 6 of them at 60 columns, its
	// reference on a line of its own, and the Signature panel 9.
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 60, 19)
	m = giveKey(t, m, secret)
	if v := m.View(); !strings.Contains(v, "status  signature valid") || !strings.Contains(v, "jwtlab inspect") {
		t.Errorf("a 60x19 window should still show the title and the signature status:\n%s", v)
	}
}

func TestPageKeysScrollTheBody(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	m, _ = send(t, m, keyRunes("s")) // the payload's bytes: 110 bytes, 10 rows, below the fold
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyHome})
	if v := m.View(); strings.Contains(v, `"user_id":`) && strings.Contains(v, "printable") {
		t.Fatalf("test premise: the last byte row should be off the first screen:\n%s", v)
	}
	for range 5 {
		m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyPgDown})
	}
	if v := m.View(); !strings.Contains(v, `"user_id":`) || !strings.Contains(v, "q quit") {
		t.Errorf("after five pages down the byte row with user_id and the help should show:\n%s", v)
	}
	bottom := m.body.YOffset
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyPgUp})
	if m.body.YOffset >= bottom {
		t.Errorf("page up left the body at line %d; want above %d", m.body.YOffset, bottom)
	}
	m, _ = send(t, m, keyRunes("G"))
	if m.body.YOffset != bottom || !m.body.AtBottom() {
		t.Errorf("G: body at line %d; want the bottom, %d", m.body.YOffset, bottom)
	}
	m, _ = send(t, m, keyRunes("g"))
	if m.body.YOffset != 0 {
		t.Errorf("g: body at line %d; want 0", m.body.YOffset)
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnd})
	m, _ = send(t, m, tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	if m.body.YOffset != bottom-m.body.MouseWheelDelta {
		t.Errorf("End then wheel up: body at line %d; want %d", m.body.YOffset, bottom-m.body.MouseWheelDelta)
	}
}

func TestQuit(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	m := New(Config{Token: token, Now: fixedClock(issued)})
	_, cmd := send(t, m, keyRunes("q"))
	if cmd == nil || fmt.Sprint(cmd()) != fmt.Sprint(tea.Quit()) {
		t.Errorf("q should quit")
	}
}

func TestGoldenScreens(t *testing.T) {
	access, secret := josetest.Token("ACCESS")
	refresh, _ := josetest.Token("REFRESH")
	at := issued.Add(48 * time.Second)
	for _, tc := range []struct {
		name  string
		build func(t *testing.T) Model
	}{
		{"paste", func(t *testing.T) Model { return New(Config{Now: fixedClock(at)}) }},
		{"signature-verified", func(t *testing.T) Model {
			m := New(Config{Token: access, Now: fixedClock(at)})
			m = sized(t, m, 100, 40)
			return giveKey(t, m, secret)
		}},
		{"bytes-payload", func(t *testing.T) Model {
			m := New(Config{Token: access, Now: fixedClock(at)})
			m, _ = send(t, m, keyRunes("s")) // header -> payload
			return m
		}},
		{"warnings-refresh", func(t *testing.T) Model {
			m := New(Config{Token: refresh, Now: fixedClock(at)})
			m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
			m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
			return m
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			compareGolden(t, tc.name, sized(t, tc.build(t), 100, 40).View())
		})
	}
}

// compareGolden checks a screen against testdata/name.golden; -update
// rewrites the file instead.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("screen %s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// fakeServer speaks the simplejwt wire format (see simplejwt behaviour
// notes): a token pair on login, a new access (and, with rotation, a new
// refresh) on refresh, blacklisting, verify and /api/me/.
type fakeServer struct {
	mu          sync.Mutex
	rotate      bool
	blacklisted map[string]bool
	n           int
	key         *jose.Key
	now         time.Time
}

func (f *fakeServer) mint(t *testing.T, typ string, life time.Duration) string {
	f.n++
	claims := fmt.Sprintf(`{"token_type":%q,"exp":%d,"iat":%d,"jti":"%012x7%015x%04d","user_id":1}`, typ, f.now.Add(life).Unix(), f.now.Unix(), f.now.UnixMilli(), 0, f.n)
	s, err := jose.Sign("HS256", f.key, []byte(claims))
	if err != nil {
		t.Error(err)
	}
	return s
}

func (f *fakeServer) handler(t *testing.T) http.Handler {
	write := func(w http.ResponseWriter, status int, body any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/token/", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Username, Password string }
		json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		defer f.mu.Unlock()
		if in.Username != "demo" || in.Password != "demo-password-123" {
			write(w, 401, map[string]string{"detail": "No active account found with the given credentials"})
			return
		}
		write(w, 200, map[string]string{"refresh": f.mint(t, "refresh", 24*time.Hour), "access": f.mint(t, "access", 5*time.Minute)})
	})
	mux.HandleFunc("POST /api/token/refresh/", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Refresh string }
		json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.blacklisted[in.Refresh] {
			write(w, 401, map[string]string{"detail": "Token is blacklisted", "code": "token_not_valid"})
			return
		}
		out := map[string]string{"access": f.mint(t, "access", 5*time.Minute)}
		if f.rotate {
			f.blacklisted[in.Refresh] = true
			out["refresh"] = f.mint(t, "refresh", 24*time.Hour)
		}
		write(w, 200, out)
	})
	mux.HandleFunc("POST /api/token/blacklist/", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Refresh string }
		json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		f.blacklisted[in.Refresh] = true
		f.mu.Unlock()
		write(w, 200, map[string]string{})
	})
	mux.HandleFunc("POST /api/token/verify/", func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, map[string]string{})
	})
	mux.HandleFunc("GET /api/me/", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ey") {
			write(w, 401, map[string]string{"detail": "Authentication credentials were not provided."})
			return
		}
		write(w, 200, map[string]any{"id": 1, "username": "demo"})
	})
	return mux
}

// login fills the login form and submits it.
func login(t *testing.T, m Model, user, password string) Model {
	t.Helper()
	m, _ = send(t, m, keyRunes(user))
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter}) // to the password field
	m, _ = send(t, m, keyRunes(password))
	m, cmd := send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	return runCmd(t, m, cmd)
}

// liveDrive runs the live-mode walk-through against a server at base.
func liveDrive(t *testing.T, base string, now time.Time, rotates bool) {
	t.Helper()
	m := sized(t, New(Config{Server: base, Now: fixedClock(now)}), 110, 50)
	if m.mode != modeLogin || !strings.Contains(m.View(), "username:") {
		t.Fatalf("live mode should open on the login form:\n%s", m.View())
	}
	m = login(t, m, "demo", "wrong")
	if m.mode != modeLogin || !strings.Contains(m.View(), "No active account found with the given credentials") {
		t.Fatalf("a wrong password should stay on the form with the server's message:\n%s", m.View())
	}
	if m.live.username != "" {
		t.Errorf("a failed login renamed the session to %q", m.live.username)
	}
	// Clear the password field and try again with the right one.
	for range len("wrong") {
		m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	m, cmd := send(t, m, keyRunes("demo-password-123"))
	_ = cmd
	m, cmd = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	m, cmd = send(t, m, cmd())
	// The login also probes the server's JWKS; an HMAC server has no
	// usable one, and that is no news.
	m = runCmd(t, m, cmd)
	if m.keyErr != nil || m.status != "" && !strings.HasPrefix(m.status, "login: 200") {
		t.Errorf("a server without a JWKS should not report a key error: %v, %q", m.keyErr, m.status)
	}
	if m.mode != modeInspect || m.live.access == "" || m.tok == nil || m.tok.StringClaim("token_type") != "access" {
		t.Fatalf("after login: mode %v, view:\n%s", m.mode, m.View())
	}
	// The log names each token by a piece of its jti; minted together,
	// the two must still read differently.
	if a, r := jti(m.live.access), jti(m.live.refresh); a == r {
		t.Errorf("the log names the access and the refresh token alike, %q", a)
	}
	if v := m.View(); !strings.Contains(v, "expires in 5m0s") || !strings.Contains(v, "[Live]") {
		t.Errorf("after login the Live panel should show the access countdown:\n%s", v)
	}
	m, _ = send(t, m, tickMsg(now.Add(30*time.Second)))
	if v := m.View(); !strings.Contains(v, "expires in 4m30s") {
		t.Errorf("after 30s the countdown should read 4m30s:\n%s", v)
	}

	m, _ = send(t, m, keyRunes("t"))
	if m.tok == nil || m.tok.StringClaim("token_type") != "refresh" {
		t.Errorf("t should inspect the refresh token; got %v", m.tok)
	}
	m, _ = send(t, m, keyRunes("t"))
	if m.tok == nil || m.tok.StringClaim("token_type") != "access" {
		t.Errorf("t again should inspect the access token; got %v", m.tok)
	}

	oldAccess, oldRefresh := m.live.access, m.live.refresh
	m, cmd = send(t, m, keyRunes("r"))
	m = runCmd(t, m, cmd)
	if m.live.access == oldAccess {
		t.Errorf("r should fetch a new access token")
	}
	if rotated := m.live.refresh != oldRefresh; rotated != rotates {
		t.Errorf("refresh rotated = %v; want %v", rotated, rotates)
	}
	if rotates && jti(m.live.refresh) == jti(oldRefresh) {
		t.Errorf("the log names the rotated refresh token as its parent, %q", jti(oldRefresh))
	}
	if want := map[bool]string{true: "refresh rotated", false: "unchanged (rotation off)"}[rotates]; !strings.Contains(m.View(), want) {
		t.Errorf("the log should say %q:\n%s", want, m.View())
	}

	for _, step := range []struct{ key, want string }{
		{"v", "verify: 200 {}"},
		{"m", `me: 200 {"id":1,"username":"demo"}`},
		{"b", "blacklist: 200"},
		{"r", "refresh: 401 Token is blacklisted (token_not_valid)"},
	} {
		m, cmd = send(t, m, keyRunes(step.key))
		m = runCmd(t, m, cmd)
		if !strings.Contains(m.View(), step.want) {
			t.Errorf("after %s the view should show %q:\n%s", step.key, step.want, m.View())
		}
	}

	// l goes back to the form; a new login brings a new pair.
	m, _ = send(t, m, keyRunes("l"))
	if m.mode != modeLogin {
		t.Fatalf("after l: mode %v; want the login form", m.mode)
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
	m, _ = send(t, m, keyRunes("demo-password-123"))
	m, cmd = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	m = runCmd(t, m, cmd)
	if m.mode != modeInspect || m.live.refresh == oldRefresh {
		t.Errorf("a second login should bring a new pair: mode %v\n%s", m.mode, m.View())
	}
}

func TestLiveModeAgainstWireCompatibleServer(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	for _, rotate := range []bool{false, true} {
		t.Run(fmt.Sprintf("rotation %v", rotate), func(t *testing.T) {
			f := &fakeServer{rotate: rotate, blacklisted: map[string]bool{}, key: jose.Secret("test-signing-key-of-thirty-two-bytes!"), now: now}
			srv := httptest.NewServer(f.handler(t))
			defer srv.Close()
			liveDrive(t, srv.URL, now, rotate)
		})
	}
}

func TestGoldenLiveScreen(t *testing.T) {
	f := &fakeServer{rotate: true, blacklisted: map[string]bool{}, key: jose.Secret("test-signing-key-of-thirty-two-bytes!"), now: issued}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	m := sized(t, New(Config{Server: srv.URL, Now: fixedClock(issued.Add(20 * time.Second))}), 100, 45)
	m = login(t, m, "demo", "demo-password-123")
	for _, k := range []string{"r", "v", "m"} {
		var cmd tea.Cmd
		m, cmd = send(t, m, keyRunes(k))
		m = runCmd(t, m, cmd)
	}
	// The server's port changes from run to run.
	got := strings.ReplaceAll(m.View(), srv.URL, "http://127.0.0.1:PORT")
	compareGolden(t, "live", got)
}

// TestLiveLogIn80x24: in an 80x24 window the Live panel sits below the
// token; each answer scrolls down to its log line, while a login keeps
// the claims on top.
func TestLiveLogIn80x24(t *testing.T) {
	f := &fakeServer{rotate: true, blacklisted: map[string]bool{}, key: jose.Secret("test-signing-key-of-thirty-two-bytes!"), now: issued}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	at := issued.Add(20 * time.Second)
	m := sized(t, New(Config{Server: srv.URL, Now: fixedClock(at)}), 80, 24)
	m = login(t, m, "demo", "demo-password-123")
	if v := m.View(); !strings.Contains(v, `"token_type": "access"`) {
		t.Errorf("after login the claims should be on top:\n%s", v)
	}
	for _, k := range []string{"r", "m"} {
		var cmd tea.Cmd
		m, cmd = send(t, m, keyRunes(k))
		m = runCmd(t, m, cmd)
	}
	v := m.View()
	for _, want := range []string{"refresh jti …", at.UTC().Format(time.TimeOnly) + " refresh: 200", at.UTC().Format(time.TimeOnly) + " me: 200"} {
		if !strings.Contains(v, want) {
			t.Errorf("the 80x24 screen lacks the Live panel's %q:\n%s", want, v)
		}
	}
}

func TestLiveModeRefusesRemoteServer(t *testing.T) {
	m := New(Config{Server: "http://example.com:8000"})
	if !strings.Contains(m.View(), "not localhost") {
		t.Errorf("a non-loopback server should be refused on screen:\n%s", m.View())
	}
}

func TestTokenInThreeColours(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	token, _ := josetest.Token("ACCESS")
	m := New(Config{Token: token, Now: fixedClock(issued)})
	m.width = 1000 // one line
	lines := m.colouredToken()
	if len(lines) != 1 || ansi.Strip(lines[0]) != token {
		t.Fatalf("colouredToken() = %q; want the token on one line", lines)
	}
	segs := strings.Split(token, ".")
	for i, s := range []lipgloss.Style{m.styles.Header, m.styles.Payload, m.styles.Signature} {
		if !strings.Contains(lines[0], s.Render(segs[i])) {
			t.Errorf("segment %d (%.10s…) is not drawn in its colour: %q", i, segs[i], lines[0])
		}
	}
	if m.styles.Header.Render("x") == m.styles.Payload.Render("x") || m.styles.Payload.Render("x") == m.styles.Signature.Render("x") {
		t.Error("header, payload and signature colours should differ")
	}
}

// FuzzPasteAndDraw pastes anything and draws every panel at odd sizes:
// no input may panic the inspector or overflow the window.
func FuzzPasteAndDraw(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1fQ.PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q", uint8(80), uint8(24))
	f.Add("eyJhbGciOiJub25lIn0.aGVsbG8.", uint8(3), uint8(2))
	f.Add("e30.e30.", uint8(0), uint8(0))
	f.Add("eyJhbGciOiJIUzI1NiJ9.e30.c2ln", uint8(80), uint8(24)) // a header, no claims: x, enter edits alg
	f.Fuzz(func(t *testing.T, pasted string, w, h uint8) {
		m := New(Config{Now: fixedClock(issued)})
		m, _ = send(t, m, tea.WindowSizeMsg{Width: int(w), Height: int(h)})
		m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(pasted), Paste: true})
		for _, k := range []tea.Msg{nil, keyRunes("j"), keyRunes("s"), tea.KeyMsg{Type: tea.KeyTab}, tea.KeyMsg{Type: tea.KeyTab}, tea.KeyMsg{Type: tea.KeyPgDown}, keyRunes("x"), tea.KeyMsg{Type: tea.KeyEnter}} {
			if k != nil {
				m, _ = send(t, m, k)
			}
			lines := strings.Split(m.View(), "\n")
			if len(lines) > max(int(h), 1) {
				t.Fatalf("%dx%d: %d lines", w, h, len(lines))
			}
		}
	})
}

// oidcClaims is an OpenID Connect ID token's payload with 23 claims, the
// kind a Keycloak or Auth0 login hands out (OpenID Connect Core 1.0 §2
// and §5.1), one value longer than any window.
const oidcClaims = `{"iss":"https://id.example.com/realms/lab","sub":"f3a1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b","aud":"jwtlab","exp":1795903555,"iat":1795902655,` +
	`"auth_time":1795902650,"nonce":"n-0S6_WzA2Mj","acr":"1","amr":["pwd","otp"],"azp":"jwtlab","sid":"8d2c9e1f-77aa-4b3c-9f10-2e4d6a8b0c1e",` +
	`"at_hash":"MTIzNDU2Nzg5MDEyMzQ1Ng","name":"Ada Lovelace","given_name":"Ada","family_name":"Lovelace","preferred_username":"ada",` +
	`"email":"ada@example.com","email_verified":true,"locale":"en-GB","zoneinfo":"Europe/London",` +
	`"picture":"https://id.example.com/avatars/ada/4f0c2b7e9d1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c.png",` +
	`"updated_at":1795900000,"scope":"openid profile email"}`

func oidcToken(t *testing.T) string {
	t.Helper()
	s, err := jose.Sign("HS256", jose.Secret("test-signing-key-of-thirty-two-bytes!"), []byte(oidcClaims))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEveryClaimReachable(t *testing.T) {
	token := oidcToken(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), size[0], size[1])
			if n := len(m.tok.Claims); n != 23 {
				t.Fatalf("test premise: %d claims; want 23", n)
			}
			for i, c := range m.tok.Claims {
				if i > 0 {
					m, _ = send(t, m, keyRunes("j"))
				}
				v := m.View()
				if want := fmt.Sprintf("▸ %q:", c.Name); !strings.Contains(v, want) {
					t.Errorf("claim %d selected, View() lacks %q:\n%s", i, want, v)
				}
				if want := c.Name + ": "; !strings.Contains(v, want) {
					t.Errorf("claim %d selected, View() lacks its explanation %q:\n%s", i, want, v)
				}
				if lines := strings.Split(v, "\n"); len(lines) != size[1] || !strings.Contains(lines[len(lines)-1], "q quit") {
					t.Errorf("claim %d selected: %d lines, last %q; want %d ending in the help", i, len(lines), lines[len(lines)-1], size[1])
				}
			}
		})
	}
}

func TestSimplejwtFirstScreenAt80x24(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	v := m.View()
	for _, want := range []string{`"token_type": "access"`, `"exp": 1795902955`, `"iat": 1795902655`, `"jti": "32a5cc5dee4342e98133d081f3d4f694"`, `"user_id": 1`, "expires in 5m0s", "q quit"} {
		if !strings.Contains(v, want) {
			t.Errorf("the first 80x24 screen lacks %q:\n%s", want, v)
		}
	}
}

func TestMergedBottomKeyReachesTheBottom(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	// "jjG" as one burst: the selection moves to iat, whose explanation
	// adds a date line to the foot, and G must still reach the bottom.
	m, _ = send(t, m, keyRunes("jjG"))
	if v := m.View(); !m.body.AtBottom() || !strings.Contains(v, "status  not verified") {
		t.Errorf(`after "jjG" the body should show its last line:\n%s`, v)
	}
}

func TestMergedKeysAreSplit(t *testing.T) {
	token := oidcToken(t)
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	first := m.claim
	m, _ = send(t, m, keyRunes("jjj")) // one event, as bubbletea delivers a burst
	if m.claim != first+3 {
		t.Errorf(`after "jjj" claim = %d; want %d`, m.claim, first+3)
	}
	m, _ = send(t, m, keyRunes("kq"))
	if m.claim != first+2 {
		t.Errorf(`after "kq" claim = %d; want %d`, m.claim, first+2)
	}
}

func TestPasteReplacesTheBox(t *testing.T) {
	access, _ := josetest.Token("ACCESS")
	m := sized(t, New(Config{Now: fixedClock(issued)}), 80, 24)
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("garbage"), Paste: true})
	if m.tok != nil {
		t.Fatalf("garbage decoded as %v", m.tok)
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(access), Paste: true})
	if m.tok == nil || m.tok.Raw != access {
		t.Errorf("a paste after garbage should replace it and decode; box %q, error %v", m.paste.Value(), m.parseErr)
	}
}

func TestFullValueShowsTheWholeClaim(t *testing.T) {
	token := oidcToken(t)
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	for m.tok.Claims[m.claim-len(m.tok.Params)].Name != "picture" {
		m, _ = send(t, m, keyRunes("j"))
	}
	var picture string
	json.Unmarshal(m.tok.Claims[m.claim-len(m.tok.Params)].Value, &picture)
	if flat := strings.Join(strings.Fields(ansi.Strip(m.View())), ""); strings.Contains(flat, picture) {
		t.Fatalf("test premise: the picture URL should be cut at 80 columns:\n%s", m.View())
	}
	m, _ = send(t, m, keyRunes("f"))
	var joined strings.Builder
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		joined.WriteString(strings.TrimSpace(l))
	}
	if !strings.Contains(joined.String(), picture) {
		t.Errorf("after f the whole picture URL should show:\n%s", m.View())
	}
}

func TestGoldenScreensAt80x24(t *testing.T) {
	access, _ := josetest.Token("ACCESS")
	at := issued.Add(48 * time.Second)
	for _, tc := range []struct {
		name string
		keys []tea.Msg
		tok  string
	}{
		{"80x24-simplejwt", nil, access},
		{"80x24-oidc-bottom", []tea.Msg{keyRunes("G")}, ""},
		{"80x24-oidc-last-claim", []tea.Msg{keyRunes("jjjjjjjjjjjjjjjjjjjjjj")}, ""},
		{"80x24-paste", nil, "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := tc.tok
			switch tok {
			case "":
				tok = oidcToken(t)
			case "-":
				tok = ""
			}
			m := sized(t, New(Config{Token: tok, Now: fixedClock(at)}), 80, 24)
			for _, k := range tc.keys {
				m, _ = send(t, m, k)
			}
			compareGolden(t, tc.name, m.View())
		})
	}
}

func TestGrowingTheWindowAtTheBottomLeavesNoGap(t *testing.T) {
	m := sized(t, New(Config{Token: oidcToken(t), Now: fixedClock(issued)}), 80, 24)
	m, _ = send(t, m, keyRunes("G"))
	m = sized(t, m, 120, 40)
	if off, want := m.body.YOffset, m.body.TotalLineCount()-m.body.Height; off != want {
		t.Errorf("after growing to 120x40 the body starts at line %d; want %d, the last screenful", off, want)
	}
}

func TestKeyEntry(t *testing.T) {
	token, secret := josetest.Token("ACCESS")
	t.Run("a missing path is an error, not a secret", func(t *testing.T) {
		m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
		m = giveKey(t, m, "/nonexistent/key.pem")
		if m.keyErr == nil || len(m.keyset) != 0 || !strings.Contains(m.View(), "no such file") {
			t.Errorf("keyErr %v, %d keys; want a no such file error and no key:\n%s", m.keyErr, len(m.keyset), m.View())
		}
	})
	t.Run("a key that fails to load leaves none in use", func(t *testing.T) {
		m := sized(t, New(Config{Token: token, Keys: []*jose.Key{jose.Secret(secret)}, Now: fixedClock(issued)}), 80, 24)
		if m.verified == nil {
			t.Fatalf("test premise: the key given first should verify: %v", m.verifyErr)
		}
		m = giveKey(t, m, "./nonexistent-key.pem")
		panel := strings.Join(m.signaturePanel(), "\n")
		if len(m.keyset) != 0 || m.verified != nil || strings.Contains(m.View(), "signature valid") ||
			!strings.Contains(panel, "key     none: open ./nonexistent-key.pem: no such file") || !strings.Contains(panel, "status  not verified") {
			t.Errorf("%d keys in use after a failed load; want none, and the panel to say why:\n%s", len(m.keyset), m.View())
		}
		m, _ = send(t, m, keyRunes("S"))
		if !strings.Contains(m.status, "re-sign needs a key") {
			t.Errorf("S after a failed load: status %q; want it to need a key", m.status)
		}
	})
	t.Run("a secret is masked while typed", func(t *testing.T) {
		m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
		m, _ = send(t, m, keyRunes("e"))
		m, _ = send(t, m, keyRunes(secret))
		if v := m.View(); strings.Contains(v, secret[:10]) {
			t.Errorf("the secret shows while typed:\n%s", v)
		}
	})
	t.Run("a secret is masked while it could still be one, a URL shown once it is one", func(t *testing.T) {
		m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
		m, _ = send(t, m, keyRunes("e"))
		for _, typed := range []string{"h", "ttps", ":/"} {
			m, _ = send(t, m, keyRunes(typed))
			if v := m.View(); strings.Contains(v, "key> h") {
				t.Errorf("%q shows while typed:\n%s", m.keyInput.Value(), v)
			}
		}
		m, _ = send(t, m, keyRunes("/127.0.0.1:1/jwks.json"))
		if v := m.View(); !strings.Contains(v, "key> https://127.0.0.1:1/jwks.json") {
			t.Errorf("a URL should show as typed:\n%s", v)
		}
	})
	t.Run("~ expands to the home directory", func(t *testing.T) {
		home := t.TempDir()
		t.Setenv("HOME", home)
		if err := os.WriteFile(filepath.Join(home, "k.jwk"), []byte(`{"kty":"oct","k":"`+jose.EncodeSegment([]byte(secret))+`"}`), 0o600); err != nil {
			t.Fatal(err)
		}
		m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
		m = giveKey(t, m, "~/k.jwk")
		if m.keyErr != nil || m.verifyErr != nil || m.verified == nil {
			t.Errorf("~/k.jwk: key error %v, verify error %v; want it read from $HOME and verifying", m.keyErr, m.verifyErr)
		}
	})
}

func TestOIDCClaimsAreExplained(t *testing.T) {
	m := sized(t, New(Config{Token: oidcToken(t), Now: fixedClock(issued)}), 80, 24)
	seen := map[string]string{}
	for i := range m.tok.Claims {
		if i > 0 {
			m, _ = send(t, m, keyRunes("j"))
		}
		seen[m.tok.Claims[i].Name] = strings.Join(m.claimExplanation(), "\n")
	}
	for _, name := range []string{"azp", "auth_time", "nonce", "acr", "amr", "sid", "scope", "email"} {
		if e := seen[name]; strings.Contains(e, "Private claim") || !strings.Contains(e, "OpenID Connect") && !strings.Contains(e, "RFC 8693") {
			t.Errorf("%s explained as %q; want its registered meaning", name, e)
		}
	}
	if e := seen["auth_time"]; !strings.Contains(e, "2026-11-28 21:50:50 UTC") {
		t.Errorf("auth_time should show as a date: %q", e)
	}
}

package tui

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"jwtlab/internal/jose"
)

// hostile holds ESC, BEL, a C1 control (CSI, U+009B) and a bidi override
// (U+202E): printed raw they retitle the window (OSC 2), clear the screen,
// move the cursor, or reorder what a reader sees.
const hostile = "\x1b]2;PWNED\x07\x1b[2J\u009b1;1H\u202Edilav"

// rawControl finds the first character of view that would reach the
// terminal as a control (newline aside); under the ASCII profile the
// tests run with, the inspector's own styles add none.
func rawControl(view string) (rune, bool) {
	for _, r := range view {
		if r != '\n' && hidden(r) {
			return r, true
		}
	}
	return 0, false
}

func checkNoControl(t *testing.T, what string, m Model) {
	t.Helper()
	if r, ok := rawControl(m.View()); ok {
		t.Errorf("%s: the screen holds a raw %U:\n%q", what, r, m.View())
	}
}

// hostileToken carries hostile text in alg, kid, crit, a claim name and
// claim values.
func hostileToken(t *testing.T) string {
	t.Helper()
	header, err := json.Marshal(map[string]any{"alg": "HS256" + hostile, "kid": "k" + hostile, "crit": []string{hostile}})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(map[string]any{"n" + hostile: "v" + hostile, "sub": hostile, "exp": issued.Add(time.Hour).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	return jose.EncodeSegment(header) + "." + jose.EncodeSegment(payload) + ".c2ln"
}

func TestNoControlCharacterReachesTheTerminal(t *testing.T) {
	token := hostileToken(t)
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	if m.tok == nil {
		t.Fatalf("the hostile token does not decode: %v", m.parseErr)
	}
	// Every member selected and shown whole, on every panel.
	for range len(m.tok.Params) + len(m.tok.Claims) {
		for range 3 {
			checkNoControl(t, "a member selected", m)
			m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
		}
		m, _ = send(t, m, keyRunes("f"))
		m, _ = send(t, m, keyRunes("G"))
		checkNoControl(t, "a member's whole value", m)
		m, _ = send(t, m, keyRunes("f"))
		m, _ = send(t, m, keyRunes("j"))
	}
	// A key: the verifier refuses the crit and says what it holds.
	m = giveKey(t, m, "test-signing-key-of-thirty-two-bytes!")
	if m.verifyErr == nil {
		t.Fatal("test premise: a token with crit should not verify")
	}
	for range 3 {
		m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
		m, _ = send(t, m, keyRunes("G"))
		checkNoControl(t, "the verifier's refusal", m)
	}
	// A key file that is not there: the error names the path.
	m = giveKey(t, m, "/nonexistent/"+hostile)
	checkNoControl(t, "a key file's error", m)
	// An edit: the prompt and the status name the member.
	m, _ = send(t, m, keyRunes("g"))
	m, _ = send(t, m, keyRunes("x"))
	checkNoControl(t, "the edit prompt", m)
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	checkNoControl(t, "the status after an edit", m)
	if v := m.View(); !strings.Contains(v, `\u001b]2;PWNED\u0007`) {
		t.Errorf("the escaped controls should show as \\uXXXX:\n%s", v)
	}
	// A paste that does not decode.
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x" + hostile + ".y.z"), Paste: true})
	checkNoControl(t, "a paste that does not decode", m)
}

func TestNoControlCharacterFromAServer(t *testing.T) {
	ok := false // the first login fails with the hostile detail
	key := jose.Secret("test-signing-key-of-thirty-two-bytes!")
	mint := func(typ string) string {
		claims, _ := json.Marshal(map[string]any{"token_type": typ, "exp": issued.Add(time.Hour).Unix(), "jti": "12345678" + hostile, "user_id": 1})
		s, err := jose.Sign("HS256", key, claims)
		if err != nil {
			t.Error(err)
		}
		return s
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/api/token/" && !ok:
			ok = true
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"detail": hostile, "code": hostile})
		case r.URL.Path == "/api/token/":
			json.NewEncoder(w).Encode(map[string]string{"access": mint("access"), "refresh": mint("refresh")})
		case r.URL.Path == "/api/me/":
			json.NewEncoder(w).Encode(map[string]string{"username": hostile})
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	m := sized(t, New(Config{Server: srv.URL, Now: fixedClock(issued)}), 80, 24)
	m = login(t, m, "demo"+hostile, "pw")
	checkNoControl(t, "a refused login", m)
	m, cmd := send(t, m, tea.KeyMsg{Type: tea.KeyEnter}) // the password is still typed
	m, _ = send(t, m, cmd())
	checkNoControl(t, "a login", m)
	m, cmd = send(t, m, keyRunes("m"))
	m = runCmd(t, m, cmd)
	m, _ = send(t, m, keyRunes("G"))
	checkNoControl(t, "the server's answer in the log", m)
	if len(m.live.log) < 3 {
		t.Errorf("log %v; want the refused login, the login and me", m.live.log)
	}
}

func TestSanitizeKeepsOnlyStyles(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	styled := DefaultStyles().Bad.Render("refused")
	got := sanitize(styled + " " + hostile + "\xff")
	if !strings.HasPrefix(got, styled+" ") {
		t.Errorf("sanitize(%q) = %q; want the style's own SGR sequences kept", styled, got)
	}
	if want := `\u001b]2;PWNED\u0007\u001b[2J\u009b1;1H\u202edilav` + "\uFFFD"; !strings.HasSuffix(got, want) {
		t.Errorf("sanitize(hostile) = %q; want it to end %q", got, want)
	}
}

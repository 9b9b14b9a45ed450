package tui

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"jwtlab/internal/jose"
	"jwtlab/internal/jose/josetest"
)

// squeezed is s without styles or white space, so a message wrapped over
// lines (long words broken) still reads as one.
func squeezed(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), "") }

// checkWhole fails unless the whole of msg is on screen.
func checkWhole(t *testing.T, what, msg string, m Model) {
	t.Helper()
	if msg == "" {
		t.Fatalf("%s: test premise: no message", what)
	}
	if !strings.Contains(squeezed(m.View()), squeezed(msg)) {
		t.Errorf("%s at %dx%d: the screen lacks the whole of %q:\n%s", what, m.width, m.height, msg, m.View())
	}
}

func TestMessagesShowWhole(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := sized(t, New(Config{Now: fixedClock(issued)}), size[0], size[1])
			m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("header.payload"), Paste: true})
			checkWhole(t, "a paste that does not decode", "cannot decode: "+m.parseErr.Error(), m)

			m = sized(t, New(Config{Token: es256Token(t), Keys: []*jose.Key{publicP256(t)}, Now: fixedClock(issued)}), size[0], size[1])
			m, _ = send(t, m, keyRunes("S"))
			if !strings.Contains(m.status, "private key") {
				t.Fatalf("test premise: status %q; want the refusal to re-sign with a public key", m.status)
			}
			checkWhole(t, "the status line", m.status, m)

			access, _ := josetest.Token("ACCESS")
			m = sized(t, New(Config{Token: access, Now: fixedClock(issued)}), size[0], size[1])
			m, _ = send(t, m, keyRunes("s"))
			checkWhole(t, "the byte view's hint", "s: next segment", m)
		})
	}
}

func TestLiveLogLinesShowWhole(t *testing.T) {
	// Nothing listens on port 1: the login fails with the dialer's reason.
	m := sized(t, New(Config{Server: "http://127.0.0.1:1", Now: fixedClock(issued)}), 80, 24)
	m = login(t, m, "demo", "pw")
	last := m.live.log[len(m.live.log)-1].text
	if !strings.Contains(last, "connection refused") {
		t.Fatalf("test premise: log line %q; want the dialer's reason", last)
	}
	checkWhole(t, "a failed login", last, m)

	f := &fakeServer{rotate: true, blacklisted: map[string]bool{}, key: jose.Secret("test-signing-key-of-thirty-two-bytes!"), now: issued}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	m = sized(t, New(Config{Server: srv.URL, Now: fixedClock(issued)}), 80, 24)
	m = login(t, m, "demo", "demo-password-123")
	m, cmd := send(t, m, keyRunes("r"))
	m = runCmd(t, m, cmd)
	checkWhole(t, "a rotation", m.live.log[len(m.live.log)-1].text, m)
}

func es256Token(t *testing.T) string {
	t.Helper()
	s, err := jose.Sign("ES256", privateP256(t), []byte(`{"sub":"alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var p256 *ecdsa.PrivateKey

func privateP256(t *testing.T) *jose.Key {
	t.Helper()
	if p256 == nil {
		var err error
		if p256, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			t.Fatal(err)
		}
	}
	der, err := x509.MarshalPKCS8PrivateKey(p256)
	if err != nil {
		t.Fatal(err)
	}
	k, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func publicP256(t *testing.T) *jose.Key {
	t.Helper()
	privateP256(t)
	der, err := x509.MarshalPKIXPublicKey(&p256.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	k, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestClaimNotesShowWhole(t *testing.T) {
	// Every member jwtlab has notes on, and one it has none on, in the
	// header and in the payload.
	var header, claims []jose.Claim
	for name := range headerDocs {
		if name != "alg" && name != "crit" { // crit: a note on an ordinary token is the point
			header = append(header, jose.Claim{Name: name, Value: []byte(`"x"`)})
		}
	}
	header = append(header, jose.Claim{Name: "x-unknown", Value: []byte(`"x"`)})
	for name := range claimDocs {
		claims = append(claims, jose.Claim{Name: name, Value: []byte(`1795902955`)})
	}
	claims = append(claims, jose.Claim{Name: "https://example.com/role", Value: []byte(`"admin"`)})
	token := jose.EncodeSegment(jose.EncodeObject(append([]jose.Claim{{Name: "alg", Value: []byte(`"HS256"`)}}, header...))) + "." +
		jose.EncodeSegment(jose.EncodeObject(claims)) + ".c2ln"
	for _, tc := range []struct {
		name  string
		token string
	}{{"a JWS", token}, {"a JWE", jweToken(t)}} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s %dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				m := sized(t, New(Config{Token: tc.token, Now: fixedClock(issued)}), size[0], size[1])
				m, _ = send(t, m, keyRunes("g"))
				for range len(m.tok.Params) + len(m.tok.Claims) {
					m, _ = send(t, m, keyRunes("k"))
				}
				for i := range len(m.tok.Params) + len(m.tok.Claims) {
					if i > 0 {
						m, _ = send(t, m, keyRunes("j"))
					}
					c, param, _ := m.selected()
					info := m.note(c.Name, param)
					checkWhole(t, c.Name+"'s note", info.Meaning, m)
					checkWhole(t, c.Name+"'s note title", c.Name+": "+info.Title+" · "+info.Ref, m)
				}
			})
		}
	}
}

func TestACutNoteShowsWholeWithF(t *testing.T) {
	token := oidcToken(t) // picture has no notes: the long fallback
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 40, 12)
	for c, _, _ := m.selected(); c.Name != "picture"; c, _, _ = m.selected() {
		m, _ = send(t, m, keyRunes("j"))
	}
	note := m.note("picture", false).Meaning
	if strings.Contains(squeezed(m.View()), squeezed(note)) || !strings.Contains(m.View(), "f: all") {
		t.Fatalf("test premise: at 40x12 the note should be cut and say f shows all:\n%s", m.View())
	}
	m, _ = send(t, m, keyRunes("f"))
	if got := squeezed(strings.Join(m.claimExplanation(), "\n")); !strings.Contains(got, squeezed(note)) {
		t.Errorf("after f the explanation should hold the whole note; got %q", got)
	}
}

func TestTabShowsThePanel(t *testing.T) {
	token, secret := josetest.Token("ACCESS")
	refresh, _ := josetest.Token("REFRESH")
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := sized(t, New(Config{Token: refresh, Now: fixedClock(issued)}), size[0], size[1])
			// Each panel's last line: the Bytes panel's last row, the last
			// warning, the Signature panel's status.
			for _, want := range []string{`T"}`, "server accepts", "status  not verified"} {
				m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyTab})
				if v := m.View(); !strings.Contains(v, want) || !strings.Contains(v, "["+panelNames[m.panel]) {
					t.Errorf("after tab to %s the panel should show, through %q:\n%s", panelNames[m.panel], want, v)
				}
			}
			m = sized(t, New(Config{Token: token, Now: fixedClock(issued)}), size[0], size[1])
			m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyTab}) // away from Signature
			m = giveKey(t, m, secret)
			if v := m.View(); !strings.Contains(v, "[Signature]") || !strings.Contains(v, "key     HMAC secret") || !strings.Contains(v, "status  signature valid") {
				t.Errorf("after e the Signature panel's key and status should show:\n%s", v)
			}
		})
	}
}

// TestHelpListsEveryKey: at 80 and at 60 columns, in inspect and live
// mode, the help bar shows every key of the short help and ends in
// q quit, and ? shows every key of the full help, labelled fewer keys.
func TestHelpListsEveryKey(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	for _, tc := range []struct {
		name string
		m    Model
	}{
		{"inspect", New(Config{Token: token, Now: fixedClock(issued)})},
		{"live", New(Config{Server: "http://127.0.0.1:1", Now: fixedClock(issued)}).setToken(token)},
	} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s %dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				m := sized(t, tc.m, size[0], size[1])
				// Keys and their words, however the columns space them.
				spaced := func(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }
				for _, b := range m.keys.ShortHelp() {
					if h := b.Help(); !strings.Contains(spaced(m.View()), h.Key+" "+h.Desc) {
						t.Errorf("the help bar lacks %q:\n%s", h.Key+" "+h.Desc, m.View())
					}
				}
				lines := strings.Split(m.View(), "\n")
				if last := lines[len(lines)-1]; !strings.HasSuffix(strings.TrimSpace(ansi.Strip(last)), "q quit") {
					t.Errorf("the help bar's last line = %q; want it to end in q quit", last)
				}
				m, _ = send(t, m, keyRunes("?"))
				if v := m.View(); !strings.Contains(v, "fewer keys") {
					t.Errorf("after ? the full help should be labelled fewer keys:\n%s", v)
				}
				for _, g := range m.keys.FullHelp() {
					for _, b := range g {
						if h := b.Help(); !strings.Contains(spaced(m.View()), h.Key+" "+h.Desc) {
							t.Errorf("the full help lacks %q:\n%s", h.Key+" "+h.Desc, m.View())
						}
					}
				}
			})
		}
	}
}

func TestLiveHelpListsOpenAndBack(t *testing.T) {
	k := newKeyMap(true)
	listed := map[string]bool{}
	for _, g := range k.FullHelp() {
		for _, b := range g {
			listed[b.Help().Key] = true
		}
	}
	for _, b := range []string{"o", "esc"} {
		if !listed[b] {
			t.Errorf("live mode's full help lacks %s, which works there", b)
		}
	}
}

// checkScrolledTo fails unless the body, paged through from the top,
// shows the whole of want (wrapped lines read as one).
func checkScrolledTo(t *testing.T, what, want string, m Model) {
	t.Helper()
	m, _ = send(t, m, keyRunes("g"))
	var all strings.Builder
	for {
		all.WriteString(m.body.View() + "\n")
		if strings.Contains(squeezed(all.String()), squeezed(want)) {
			return
		}
		before := m.body.YOffset
		m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyPgDown})
		if m.body.YOffset == before {
			t.Fatalf("%s: the body never shows the whole of %q:\n%s", what, want, all.String())
		}
	}
}

func TestTextPayloadShowsWholeWithF(t *testing.T) {
	key := jose.Secret("test-signing-key-of-thirty-two-bytes!")
	text := strings.Repeat("a text payload, no claims set, longer than any window; ", 6) + "the end"
	inner, err := jose.Sign("HS256", key, []byte(`{"sub":"inner-alice","note":"`+strings.Repeat("long enough to fill lines ", 8)+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, token, whole string }{
		{"text", mustSign(t, key, text), `"` + text + `"`},
		{"a nested token", nestedToken(t, inner), inner},
	} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s %dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				m := sized(t, New(Config{Token: tc.token, Now: fixedClock(issued)}), size[0], size[1])
				if strings.Contains(squeezed(m.View()), squeezed(tc.whole)) {
					t.Fatalf("test premise: the payload should not fit whole:\n%s", m.View())
				}
				m, _ = send(t, m, keyRunes("f"))
				checkScrolledTo(t, "after f the whole payload", tc.whole, m)
			})
		}
	}
}

func TestLongNameShowsWholeWithF(t *testing.T) {
	name := strings.Repeat("n", 190) + "-the-end"
	token := mustSign(t, jose.Secret("test-signing-key-of-thirty-two-bytes!"), `{"sub":"a","`+name+`":"v"}`)
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := selectNamed(t, sized(t, New(Config{Token: token, Now: fixedClock(issued)}), size[0], size[1]), name)
			if strings.Contains(squeezed(m.View()), name) {
				t.Fatalf("test premise: the name should be cut before f:\n%s", m.View())
			}
			m, _ = send(t, m, keyRunes("f"))
			checkScrolledTo(t, "after f the full value's title", name+", full value", m)
		})
	}
}

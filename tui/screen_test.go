package tui

import (
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"jwtlab/internal/jose"
	"jwtlab/internal/jose/josetest"
)

func TestTitleLineKeepsItsSidesApart(t *testing.T) {
	f := &fakeServer{rotate: true, blacklisted: map[string]bool{}, key: jose.Secret("test-signing-key-of-thirty-two-bytes!"), now: issued}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	access, _ := josetest.Token("ACCESS")
	early, err := jose.Sign("HS256", jose.Secret("k"), []byte(`{"nbf":1895902655}`))
	if err != nil {
		t.Fatal(err)
	}
	loggedIn := login(t, New(Config{Server: srv.URL, Now: fixedClock(issued)}), "demo", "demo-password-123")
	for _, tc := range []struct {
		name       string
		m          Model
		width      int
		left, want string
	}{
		{"live, not logged in", New(Config{Server: srv.URL, Now: fixedClock(issued)}), 80, "jwtlab inspect", "live: not logged in"},
		{"live, logged in", loggedIn, 80, "jwtlab inspect · not verified", "live: demo"},
		{"a token", New(Config{Token: access, Now: fixedClock(issued)}), 80, "jwtlab inspect · not verified", "2026-11-28 21:50:55 UTC"},
		{"a long verdict in a narrow window", New(Config{Token: early, Now: fixedClock(issued)}), 50, "jwtlab inspect · not verified · NOT YET VALID", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, tc.m, tc.width, 24)
			title := strings.Split(m.View(), "\n")[0]
			rest, ok := strings.CutPrefix(title, tc.left)
			if !ok || strings.Contains(title, "…") || !strings.HasPrefix(rest, "   ") || !strings.Contains(rest, tc.want) {
				t.Errorf("title %q; want %q, three spaces at least, then %q, nothing cut", title, tc.left, tc.want)
			}
			if clock := issued.UTC().Format(time.TimeOnly + " UTC"); tc.want != "" && !strings.HasSuffix(title, clock) {
				t.Errorf("title %q; want it to end with the clock, %s", title, clock)
			}
		})
	}
}

func TestPayloadSaysWhatItIs(t *testing.T) {
	key := jose.Secret("test-signing-key-of-thirty-two-bytes!")
	inner := mustSign(t, key, `{"sub":"a"}`)
	for _, tc := range []struct{ name, token, label string }{
		{"claims", inner, "PAYLOAD (claims)"},
		{"text", mustSign(t, key, "hello"), "PAYLOAD (no claims: not a JSON object)"},
		{"JSON that is not an object", mustSign(t, key, "[1,2]"), "PAYLOAD (no claims: not a JSON object)"},
		{"a nested token", nestedToken(t, inner), `PAYLOAD (a nested JWT: cty "JWT")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: tc.token, Now: fixedClock(issued)}), 80, 24)
			if !strings.Contains(m.View(), tc.label) {
				t.Errorf("the screen lacks %q:\n%s", tc.label, m.View())
			}
			var plain strings.Builder
			if err := WritePlain(&plain, Config{Token: tc.token, Now: fixedClock(issued)}); err != nil {
				t.Fatal(err)
			}
			if first, _, _ := strings.Cut(plain.String(), "NESTED TOKEN"); !strings.Contains(first, tc.label) {
				t.Errorf("plain output lacks %q:\n%s", tc.label, plain.String())
			}
		})
	}
}

func TestAlgNoneIsNotSaidToBeSigned(t *testing.T) {
	none := jose.EncodeSegment([]byte(`{"alg":"none"}`)) + "." + jose.EncodeSegment([]byte(`{"sub":"a"}`)) + "."
	m := sized(t, New(Config{Token: none, Now: fixedClock(issued)}), 80, 24)
	panel := strings.Join(m.signaturePanel(), "\n")
	if strings.Contains(panel, "is signed") || !strings.Contains(panel, `alg "none" signs nothing`) {
		t.Errorf("the Signature panel of an alg none token:\n%s", panel)
	}
}

func TestStatusGoesWithItsScreen(t *testing.T) {
	access, _ := josetest.Token("ACCESS")
	m := sized(t, New(Config{Token: access, Now: fixedClock(issued), Out: &strings.Builder{}}), 80, 24)
	m, cmd := send(t, m, keyRunes("c"))
	cmd()
	if !strings.Contains(m.View(), "token copied") {
		t.Fatalf("test premise: c should say the token was copied:\n%s", m.View())
	}
	m, _ = send(t, m, keyRunes("p"))
	if strings.Contains(m.View(), "token copied") {
		t.Errorf("the paste screen still says token copied:\n%s", m.View())
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEsc})
	m, _ = send(t, m, keyRunes("x"))
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	if m.status == "" {
		t.Fatal("test premise: an edit should say what it did")
	}
	refresh, _ := josetest.Token("REFRESH")
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(refresh), Paste: true})
	if m.status != "" {
		t.Errorf("a new token pasted keeps the status %q about the old one", m.status)
	}
}

func TestByteRowsFitTheWidth(t *testing.T) {
	access, _ := josetest.Token("ACCESS")
	for _, width := range []int{60, 80, 100} {
		for segment := range 3 {
			t.Run(fmt.Sprintf("%d columns, %s", width, segmentNames[segment]), func(t *testing.T) {
				m := sized(t, New(Config{Token: access, Now: fixedClock(issued)}), width, 24)
				m.segment = segment
				rows := m.bytesPanel()[1:] // after the hint
				var chars strings.Builder
				for i, row := range rows {
					if w := ansi.StringWidth(row); w > width {
						t.Errorf("row %q is %d wide; want at most %d", row, w, width)
					}
					text, rest, _ := strings.Cut(strings.TrimLeft(row, " "), "  ")
					text = strings.TrimSpace(text)
					// Whole 4-character groups, each 3 bytes, but the last.
					if i < len(rows)-1 && len(text)%4 != 0 {
						t.Errorf("row %q: %d base64url characters, not whole groups of 4", row, len(text))
					}
					b, err := base64.RawURLEncoding.DecodeString(text)
					if err != nil {
						t.Fatalf("row %q: %v", row, err)
					}
					if hex := hexBytes(b, len(b)); !strings.HasPrefix(strings.TrimSpace(rest), hex) {
						t.Errorf("row %q: %q decodes to %s, not the row's bytes", row, text, hex)
					}
					chars.WriteString(text)
				}
				if want := m.tok.Segments[segment]; chars.String() != want {
					t.Errorf("the rows hold %q; want the segment %q", chars.String(), want)
				}
			})
		}
	}
}

func TestJWELinesWrap(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}, {100, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := sized(t, New(Config{Token: jweToken(t), Now: fixedClock(issued)}), size[0], size[1])
			// The payload column: from PAYLOAD's column on, whether it
			// sits beside the header or below it.
			var column strings.Builder
			col := -1
			for _, l := range strings.Split(m.View(), "\n") {
				if i := strings.Index(l, "PAYLOAD"); i >= 0 && col < 0 {
					col = i
				}
				if col >= 0 {
					column.WriteString(ansi.TruncateLeft(l, col, "") + " ") // cells, not bytes: ▸ is 3
				}
			}
			for _, line := range encryptedLines(m.tok) {
				if !strings.Contains(squeezed(column.String()), squeezed(line)) {
					t.Errorf("the payload column lacks the whole of %q:\n%s", line, m.View())
				}
			}
		})
	}
}

func TestAPromptClearsTheStatus(t *testing.T) {
	token, secret := josetest.Token("ACCESS")
	for _, tc := range []struct{ name, action, prompt string }{
		{"the edit prompt after c", "c", "x"},
		{"the key prompt after S", "S", "e"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: token, Keys: []*jose.Key{jose.Secret(secret)}, Now: fixedClock(issued), Out: &strings.Builder{}}), 80, 24)
			m, _ = send(t, m, keyRunes(tc.action))
			status := m.status
			if status == "" {
				t.Fatalf("test premise: %s should say what it did", tc.action)
			}
			m, _ = send(t, m, keyRunes(tc.prompt))
			if m.mode != modeEdit && m.mode != modeKey {
				t.Fatalf("after %s: mode %v; want a prompt", tc.prompt, m.mode)
			}
			if strings.Contains(m.View(), status) {
				t.Errorf("the prompt opened by %s still shows %q:\n%s", tc.prompt, status, m.View())
			}
		})
	}
}

func TestAnEditKeepsTheSelectionInView(t *testing.T) {
	// A value too wide for two columns puts the payload below the header;
	// shortened, the payload moves up beside it, past a tall header.
	s, err := jose.NewSignerHeader(jose.Secret("test-signing-key-of-thirty-two-bytes!"), "HS256", []jose.Claim{
		{Name: "kid", Value: []byte(`"k1"`)}, {Name: "x1", Value: []byte(`1`)}, {Name: "x2", Value: []byte(`2`)}, {Name: "x3", Value: []byte(`3`)}, {Name: "x4", Value: []byte(`4`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.Sign([]byte(`{"wide":"` + strings.Repeat("w", 70) + `","a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9}`))
	if err != nil {
		t.Fatal(err)
	}
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	// At the bottom, then back up to wide: it is the body's top line.
	for _, k := range []string{"G", "j", "k", "x"} {
		m, _ = send(t, m, keyRunes(k))
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyCtrlU})
	m, _ = send(t, m, keyRunes("1"))
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	if c, _, _ := m.selected(); c.Name != "wide" || !strings.Contains(m.status, "wide set to 1") {
		t.Fatalf("test premise: %q selected, status %q; want wide edited", c.Name, m.status)
	}
	if v := m.View(); !strings.Contains(v, `▸ "wide": 1`) {
		t.Errorf("after the edit the edited claim is out of view:\n%s", v)
	}
}

func TestKeyPromptPlaceholderShowsWhole(t *testing.T) {
	access, _ := josetest.Token("ACCESS")
	for _, size := range [][2]int{{80, 24}, {60, 20}, {40, 12}} {
		m := sized(t, New(Config{Token: access, Now: fixedClock(issued)}), size[0], size[1])
		m, _ = send(t, m, keyRunes("e"))
		if !strings.Contains(m.View(), m.keyInput.Placeholder) {
			t.Errorf("%dx%d: the key prompt cuts its placeholder %q:\n%s", size[0], size[1], m.keyInput.Placeholder, m.View())
		}
	}
}

func TestJTINamesATokenWithout(t *testing.T) {
	key := jose.Secret("test-signing-key-of-thirty-two-bytes!")
	for _, tc := range []struct{ name, claims, want string }{
		{"none", `{"sub":"a"}`, "no jti"},
		{"short", `{"jti":"abc"}`, "jti abc"},
		{"long: its end", `{"jti":"0123456789abcdef"}`, "jti …89abcdef"},
		{"a newline escaped", `{"jti":"a\nb"}`, `jti a\nb`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := jti(mustSign(t, key, tc.claims)); got != tc.want {
				t.Errorf("jti(%s) = %q; want %q", tc.claims, got, tc.want)
			}
		})
	}
}

func TestLiveFullHelpLeavesTheToken(t *testing.T) {
	f := &fakeServer{rotate: true, blacklisted: map[string]bool{}, key: jose.Secret("test-signing-key-of-thirty-two-bytes!"), now: issued}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := login(t, sized(t, New(Config{Server: srv.URL, Now: fixedClock(issued)}), size[0], size[1]), "demo", "demo-password-123")
			m, _ = send(t, m, keyRunes("?"))
			const atLeast = 5 // the header's label and object, the payload's label
			if m.body.Height < atLeast || !strings.Contains(m.View(), "HEADER") || !strings.Contains(m.View(), "q quit") {
				t.Errorf("with the full help the body has %d lines; want %d at least, and all the keys:\n%s", m.body.Height, atLeast, m.View())
			}
		})
	}
}

package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"jwtlab/internal/jose"
)

func TestNameText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a plain name is itself", "https://example.com/role", "https://example.com/role"},
		{"newline and tab as JSON writes them", "nl\nkey\there", `nl\nkey\there`},
		{"C0 controls as JSON writes them", "bell\a\x1b", `bell\u0007\u001b`},
		{"DEL, C1 and bidi marks as \\uXXXX", "a\x7f\u009b\u202e", `a\u007f\u009b\u202e`},
		{"quote and backslash escaped", `a"b\c`, `a\"b\\c`},
		{"HTML characters kept", "<a&b>", "<a&b>"},
		{"a byte that is not UTF-8 as U+FFFD", "a\xffb", `a\ufffdb`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nameText(tc.in); got != tc.want {
				t.Errorf("nameText(%q) = %q; want %q", tc.in, got, tc.want)
			}
			if got, want := quoteJSON(tc.in), `"`+tc.want+`"`; got != want {
				t.Errorf("quoteJSON(%q) = %q; want %q", tc.in, got, want)
			}
		})
	}
}

// selectNamed selects the member called name with j/k.
func selectNamed(t *testing.T, m Model, name string) Model {
	t.Helper()
	m, _ = send(t, m, keyRunes("g"))
	for range len(m.tok.Params) + len(m.tok.Claims) {
		m, _ = send(t, m, keyRunes("k"))
	}
	for {
		if c, _, _ := m.selected(); c.Name == name {
			return m
		}
		before := m.claim
		m, _ = send(t, m, keyRunes("j"))
		if m.claim == before {
			t.Fatalf("no member %q to select", name)
		}
	}
}

func TestNamesShowOnOneLine(t *testing.T) {
	token := mustSign(t, jose.Secret("test-signing-key-of-thirty-two-bytes!"), `{"sub":"a","nl\nkey":1,"tab\tkey":2}`)
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		for _, tc := range []struct{ name, shown string }{{"nl\nkey", `nl\nkey`}, {"tab\tkey", `tab\tkey`}} {
			t.Run(fmt.Sprintf("%s %dx%d", tc.shown, size[0], size[1]), func(t *testing.T) {
				m := selectNamed(t, sized(t, New(Config{Token: token, Now: fixedClock(issued)}), size[0], size[1]), tc.name)
				// Every line naming the claim names all of it: a line
				// that starts with the name's tail would name another.
				check := func(what, want string) {
					t.Helper()
					found := false
					for _, l := range strings.Split(m.View(), "\n") {
						if strings.Contains(l, want) {
							found = true
						}
						if tail := want[len(tc.shown)-3:]; strings.Contains(l, tail) && !strings.Contains(l, want) && !strings.Contains(l, `"`+tc.shown+`"`) {
							t.Errorf("%s: line %q names part of %q", what, l, tc.shown)
						}
					}
					if !found {
						t.Errorf("%s: no line holds %q:\n%s", what, want, m.View())
					}
				}
				check("the note", tc.shown+": Claim")
				m, _ = send(t, m, keyRunes("f"))
				check("the full value", tc.shown+", full value")
				m, _ = send(t, m, keyRunes("f"))
				m, _ = send(t, m, keyRunes("x"))
				check("the edit prompt", tc.shown+">")
				m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
				check("the status", tc.shown+" set to")
			})
		}
	}
}

func TestNamesAreJSONEscaped(t *testing.T) {
	token := jose.EncodeSegment([]byte(`{"alg":"HS256","x\u001b]0;TITLE\u0007":"v"}`)) + "." +
		jose.EncodeSegment([]byte(`{"bell\u0007":1,"v":"\u001b[2Jb"}`)) + ".c2ln"
	m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
	v := m.View()
	for _, want := range []string{`"bell\u0007": 1`, `"x\u001b]0;TITLE\u0007": "v"`, `"v": "\u001b[2Jb"`, `bell\u0007: Claim`} {
		if !strings.Contains(v, want) {
			t.Errorf("the screen lacks %s:\n%s", want, v)
		}
	}
	for _, goQuoted := range []string{`\a`, `\x1b`} {
		if strings.Contains(v, goQuoted) {
			t.Errorf("the screen holds Go's %s, not JSON:\n%s", goQuoted, v)
		}
	}
	var plain strings.Builder
	if err := WritePlain(&plain, Config{Token: token, Now: fixedClock(issued)}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plain.String(), `"bell\u0007": 1`) {
		t.Errorf("plain output lacks \"bell\\u0007\": 1:\n%s", plain.String())
	}
}

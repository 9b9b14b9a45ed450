package tui

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"jwtlab/internal/jose"
	"jwtlab/internal/jose/josetest"
)

// edit selects the member named name with j/k, presses x, replaces the
// value with typed and presses enter.
func edit(t *testing.T, m Model, name, typed string) Model {
	t.Helper()
	m = selectNamed(t, m, name)
	m, _ = send(t, m, keyRunes("x"))
	if m.mode != modeEdit {
		t.Fatalf("after x: mode %v; want the edit line", m.mode)
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyCtrlU}) // clear the old value
	m, _ = send(t, m, keyRunes(typed))
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter})
	return m
}

func TestTamperAndResign(t *testing.T) {
	token, secret := josetest.Token("ACCESS")
	at := issued.Add(48 * time.Second)
	fresh := func(t *testing.T) Model {
		return giveKey(t, sized(t, New(Config{Token: token, Now: fixedClock(at)}), 80, 24), secret)
	}

	t.Run("an edited claim keeps the old signature, which no longer verifies", func(t *testing.T) {
		m := edit(t, fresh(t), "user_id", "2")
		if v, _ := m.tok.Claim("user_id"); string(v) != "2" {
			t.Fatalf("user_id = %s; want 2", v)
		}
		if m.tok.Segments[2] != strings.Split(token, ".")[2] {
			t.Errorf("signature segment changed on edit; want the old one kept")
		}
		if !errors.Is(m.verifyErr, jose.ErrSignature) || !strings.Contains(m.status, "INVALID") {
			t.Errorf("verify error %v, status %q; want an invalid signature", m.verifyErr, m.status)
		}
		compareGolden(t, "80x24-tampered", m.View())

		m, _ = send(t, m, keyRunes("S"))
		if m.verifyErr != nil || m.verified == nil || !strings.Contains(m.status, "re-signed HS256") {
			t.Errorf("after S: verify error %v, status %q; want the re-signed token to verify", m.verifyErr, m.status)
		}
		if v, _ := m.tok.Claim("user_id"); string(v) != "2" {
			t.Errorf("after S user_id = %s; want the edit kept", v)
		}
		compareGolden(t, "80x24-resigned", m.View())
	})

	t.Run("text that is not JSON becomes a string; nothing removes the claim", func(t *testing.T) {
		m := edit(t, fresh(t), "token_type", "refresh")
		if v, _ := m.tok.Claim("token_type"); string(v) != `"refresh"` {
			t.Errorf("token_type = %s; want \"refresh\"", v)
		}
		m = edit(t, m, "exp", "")
		if _, ok := m.tok.Claim("exp"); ok {
			t.Errorf("exp still there after an empty edit: %s", m.tok.Payload)
		}
		if !jose.HasCode(m.warnings, jose.WarnNoExp) {
			t.Errorf("warnings %v; want no-exp once exp is removed", m.warnings)
		}
	})

	t.Run("a header edit to another algorithm re-signs but the pin refuses it", func(t *testing.T) {
		m := edit(t, fresh(t), "alg", "HS512")
		m, _ = send(t, m, keyRunes("S"))
		if m.tok.Alg() != "HS512" || !errors.Is(m.verifyErr, jose.ErrAlgMismatch) {
			t.Errorf("alg %s, verify error %v; want HS512 re-signed and refused by the HS256 pin", m.tok.Alg(), m.verifyErr)
		}
	})

	t.Run("removing alg is refused and the token stays", func(t *testing.T) {
		m := edit(t, fresh(t), "alg", "")
		if m.tok.Raw != token || !strings.Contains(m.status, "edit refused") {
			t.Errorf("status %q; want the edit refused and the token unchanged", m.status)
		}
	})

	t.Run("alg none cannot be re-signed", func(t *testing.T) {
		m := edit(t, fresh(t), "alg", "none")
		m, _ = send(t, m, keyRunes("S"))
		if !strings.Contains(m.status, "not re-signed") {
			t.Errorf("status %q; want alg none refused", m.status)
		}
	})

	t.Run("re-sign without a key says how to give one", func(t *testing.T) {
		m := sized(t, New(Config{Token: token, Now: fixedClock(at)}), 80, 24)
		m, _ = send(t, m, keyRunes("S"))
		if m.tok.Raw != token || !strings.Contains(m.status, "press e") {
			t.Errorf("status %q; want a hint to give a key first", m.status)
		}
	})

	t.Run("esc cancels an edit", func(t *testing.T) {
		m := fresh(t)
		m, _ = send(t, m, keyRunes("x"))
		m, _ = send(t, m, keyRunes("99"))
		m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEsc})
		if m.mode != modeInspect || m.tok.Raw != token {
			t.Errorf("after esc: mode %v, token changed %v; want the token as it was", m.mode, m.tok.Raw != token)
		}
	})
}

func jweToken(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "jwe-dir-a256gcm.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func TestJWEShowsItsHeader(t *testing.T) {
	at := issued.Add(48 * time.Second)
	m := sized(t, New(Config{Token: jweToken(t), Now: fixedClock(at)}), 80, 24)
	if m.mode != modeInspect {
		t.Fatalf("mode %v, parse error %v; want a JWE shown, not refused", m.mode, m.parseErr)
	}
	v := m.View()
	for _, want := range []string{`"enc": "A256GCM"`, `"kid": "enc-key-1"`, "encrypted with enc A256GCM", "32 bytes of ciphertext"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q:\n%s", want, v)
		}
	}
	compareGolden(t, "80x24-jwe", v)
	m, _ = send(t, m, keyRunes("x"))
	if m.mode == modeEdit || !strings.Contains(m.status, "JWE") {
		t.Errorf("x on a JWE: mode %v, status %q; want the edit refused with a reason", m.mode, m.status)
	}
	var plain strings.Builder
	if err := WritePlain(&plain, Config{Token: jweToken(t), Now: fixedClock(at)}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PAYLOAD (encrypted: JWE)", "enc     A256GCM", "verdict encrypted (JWE)"} {
		if !strings.Contains(plain.String(), want) {
			t.Errorf("plain output lacks %q:\n%s", want, plain.String())
		}
	}
}

func TestNestedTokenOpens(t *testing.T) {
	key := jose.Secret("test-signing-key-of-thirty-two-bytes!")
	inner, err := jose.Sign("HS256", key, []byte(`{"sub":"inner-alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jose.NewSignerHeader(key, "HS256", []jose.Claim{{Name: "cty", Value: []byte(`"JWT"`)}})
	if err != nil {
		t.Fatal(err)
	}
	outer, err := s.Sign([]byte(inner))
	if err != nil {
		t.Fatal(err)
	}
	m := sized(t, New(Config{Token: outer, Now: fixedClock(issued)}), 80, 24)
	if v := m.View(); !strings.Contains(v, "nested JWT") || strings.Contains(v, "inner-alice") {
		t.Errorf("outer screen should offer the nested token, not show its claims yet:\n%s", v)
	}
	m, _ = send(t, m, keyRunes("o"))
	if m.tok.Raw != inner || !strings.Contains(m.View(), `"sub": "inner-alice"`) {
		t.Errorf("after o: token %q; want the inner one with its claims:\n%s", m.tok.Raw, m.View())
	}
	m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEsc})
	if m.tok.Raw != outer || len(m.outer) != 0 {
		t.Errorf("after esc: token %q, %d outer; want the outer token back", m.tok.Raw, len(m.outer))
	}
	var plain strings.Builder
	if err := WritePlain(&plain, Config{Token: outer, Keys: []*jose.Key{key}, Now: fixedClock(issued)}); err != nil {
		t.Fatal(err)
	}
	if p := plain.String(); !strings.Contains(p, "NESTED TOKEN") || !strings.Contains(p, `"sub": "inner-alice"`) || strings.Count(p, "signature valid") != 2 {
		t.Errorf("plain output should decode and verify both tokens:\n%s", p)
	}
}

func TestTimesAlsoInLocalTime(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	for _, tc := range []struct {
		name string
		loc  *time.Location
		want string
	}{
		{"an hour east", time.FixedZone("CET", 3600), "exp  2026-11-28 21:55:55 UTC (22:55:55 CET)  expires in"},
		{"past midnight shows the date", time.FixedZone("NZDT", 13*3600), "exp  2026-11-28 21:55:55 UTC (Nov 29 10:55:55 NZDT)"},
		{"UTC shows UTC once", time.UTC, "exp  2026-11-28 21:55:55 UTC  expires in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: token, Now: fixedClock(issued), Location: tc.loc}), 80, 24)
			if v := m.View(); !strings.Contains(v, tc.want) {
				t.Errorf("screen lacks %q:\n%s", tc.want, v)
			}
			var plain strings.Builder
			if err := WritePlain(&plain, Config{Token: token, Now: fixedClock(issued), Location: tc.loc}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plain.String(), tc.want) {
				t.Errorf("plain output lacks %q:\n%s", tc.want, plain.String())
			}
		})
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	// tmux reads OSC 52 itself; GNU screen (TERM screen*) would need it
	// wrapped in DCS chunks, which termenv does and its own tests check.
	for _, tc := range []struct{ term, prefix, suffix string }{
		{"xterm-256color", "\x1b]52;c;", "\a"},
		{"tmux-256color", "\x1b]52;c;", "\a"},
	} {
		t.Run(tc.term, func(t *testing.T) {
			t.Setenv("TERM", tc.term)
			var out bytes.Buffer
			m := sized(t, New(Config{Token: token, Now: fixedClock(issued), Out: &out}), 80, 24)
			m, cmd := send(t, m, keyRunes("c"))
			if cmd == nil {
				t.Fatal("c returned no command")
			}
			cmd()
			want := tc.prefix + base64.StdEncoding.EncodeToString([]byte(token)) + tc.suffix
			if out.String() != want || !strings.Contains(m.status, "copied") {
				t.Errorf("c wrote %q, status %q; want %q", out.String(), m.status, want)
			}
		})
	}
}

func TestPromptsShowOnlyKeysThatWork(t *testing.T) {
	token, _ := josetest.Token("ACCESS")
	for _, open := range []string{"e", "x"} {
		t.Run(open, func(t *testing.T) {
			m := sized(t, New(Config{Token: token, Now: fixedClock(issued)}), 80, 24)
			m, _ = send(t, m, keyRunes(open))
			v := m.View()
			if strings.Contains(v, "q quit") || !strings.Contains(v, "esc: cancel") {
				t.Errorf("while typing after %s the foot should show enter/esc, not the inspector's keys:\n%s", open, v)
			}
		})
	}
}

func TestVerdictOnTheTitleLine(t *testing.T) {
	token, secret := josetest.Token("ACCESS")
	none := jose.EncodeSegment([]byte(`{"alg":"none"}`)) + "." + jose.EncodeSegment([]byte(`{"sub":"a"}`)) + "."
	early, err := jose.Sign("HS256", jose.Secret(secret), fmt.Appendf(nil, `{"sub":"a","nbf":%d,"exp":%d}`, issued.Add(time.Hour).Unix(), issued.Add(2*time.Hour).Unix()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token, key string
		at               time.Time
		title, panel     string
	}{
		{"valid but not yet valid", early, secret, issued, "signature valid but NOT YET VALID", "but the token is not valid yet (nbf)"},
		{"not verified and not yet valid", early, "", issued, "not verified · NOT YET VALID", "not verified"},
		{"alg none", none, "", issued, `alg "none": UNSIGNED`, `alg "none": no signature at all`},
		{"valid but expired", token, secret, issued.Add(10 * time.Minute), "signature valid but EXPIRED", "but the token has expired"},
		{"valid", token, secret, issued, "signature valid", "signature valid: HS256"},
		{"no key", token, "", issued, "not verified", "not verified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: tc.token, Now: fixedClock(tc.at)}), 80, 24)
			if tc.key != "" {
				m = giveKey(t, m, tc.key)
			}
			lines := strings.Split(m.View(), "\n")
			if !strings.HasPrefix(lines[0], "jwtlab inspect · "+tc.title+" ") {
				t.Errorf("title %q; want the verdict %q on it", lines[0], tc.title)
			}
			if panel := strings.Join(m.signaturePanel(), "\n"); !strings.Contains(panel, tc.panel) {
				t.Errorf("Signature panel lacks %q:\n%s", tc.panel, panel)
			}
			if tc.key == "" {
				return
			}
			// The plain output says the same.
			var plain strings.Builder
			if err := WritePlain(&plain, Config{Token: tc.token, Keys: []*jose.Key{jose.Secret(tc.key)}, Now: fixedClock(tc.at)}); err != nil {
				t.Fatal(err)
			}
			if want := strings.TrimPrefix(tc.panel, "but "); !strings.Contains(plain.String(), want) {
				t.Errorf("plain output lacks %q:\n%s", want, plain.String())
			}
		})
	}
}

func TestRefreshAsAccessOnlyWhenUsedSo(t *testing.T) {
	refresh, _ := josetest.Token("REFRESH")
	if m := New(Config{Token: refresh, Now: fixedClock(issued)}); jose.HasCode(m.warnings, jose.WarnRefreshAsAccess) {
		t.Errorf("a refresh token merely inspected draws refresh-as-access: %v", m.warnings)
	}
	if m := New(Config{Token: refresh, Now: fixedClock(issued), AsAccess: true}); !jose.HasCode(m.warnings, jose.WarnRefreshAsAccess) {
		t.Errorf("with AsAccess (inspect -as access) warnings %v; want refresh-as-access", m.warnings)
	}

	f := &fakeServer{rotate: true, blacklisted: map[string]bool{}, key: jose.Secret("test-signing-key-of-thirty-two-bytes!"), now: issued}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	m := sized(t, New(Config{Server: srv.URL, Now: fixedClock(issued.Add(20 * time.Second))}), 80, 24)
	m = login(t, m, "demo", "demo-password-123")
	m, cmd := send(t, m, keyRunes("m"))
	m = runCmd(t, m, cmd)
	if jose.HasCode(m.warnings, jose.WarnRefreshAsAccess) {
		t.Errorf("the access token sent to /api/me/ draws refresh-as-access: %v", m.warnings)
	}
	m, _ = send(t, m, keyRunes("t")) // show the refresh token
	m, cmd = send(t, m, keyRunes("m"))
	if !jose.HasCode(m.warnings, jose.WarnRefreshAsAccess) {
		t.Errorf("the refresh token sent to /api/me/: warnings %v; want refresh-as-access", m.warnings)
	}
	m = runCmd(t, m, cmd)
	if last := m.live.log[len(m.live.log)-1]; !last.bad || !strings.Contains(last.text, meRefresh+": 200") {
		t.Errorf("last log line %+v; want the server's acceptance of a refresh token flagged", last)
	}
}

func TestAPublicKeyCannotResign(t *testing.T) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	private, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	public, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))
	if err != nil {
		t.Fatal(err)
	}
	token, err := jose.Sign("ES256", private, []byte(`{"sub":"alice","exp":1795902955}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  *jose.Key
		ok   bool
	}{
		{"the public key only verifies", public, false},
		{"the private key re-signs", private, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: token, Keys: []*jose.Key{tc.key}, Now: fixedClock(issued)}), 80, 24)
			m = edit(t, m, "sub", "mallory")
			m, _ = send(t, m, keyRunes("S"))
			if resigned := m.verifyErr == nil; resigned != tc.ok {
				t.Errorf("after S: verify error %v, status %q; want re-signed %v", m.verifyErr, m.status, tc.ok)
			}
			if !tc.ok && !strings.Contains(m.status, "private key") {
				t.Errorf("status %q; want it to say a private key is needed", m.status)
			}
		})
	}
}

// nestedToken is an HS256 token whose header says cty "JWT" and whose
// payload is inner (RFC 7519 §5.2).
func nestedToken(t *testing.T, inner string) string {
	t.Helper()
	s, err := jose.NewSignerHeader(jose.Secret("test-signing-key-of-thirty-two-bytes!"), "HS256", []jose.Claim{{Name: "cty", Value: []byte(`"JWT"`)}})
	if err != nil {
		t.Fatal(err)
	}
	outer, err := s.Sign([]byte(inner))
	if err != nil {
		t.Fatal(err)
	}
	return outer
}

func TestEditWithoutClaimsEditsTheMarkedParameter(t *testing.T) {
	key := jose.Secret("test-signing-key-of-thirty-two-bytes!")
	inner, err := jose.Sign("HS256", key, []byte(`{"sub":"inner-alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		token string
	}{
		{"an empty claims set", mustSign(t, key, `{}`)},
		{"text", mustSign(t, key, "hello")},
		{"binary bytes", mustSign(t, key, "\xff\x00\x01")},
		{"JSON that is not an object", mustSign(t, key, `[1,2]`)},
		{"a nested token", nestedToken(t, inner)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: tc.token, Now: fixedClock(issued)}), 80, 24)
			if len(m.tok.Claims) != 0 {
				t.Fatalf("test premise: %d claims; want none", len(m.tok.Claims))
			}
			last := m.tok.Params[len(m.tok.Params)-1]
			// The one member everything acts on is the one marked.
			if v := m.View(); !strings.Contains(v, "▸ "+string(mustJSON(t, last.Name))+":") || !strings.Contains(v, last.Name+": ") {
				t.Errorf("no claims: the last header parameter %q should be marked and explained:\n%s", last.Name, v)
			}
			m, _ = send(t, m, keyRunes("x"))
			if m.mode != modeEdit || !strings.HasPrefix(m.editInput.Prompt, last.Name+">") {
				t.Fatalf("after x: mode %v, prompt %q; want %q edited", m.mode, m.editInput.Prompt, last.Name)
			}
			m, _ = send(t, m, tea.KeyMsg{Type: tea.KeyEnter}) // the value unchanged
			if m.mode != modeInspect || m.tok == nil || !bytes.Equal(m.tok.Payload, mustDecode(t, tc.token).Payload) {
				t.Errorf("after x, enter: mode %v, status %q; want the token back with its payload", m.mode, m.status)
			}
			if c, _, _ := m.selected(); c.Name != last.Name {
				t.Errorf("after the edit %q is selected; want %q", c.Name, last.Name)
			}
		})
	}
}

func mustSign(t *testing.T, key *jose.Key, payload string) string {
	t.Helper()
	s, err := jose.Sign("HS256", key, []byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustDecode(t *testing.T, token string) *jose.Token {
	t.Helper()
	tok, err := jose.Decode(token)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenSaysWhyNothingOpens(t *testing.T) {
	jwe := strings.SplitN(jweToken(t), ".", 2)
	access, _ := josetest.Token("ACCESS")
	for _, tc := range []struct{ name, token, want string }{
		{"a JWE with cty JWT", jose.EncodeSegment([]byte(`{"alg":"dir","enc":"A256GCM","cty":"JWT"}`)) + "." + jwe[1], "the nested token is encrypted"},
		{"cty JWT over a payload that is no token", nestedToken(t, "hello"), "payload does not decode as a token"},
		{"no cty", access, "no nested token here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sized(t, New(Config{Token: tc.token, Now: fixedClock(issued)}), 80, 24)
			if m.tok == nil {
				t.Fatalf("test premise: the token does not decode: %v", m.parseErr)
			}
			m, _ = send(t, m, keyRunes("o"))
			if !strings.Contains(m.status, tc.want) {
				t.Errorf("o: status %q; want %q", m.status, tc.want)
			}
		})
	}
}

package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"jwtlab/internal/jose"
)

// WritePlain writes the decode the inspector would show as plain text,
// for a stdout that is not a terminal (`jwtlab inspect TOKEN | cat`):
// header, payload, times, warnings and the signature verdict, with no
// escape codes and no key reading. It fails only when the token does not
// decode or w cannot be written.
func WritePlain(w io.Writer, cfg Config) error {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	tok, err := jose.Parse(jose.Clean(cfg.Token))
	if err != nil {
		return err
	}
	m := New(Config{Keys: cfg.Keys, Alg: cfg.Alg, Now: cfg.Now}).setToken(tok.Raw)
	var b strings.Builder
	section := func(name string) { fmt.Fprintf(&b, "\n%s\n", name) }
	b.WriteString("jwtlab inspect · " + m.now.UTC().Format(time.DateTime+" UTC") + "\n")

	section("HEADER (alg & type)")
	b.WriteString(indentJSON(tok.HeaderJSON) + "\n")
	section("PAYLOAD (claims)")
	if tok.PayloadIsJSON() {
		b.WriteString(indentJSON(tok.Payload) + "\n")
	} else {
		fmt.Fprintf(&b, "(not JSON: %d bytes) %s\n", len(tok.Payload), Escape(fmt.Sprintf("%q", tok.Payload)))
	}

	var times []string
	for _, name := range []string{"iat", "nbf", "exp"} {
		if at, ok, err := tok.NumericDate(name); ok && err == nil {
			times = append(times, fmt.Sprintf("%-4s %s  %s", name, at.UTC().Format(time.DateTime+" UTC"), jose.Relative(name, at, m.now)))
		}
	}
	if len(times) > 0 {
		section("TIMES")
		b.WriteString(strings.Join(times, "\n") + "\n")
	}

	section(fmt.Sprintf("WARNINGS (%d)", len(m.warnings)))
	if len(m.warnings) == 0 {
		b.WriteString("none\n")
	}
	for _, warn := range m.warnings {
		fmt.Fprintf(&b, "! %s: %s\n", warn.Code, Escape(warn.Message))
	}

	section("SIGNATURE")
	fmt.Fprintf(&b, "alg     %s\n", Escape(tok.Alg()))
	b.WriteString("verdict " + m.verdict() + "\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// verdict is the signature status in one line of words.
func (m Model) verdict() string {
	t := m.tok
	switch {
	case strings.EqualFold(t.Alg(), "none"):
		return `alg "none": no signature at all; a verifier must refuse it`
	case len(m.keyset) == 0:
		return "not verified (no key given: -secret, -key or -jwks)"
	case m.verifyErr != nil:
		return "does not verify: " + Escape(m.verifyErr.Error())
	}
	pinned := m.cfg.Alg
	if pinned == "" {
		pinned = m.verified.PinnedAlg()
	}
	v := fmt.Sprintf("signature valid: %s, pinned %s, with the %s", Escape(t.Alg()), pinned, m.verified.Kind())
	if jose.HasCode(m.warnings, jose.WarnExpired) {
		v += "; but the token has expired"
	}
	return v
}

func indentJSON(b []byte) string {
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") != nil {
		return Escape(string(b))
	}
	return Escape(out.String())
}

// Escape shows control characters (C0 but newline and tab, DEL, C1) and
// the bidirectional formatting characters (U+202E and its kin) as \uXXXX:
// printed raw they can reorder or hide what a reader sees, the
// "Trojan Source" trick (CVE-2021-42574). Inside a JSON string \uXXXX is
// the same character, so escaped JSON still means the same.
func Escape(s string) string {
	if strings.IndexFunc(s, hidden) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case unicode.IsControl(r): // C0, DEL and C1
		return true
	case r == '\u061c', r == '\u200e', r == '\u200f', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true // the bidi formatting marks, embeddings, overrides and isolates
	}
	return false
}

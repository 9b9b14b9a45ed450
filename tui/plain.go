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
	"jwtlab/internal/reltime"
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
	tok, err := jose.Decode(jose.Clean(cfg.Token))
	if err != nil {
		return err
	}
	m := New(Config{Keys: cfg.Keys, Alg: cfg.Alg, AsAccess: cfg.AsAccess, Now: cfg.Now, Location: cfg.Location}).setToken(tok.Raw)
	var b strings.Builder
	section := func(name string) { fmt.Fprintf(&b, "\n%s\n", name) }
	b.WriteString("jwtlab inspect · " + m.now.UTC().Format(time.DateTime+" UTC") + "\n")

	section("HEADER (alg & type)")
	b.WriteString(indentJSON(tok.HeaderJSON) + "\n")
	section("PAYLOAD (" + payloadLabel(tok) + ")")
	switch {
	case tok.JWE != nil:
		b.WriteString(strings.Join(encryptedLines(tok), "\n") + "\n")
	case tok.PayloadIsJSON():
		b.WriteString(indentJSON(tok.Payload) + "\n")
	default:
		fmt.Fprintf(&b, "(%d bytes) %s\n", len(tok.Payload), payloadText(tok.Payload))
	}

	var times []string
	for _, name := range []string{"iat", "nbf", "exp"} {
		if at, ok, err := tok.NumericDate(name); ok && err == nil {
			times = append(times, fmt.Sprintf("%-4s %s%s  %s", name, at.UTC().Format(time.DateTime+" UTC"), m.local(at), reltime.Describe(name, at, m.now)))
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
	if tok.JWE != nil {
		fmt.Fprintf(&b, "enc     %s\n", Escape(tok.Enc()))
	}
	b.WriteString("verdict " + m.verdict() + "\n")
	if inner, ok := tok.Nested(); ok {
		// A nested JWT (RFC 7519 §5.2): the payload is a token of its own,
		// decoded below the outer one with the same keys and clock.
		fmt.Fprintf(&b, "\nNESTED TOKEN (the payload, cty %s)\n", quoteJSON(tok.HeaderString("cty")))
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		cfg.Token = inner
		return WritePlain(w, cfg)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// verdict is the signature status in one line of words.
func (m Model) verdict() string {
	t := m.tok
	switch {
	case t.JWE != nil:
		return "encrypted (JWE): no signature to check; only the recipient's key decrypts it, and jwtlab does not decrypt"
	case strings.EqualFold(t.Alg(), "none"):
		return `alg "none": no signature at all; a verifier must refuse it`
	case len(m.keyset) == 0:
		return "not verified (no key given: -secret, -secret-file, -key or -jwks)"
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
	} else if jose.HasCode(m.warnings, jose.WarnNbfFuture) {
		v += "; but the token is not valid yet (nbf)"
	}
	return v
}

// payloadLabel says what the payload is, after PAYLOAD, on the screen and
// in the plain text.
func payloadLabel(t *jose.Token) string {
	switch {
	case t.JWE != nil:
		return "encrypted: JWE"
	case t.PayloadIsJSON():
		return "claims"
	}
	if _, ok := t.Nested(); ok {
		return `a nested JWT: cty "JWT"`
	}
	return "no claims: not a JSON object"
}

// payloadText is a payload that is no claims set, on one line: JSON (an
// array, a string...) as it is, compacted; anything else, text or a
// nested token, as a JSON string, escaped as the claims are.
func payloadText(p []byte) string {
	if json.Valid(p) {
		return Escape(string(compact(p)))
	}
	return quoteJSON(string(p))
}

// encryptedLines say what a JWE's payload is, for the TUI and plain text.
func encryptedLines(t *jose.Token) []string {
	j := t.JWE
	key := fmt.Sprintf("%d-byte encrypted key (alg %s)", len(j.EncryptedKey), Escape(t.Alg()))
	if len(j.EncryptedKey) == 0 {
		key = fmt.Sprintf("no encrypted key (alg %s: content key shared or agreed)", Escape(t.Alg()))
	}
	return []string{
		fmt.Sprintf("encrypted with enc %s: %d bytes of ciphertext", Escape(t.Enc()), len(j.Ciphertext)),
		fmt.Sprintf("%s, %d-byte IV, %d-byte tag", key, len(j.IV), len(j.Tag)),
		"the claims are unreadable without the recipient's key; jwtlab does not decrypt",
	}
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

// quoteJSON is s as a JSON string, quotes included, the way the token's
// own JSON writes it: control characters (newline and tab too) as \n, \t
// or \uXXXX, a byte that is not UTF-8 as \ufffd (encoding/json's
// escaping, HTML characters aside), then Escape for what JSON leaves raw
// (DEL, C1, the bidi marks). A name shown so stays on one line and reads
// as the values beside it do.
func quoteJSON(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // <, > and & are only text on a screen
	_ = enc.Encode(s)        // a string always encodes
	return Escape(strings.TrimSuffix(b.String(), "\n"))
}

// nameText is a header parameter's or claim's name (or another one-line
// identifier) escaped as quoteJSON escapes it, without the quotes: how a
// note, a prompt or a status names a member.
func nameText(s string) string {
	q := quoteJSON(s)
	return q[1 : len(q)-1]
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

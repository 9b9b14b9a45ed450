package jose

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Errors returned when a token or key is refused. Match them with errors.Is;
// the wrapped message says which part and why.
var (
	ErrMalformed    = errors.New("malformed token")
	ErrAlgNone      = errors.New(`alg "none" is never accepted`)
	ErrAlgMismatch  = errors.New("algorithm mismatch")
	ErrUnsupported  = errors.New("unsupported algorithm")
	ErrKeyMismatch  = errors.New("key does not fit the algorithm")
	ErrKeyRefused   = errors.New("key refused")
	ErrNoKey        = errors.New("no key")
	ErrSignature    = errors.New("invalid signature")
	ErrNotLoopback  = errors.New("JWKS URL must name a loopback host")
	ErrKeyAmbiguous = errors.New("ambiguous key set")
	ErrEncrypted    = errors.New("encrypted token")
	ErrCritical     = errors.New("critical extension not understood")
)

// Token is a decoded compact JWS (RFC 7515 §7.1). Decoding does not verify
// anything: it only shows what the token claims to be.
type Token struct {
	Raw      string    // the token as given, after Clean
	Segments [3]string // base64url text of header, payload and signature

	HeaderJSON []byte         // the decoded header bytes, exactly as signed
	Header     map[string]any // the header, numbers kept as json.Number
	Payload    []byte         // the decoded payload bytes (need not be JSON)
	Signature  []byte         // the decoded signature bytes

	// Params lists the header's members in the order they appear.
	Params []Claim
	// Claims lists the payload's members in the order they appear, when the
	// payload is a JSON object; nil otherwise.
	Claims []Claim

	// JWE is set when [Decode] read an encrypted token; Payload is then
	// its ciphertext and Signature its authentication tag, and there are
	// no Claims.
	JWE *JWE
}

// JWE is what can be read of a compact JWE (RFC 7516 §7.1) without its
// key: the protected header (in Token) and the sizes of the rest.
type JWE struct {
	Segments     [5]string // header, encrypted key, IV, ciphertext, tag
	EncryptedKey []byte    // empty with alg "dir" (RFC 7518 §4.5)
	IV           []byte
	Ciphertext   []byte
	Tag          []byte
}

// Enc returns an encrypted token's "enc" header, or "".
func (t *Token) Enc() string { return t.HeaderString("enc") }

// Nested returns the token a JWS carries as its payload when its header
// says cty "JWT" (RFC 7519 §5.2: a nested JWT); the "application/" prefix
// may be spelled out (RFC 7515 §4.1.10) and media types ignore case.
func (t *Token) Nested() (string, bool) {
	cty := strings.ToLower(t.HeaderString("cty"))
	if t.JWE != nil || strings.TrimPrefix(cty, "application/") != "jwt" {
		return "", false
	}
	inner := strings.TrimSpace(string(t.Payload))
	if _, err := Decode(inner); err != nil {
		return "", false
	}
	return inner, true
}

// Claim is one header or payload member, kept in token order with its raw
// JSON value.
type Claim struct {
	Name  string
	Value json.RawMessage
}

// Alg returns the header's "alg" value, or "" when absent or not a string.
func (t *Token) Alg() string { return t.HeaderString("alg") }

// HeaderString returns a string header parameter, or "".
func (t *Token) HeaderString(name string) string {
	s, _ := t.Header[name].(string)
	return s
}

// SigningInput is what the signature covers: ASCII(header) "." ASCII(payload)
// (RFC 7515 §5.1 step 5) — the base64url text, not the decoded JSON.
func (t *Token) SigningInput() string { return t.Segments[0] + "." + t.Segments[1] }

// Claim returns the raw JSON value of the named payload member. A name
// given twice reads as its last value, as Go's encoding/json, Python's
// json module and so the server and simplejwt read it.
func (t *Token) Claim(name string) (json.RawMessage, bool) {
	for i := len(t.Claims) - 1; i >= 0; i-- {
		if c := t.Claims[i]; c.Name == name {
			return c.Value, true
		}
	}
	return nil, false
}

// PayloadIsJSON reports whether the payload is a JSON object (a JWT claims
// set); a JWS payload may be any bytes.
func (t *Token) PayloadIsJSON() bool { return t.Claims != nil }

// Clean trims what people paste around a token: surrounding white space and
// an "Authorization: Bearer " or "Bearer " prefix. It does not touch white
// space inside the token, which would change the signed bytes.
func Clean(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := cutPrefixFold(s, "Authorization:"); ok {
		s = strings.TrimSpace(rest)
	}
	if rest, ok := cutPrefixFold(s, "Bearer "); ok {
		s = strings.TrimSpace(rest)
	}
	return s
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// Parse decodes a compact JWS: three base64url segments, the first a JSON
// object. It is strict — no padding, no characters outside the base64url
// alphabet, no stray bits — because a lenient decoder lets two different
// strings carry the same signature.
func Parse(s string) (*Token, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty input", ErrMalformed)
	}
	if s[0] == '{' {
		return nil, fmt.Errorf("%w: JSON serialization is not supported, only the compact form header.payload.signature", ErrMalformed)
	}
	parts := strings.Split(s, ".")
	switch {
	case len(parts) == 5:
		return nil, fmt.Errorf("%w: 5 segments is an encrypted JWE, not a signed JWS", ErrMalformed)
	case len(parts) != 3:
		return nil, fmt.Errorf("%w: %d segment(s) separated by '.', want 3 (header.payload.signature)", ErrMalformed, len(parts))
	}
	t := &Token{Raw: s, Segments: [3]string(parts)}
	var err error
	names := [3]string{"header", "payload", "signature"}
	out := [3]*[]byte{&t.HeaderJSON, &t.Payload, &t.Signature}
	for i, p := range parts {
		if *out[i], err = DecodeSegment(p); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, names[i], err)
		}
	}
	if len(t.HeaderJSON) == 0 {
		return nil, fmt.Errorf("%w: header is empty", ErrMalformed)
	}
	if t.Header, err = decodeObject(t.HeaderJSON); err != nil {
		return nil, fmt.Errorf("%w: header is not a JSON object: %v", ErrMalformed, err)
	}
	if _, ok := t.Header["alg"].(string); !ok {
		return nil, fmt.Errorf(`%w: header has no "alg" string (RFC 7515 §4.1.1)`, ErrMalformed)
	}
	t.Params, _ = orderedMembers(t.HeaderJSON)
	t.Claims, _ = orderedMembers(t.Payload)
	return t, nil
}

// Decode is [Parse] that also reads a compact JWE (five segments, RFC 7516
// §7.1): its protected header is decoded and the rest kept as bytes, for
// showing. It is for inspecting only: a JWE cannot be verified, and
// [Verify] refuses it.
func Decode(s string) (*Token, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 5 || s == "" || s[0] == '{' {
		return Parse(s)
	}
	j := &JWE{Segments: [5]string(parts)}
	t := &Token{Raw: s, Segments: [3]string{parts[0], parts[3], parts[4]}, JWE: j}
	names := [5]string{"protected header", "encrypted key", "initialization vector", "ciphertext", "authentication tag"}
	out := [5]*[]byte{&t.HeaderJSON, &j.EncryptedKey, &j.IV, &j.Ciphertext, &j.Tag}
	for i, p := range parts {
		var err error
		if *out[i], err = DecodeSegment(p); err != nil {
			return nil, fmt.Errorf("%w: JWE %s: %v", ErrMalformed, names[i], err)
		}
	}
	t.Payload, t.Signature = j.Ciphertext, j.Tag
	var err error
	if t.Header, err = decodeObject(t.HeaderJSON); err != nil {
		return nil, fmt.Errorf("%w: JWE protected header is not a JSON object: %v", ErrMalformed, err)
	}
	for _, name := range []string{"alg", "enc"} {
		if _, ok := t.Header[name].(string); !ok {
			return nil, fmt.Errorf(`%w: JWE header has no %q string (RFC 7516 §4.1)`, ErrMalformed, name)
		}
	}
	t.Params, _ = orderedMembers(t.HeaderJSON)
	return t, nil
}

// DecodeSegment decodes unpadded base64url (RFC 7515 §2), refusing padding,
// white space, line breaks and non-zero unused bits, all of which Go's
// decoder would otherwise skip or accept.
func DecodeSegment(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if !isBase64URL(s[i]) {
			return nil, fmt.Errorf("byte %d is %q, not in the base64url alphabet", i, s[i])
		}
	}
	if len(s)%4 == 1 {
		return nil, fmt.Errorf("length %d cannot be base64url (a lone final character holds only 6 bits)", len(s))
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("not canonical base64url: %v", err)
	}
	return b, nil
}

// EncodeSegment is base64url without padding.
func EncodeSegment(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func isBase64URL(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// decodeObject decodes a JSON object keeping numbers exact.
func decodeObject(b []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null")
	}
	if d.More() {
		return nil, errors.New("trailing data after the object")
	}
	if _, err := d.Token(); err == nil {
		return nil, errors.New("trailing data after the object")
	}
	return m, nil
}

// Members returns a JSON object's members in source order, duplicates
// included; it fails when b is not one JSON object.
func Members(b []byte) ([]Claim, error) { return orderedMembers(b) }

// orderedMembers returns an object's members in source order.
func orderedMembers(b []byte) ([]Claim, error) {
	if _, err := decodeObject(b); err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	if _, err := d.Token(); err != nil { // the opening brace
		return nil, err
	}
	claims := []Claim{}
	for d.More() {
		k, err := d.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		claims = append(claims, Claim{Name: k.(string), Value: v})
	}
	return claims, nil
}

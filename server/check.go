package server

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// keyFor is golang-jwt's keyfunc. Only the kid selects a key, and only
// among the keys loaded at start; jku, jwk, x5u and x5c headers are
// never read, so a token cannot bring its own key. A header with "crit"
// is refused: it lists extensions the verifier must understand (RFC 7515
// §4.1.11), and this server understands none; golang-jwt never reads it.
// (PyJWT 2.6, under simplejwt 5.2.2, ignores it and accepts the token.)
func (ts *tokens) keyFor(t *jwt.Token) (any, error) {
	if _, ok := t.Header["crit"]; ok {
		return nil, errCrit
	}
	kid := ""
	if v, ok := t.Header["kid"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, errKIDNotString
		}
		kid = s
	}
	k, ok := ts.keys.lookup(kid)
	if !ok && kid == "" {
		k, ok = ts.keys.signing, true
	}
	if !ok {
		return nil, errUnknownKID
	}
	if t.Method.Alg() != k.key.Alg {
		return nil, errAlgMismatch
	}
	return k.public, nil
}

// parse checks a token's signature and time claims, then runs
// simplejwt's Token.verify: exp present, jti present, and the type when
// want is not empty. The cause of ErrTokenInvalid is kept for logs.
func (ts *tokens) parse(raw, want string) (*claims, error) {
	c, err := ts.verify(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTokenInvalid, err)
	}
	if _, ok := c.get("exp"); !ok {
		return nil, ErrTokenNoExp
	}
	if _, ok := c.get(claimJTI); !ok {
		return nil, ErrTokenNoID
	}
	if want != "" {
		typ, ok := c.get(claimType)
		if !ok {
			return nil, ErrTokenNoType
		}
		if string(typ) != `"`+want+`"` {
			return nil, ErrTokenWrongType
		}
	}
	return c, nil
}

// verify checks the signature and the time claims. A token whose header
// segment is, byte for byte, the header one of our keys writes (simplejwt
// writes the same) names its key and algorithm without any parsing: its
// signature is checked with that key's golang-jwt method, then its claims
// with golang-jwt's validator. Any other header goes through golang-jwt's
// full parser. Both paths pin the algorithm to the key; the first saves
// decoding the header into a map on every request.
func (ts *tokens) verify(raw string) (*claims, error) {
	// encoding/base64 skips CR and LF, even in Strict mode, so a token
	// with a line break inside would verify as the one without: a second
	// spelling of one token. (PyJWT 2.6 takes a CRLF, and refuses a lone
	// LF in an HS256 signature only because it pads by length.)
	if strings.ContainsAny(raw, "\r\n") {
		return nil, fmt.Errorf("%w: line break", jwt.ErrTokenMalformed)
	}
	head, rest, _ := strings.Cut(raw, ".")
	k := ts.keys.byHeader[head]
	payload, sig, ok := strings.Cut(rest, ".")
	if k == nil || !ok || strings.Contains(sig, ".") {
		c := newClaims()
		_, err := ts.parser.ParseWithClaims(raw, c, ts.keyFor)
		return c, err
	}
	sigBytes, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	if err := k.method.Verify(raw[:len(head)+1+len(payload)], sigBytes, k.public); err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenSignatureInvalid, err)
	}
	body, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	c := newClaims()
	if err := c.UnmarshalJSON(body); err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	if err := ts.validator.Validate(c); err != nil {
		return nil, err
	}
	return c, nil
}

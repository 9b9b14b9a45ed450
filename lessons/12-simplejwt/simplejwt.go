//lint:file-ignore ST1005 the messages are simplejwt's own, capitals and all, so they can be compared with Django's

package simplejwt

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	hmac "jwtlab/lessons/06-hmac"
)

//go:embed testdata
var testdata embed.FS

// Header is the exact header PyJWT writes for simplejwt.
const Header = `{"alg":"HS256","typ":"JWT"}`

// simplejwt's messages (rest_framework_simplejwt/tokens.py), as sentinels.
var (
	ErrInvalid   = errors.New("Token is invalid or expired")
	ErrNoExp     = errors.New("Token has no 'exp' claim")
	ErrNoID      = errors.New("Token has no id")
	ErrNoType    = errors.New("Token has no type")
	ErrWrongType = errors.New("Token has wrong type")
)

// Decode returns the header and payload bytes exactly as the issuer wrote
// them. It checks nothing.
func Decode(token string) (header, payload string, err error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", "", ErrInvalid
	}
	h, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	p, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	if err := errors.Join(err1, err2); err != nil {
		return "", "", err
	}
	return string(h), string(p), nil
}

// Claims are the values simplejwt reads from a payload.
type Claims struct {
	TokenType string
	Exp, Iat  int64
	JTI       string          // "" when the jti is not a string
	UserID    json.RawMessage // a number, or a string Django compares as one
}

// Verify checks a token the way simplejwt 5.2.2 does for an endpoint that
// expects tokenType: first what PyJWT 2.6 checks (HS256 signature; iat,
// nbf and exp against now, each when present), all reported as ErrInvalid;
// then simplejwt's own checks, in its order: exp present, jti present (any
// value), token_type. It agrees with simplejwt on tokens written as
// simplejwt writes them: integer times, canonical base64url (lesson 2). A
// time with a fraction is where they part: PyJWT reads exp and nbf with
// int() and compares iat as it is, so it takes an exp of 1795903000.5,
// which Verify refuses.
func Verify(key []byte, token, tokenType string, now time.Time) (Claims, error) {
	if err := hmac.Verify(key, token); err != nil {
		return Claims{}, ErrInvalid
	}
	_, payload, err := Decode(token)
	if err != nil {
		return Claims{}, ErrInvalid
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return Claims{}, ErrInvalid
	}
	var c Claims
	_, hasExp := raw["exp"]
	if hasExp && (json.Unmarshal(raw["exp"], &c.Exp) != nil || now.Unix() >= c.Exp) {
		return Claims{}, ErrInvalid // PyJWT: expired, or exp not a number
	}
	if _, ok := raw["iat"]; ok && (json.Unmarshal(raw["iat"], &c.Iat) != nil || c.Iat > now.Unix()) {
		return Claims{}, ErrInvalid // PyJWT: issued in the future
	}
	var nbf int64
	if _, ok := raw["nbf"]; ok && (json.Unmarshal(raw["nbf"], &nbf) != nil || nbf > now.Unix()) {
		return Claims{}, ErrInvalid // PyJWT: not yet valid
	}
	if !hasExp {
		return Claims{}, ErrNoExp
	}
	// simplejwt asks only whether the claim is there: "" or 7 will do.
	if _, ok := raw["jti"]; !ok {
		return Claims{}, ErrNoID
	}
	json.Unmarshal(raw["jti"], &c.JTI)
	if _, ok := raw["token_type"]; !ok {
		return Claims{}, ErrNoType
	}
	if json.Unmarshal(raw["token_type"], &c.TokenType) != nil || c.TokenType != tokenType {
		return Claims{}, ErrWrongType
	}
	c.UserID = raw["user_id"]
	return c, nil
}

// Mint makes a token in simplejwt's exact layout: PyJWT's header, then
// token_type, exp, iat, jti, user_id as compact JSON.
func Mint(key []byte, tokenType string, userID int64, iat time.Time, lifetime time.Duration, jti string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // Python's json.dumps does not escape <, > and &
	enc.Encode(struct {
		TokenType string `json:"token_type"`
		Exp       int64  `json:"exp"`
		Iat       int64  `json:"iat"`
		JTI       string `json:"jti"`
		UserID    int64  `json:"user_id"`
	}{tokenType, iat.Add(lifetime).Unix(), iat.Unix(), jti, userID})
	return hmac.Mint(key, Header, strings.TrimSuffix(b.String(), "\n"))
}

// NewJTI is simplejwt's jti: a random (version 4) UUID as 32 hex digits.
func NewJTI() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return hex.EncodeToString(u[:])
}

// Recorded returns a token from testdata/tokens.json by its name there.
func Recorded(name string) string {
	b, err := testdata.ReadFile("testdata/tokens.json")
	if err != nil {
		panic(err) // embedded at build time
	}
	var all map[string]string
	if err := json.Unmarshal(b, &all); err != nil {
		panic(err)
	}
	tok, ok := all[name]
	if !ok {
		panic(fmt.Sprintf("no recorded token %q", name))
	}
	return tok
}

// Key returns the peer's shared signing secret from testdata.
func Key() []byte {
	b, err := testdata.ReadFile("testdata/signing.key")
	if err != nil {
		panic(err) // embedded at build time
	}
	return b
}

package golangjwt

import (
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jwtlab/lessons/02-base64url"
	header "jwtlab/lessons/03-header"
	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
)

//go:embed testdata
var testdata embed.FS

// Claims is simplejwt's payload in simplejwt's order: token_type, then
// RegisteredClaims (of which exp, iat and jti are set), then user_id.
type Claims struct {
	TokenType string `json:"token_type"`
	jwt.RegisteredClaims
	UserID int64 `json:"user_id"`
}

// NewParser returns the parser options simplejwt's checks map to: HS256
// only, exp required, iat checked, strict base64 (but for CR and LF), and
// the given clock; then extra, such as jwt.WithAudience and jwt.WithIssuer
// for simplejwt's AUDIENCE and ISSUER. extra is applied last, so an extra
// jwt.WithValidMethods would replace the HS256 pin (golang-jwt v5.3.1
// parser_option.go). The parser alone is not enough: Parse adds the checks
// it cannot make.
func NewParser(now func() time.Time, extra ...jwt.ParserOption) *jwt.Parser {
	return jwt.NewParser(append([]jwt.ParserOption{
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(now),
	}, extra...)...)
}

// CheckHeader refuses, before golang-jwt sees a token, what golang-jwt
// v5.3.1 lets through: a CR or LF anywhere (WithStrictDecoding is
// encoding/base64's Strict, which skips them, so a signature with a line
// break in it verifies: lesson 2), and a header lesson 3's ParseHeader
// refuses ("crit", which golang-jwt never reads; a repeated or miscased
// member). Its errors are golang-jwt's ErrTokenMalformed, so a caller
// matches them as it matches the parser's.
func CheckHeader(token string) error {
	if strings.ContainsAny(token, "\r\n") {
		return fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, base64url.ErrLineBreak)
	}
	head, _, _ := strings.Cut(token, ".")
	if _, err := header.ParseHeader(head); err != nil {
		return fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	return nil
}

// The ways Parse refuses a token whose signature golang-jwt accepted.
var (
	ErrClaimCase = errors.New("claim name in the wrong case")
	ErrTokenType = errors.New("token has wrong type")
)

// Parse verifies an HS256 access token with key and p, which must come
// from NewParser: the alg pin, exp, iat and strict decoding are p's
// options, and a parser without them skips those checks (TestParse shows
// one). With such a p, Parse checks: CheckHeader, signature, alg HS256 (an
// HMAC key, so no other key type can be picked), exp required and not
// passed, iat, token_type "access", the exact case of exp, iat, nbf, jti,
// token_type and user_id, and what NewParser's extra adds. Leaves to the
// caller: a key of at least 32 random bytes (golang-jwt takes any, even an
// empty one), aud and iss (pass jwt.WithAudience and jwt.WithIssuer to
// NewParser), that jti is present (simplejwt 5.2.2 requires it), the user,
// and revocation by jti.
//
// The case check is needed because golang-jwt v5.3.1 decodes claims with
// encoding/json (parser.go, ParseUnverified), which matches field names
// case-insensitively: to RegisteredClaims, "EXP" is exp. A MapClaims keeps
// names as they are, so the check reads the payload as a map.
func Parse(p *jwt.Parser, key []byte, token string) (*Claims, error) {
	if err := CheckHeader(token); err != nil {
		return nil, err
	}
	var c Claims
	_, err := p.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return key, nil })
	if err != nil {
		return nil, err
	}
	var m jwt.MapClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &m); err != nil {
		return nil, err
	}
	for name := range m {
		for _, want := range []string{"exp", "iat", "nbf", "jti", "token_type", "user_id"} {
			if name != want && strings.EqualFold(name, want) {
				return nil, fmt.Errorf("%w: %q", ErrClaimCase, name)
			}
		}
	}
	if m["token_type"] != "access" {
		return nil, fmt.Errorf("%w: %v, want access", ErrTokenType, m["token_type"])
	}
	return &c, nil
}

// Mint signs claims with HS256 the way golang-jwt always does.
func Mint(key []byte, c Claims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
}

// ErrMalformed reports a string that is not a compact JWS.
var ErrMalformed = errors.New("not a compact JWS")

// VerifyJWS checks a compact JWS with any payload against one key:
// lesson 3's strict header parsing, lesson 8's rules for which key may
// verify which alg (use, key_ops, alg, key type and, for EC, the curve),
// strict base64 everywhere, then golang-jwt's signing method for the
// cryptography. The curve check is VerifyJWS's own: golang-jwt v5.3.1's
// ES256 takes any ECDSA key and refuses a P-521 signature only because it
// is not 64 bytes long (ecdsa.go, Verify).
func VerifyJWS(k asym.JWK, token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ErrMalformed
	}
	h, err := header.ParseHeader(parts[0])
	if err != nil {
		return err
	}
	if err := jwk.Fits(k, h.Alg); err != nil {
		return err
	}
	if _, err := base64url.Decode(parts[1]); err != nil {
		return fmt.Errorf("%w: payload encoding", ErrMalformed)
	}
	sig, err := base64url.Decode(parts[2])
	if err != nil {
		return fmt.Errorf("%w: signature encoding", ErrMalformed)
	}
	method := jwt.GetSigningMethod(h.Alg)
	if method == nil {
		return fmt.Errorf("%w: unknown alg %q", ErrMalformed, h.Alg)
	}
	var key any
	if k.Kty == "oct" {
		if key, err = base64.RawURLEncoding.DecodeString(k.K); err != nil {
			return err
		}
	} else if key, err = asym.PublicKey(k); err != nil {
		return err
	}
	return method.Verify(parts[0]+"."+parts[1], sig, key)
}

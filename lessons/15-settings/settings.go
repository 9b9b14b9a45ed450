package settings

import (
	"crypto"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// simplejwt's own refusals (tokens.py, Token.verify), in Go's lower case.
var (
	ErrNoID      = errors.New("token has no id")      // "Token has no id"
	ErrTokenType = errors.New("token has wrong type") // "Token has wrong type"
)

// Settings are the simplejwt settings that decide how a token is verified,
// with simplejwt's names. The zero value is not simplejwt's default: set
// Algorithm to "HS256" and SigningKey to the secret.
type Settings struct {
	Algorithm    string           // ALGORITHM: the one alg accepted
	SigningKey   []byte           // SIGNING_KEY: the HMAC secret for HS*
	VerifyingKey crypto.PublicKey // VERIFYING_KEY: the public key for RS*/ES*; unused for HS*
	Audience     string           // AUDIENCE: "" means aud is not checked
	Issuer       string           // ISSUER: "" means iss is not checked
}

// Verify checks a token as simplejwt's TokenBackend.decode does --
// signature with the pinned Algorithm and the key that Algorithm reads;
// exp, nbf and iat; aud and iss when set -- then the claims simplejwt
// itself requires, in its order: exp present, jti present (with any
// value: simplejwt looks no further), token_type "access". Leaves to the
// caller: the user, revocation.
func (s Settings) Verify(token string, now time.Time) (jwt.MapClaims, error) {
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{s.Algorithm}),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(), jwt.WithTimeFunc(func() time.Time { return now }),
	}
	if s.Audience != "" {
		opts = append(opts, jwt.WithAudience(s.Audience))
	}
	if s.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(s.Issuer))
	}
	claims := jwt.MapClaims{}
	_, err := jwt.NewParser(opts...).ParseWithClaims(token, claims, func(*jwt.Token) (any, error) {
		if strings.HasPrefix(s.Algorithm, "HS") {
			return s.SigningKey, nil // get_verifying_key: HS* ignores VERIFYING_KEY
		}
		return s.VerifyingKey, nil
	})
	if err != nil {
		return nil, err
	}
	if _, ok := claims["jti"]; !ok {
		return nil, ErrNoID
	}
	if claims["token_type"] != "access" {
		return nil, ErrTokenType
	}
	return claims, nil
}

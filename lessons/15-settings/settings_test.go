package settings_test

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	clock "jwtlab/lessons/05-time"
	settings "jwtlab/lessons/15-settings"
)

// TestVerifyRequiresJTI: simplejwt 5.2.2 refuses a token without a jti
// ("Token has no id", Token.verify in tokens.py), but checks only that the
// claim is there, so an empty jti passes.
func TestVerifyRequiresJTI(t *testing.T) {
	secret := []byte("an-example-secret-of-32-bytes-or-more")
	s := settings.Settings{Algorithm: "HS256", SigningKey: secret}
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"token_type": "access", "exp": clock.Now.Add(5 * time.Minute).Unix(),
			"iat": clock.Now.Unix(), "jti": "15d1a2b3c4d5e6f708192a3b4c5d6e7f", "user_id": 1}
	}
	noJTI, emptyJTI := base(), base()
	delete(noJTI, "jti")
	emptyJTI["jti"] = ""
	noJTINoType := base()
	delete(noJTINoType, "jti")
	delete(noJTINoType, "token_type")
	tests := []struct {
		name   string
		claims jwt.MapClaims
		want   error
	}{
		{"a token with a jti is accepted", base(), nil},
		{"a token without a jti is refused", noJTI, settings.ErrNoID},
		{"an empty jti is there, so it passes", emptyJTI, nil},
		{"no jti is reported before no token_type, in simplejwt's order", noJTINoType, settings.ErrNoID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, tt.claims).SignedString(secret)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Verify(token, clock.Now); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Verify(%v) = %v; want %v", tt.claims, err, tt.want)
			}
		})
	}
}

// TestVerifyRequiresAccessAndExp: Verify's comment claims token_type
// "access" and exp, as simplejwt's AccessToken does (Token.verify and
// check_exp in tokens.py, 5.2.2): a refresh token, an expired token and a
// token without exp are refused, beside an access token that passes.
func TestVerifyRequiresAccessAndExp(t *testing.T) {
	secret := []byte("an-example-secret-of-32-bytes-or-more")
	s := settings.Settings{Algorithm: "HS256", SigningKey: secret}
	claims := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"token_type": "access", "exp": clock.Now.Add(5 * time.Minute).Unix(),
			"iat": clock.Now.Unix(), "jti": "15d1a2b3c4d5e6f708192a3b4c5d6e7f", "user_id": 1}
		change(c)
		return c
	}
	tests := []struct {
		name   string
		claims jwt.MapClaims
		want   error
	}{
		{"an access token is accepted", claims(func(jwt.MapClaims) {}), nil},
		{"a refresh token used as access is refused", claims(func(c jwt.MapClaims) {
			c["token_type"], c["exp"] = "refresh", clock.Now.Add(24*time.Hour).Unix()
		}), settings.ErrTokenType},
		{"a token without token_type is refused", claims(func(c jwt.MapClaims) { delete(c, "token_type") }), settings.ErrTokenType},
		{"an expired token is refused", claims(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = clock.Now.Add(-10*time.Minute).Unix(), clock.Now.Add(-5*time.Minute).Unix()
		}), jwt.ErrTokenExpired},
		{"a token without exp is refused", claims(func(c jwt.MapClaims) { delete(c, "exp") }), jwt.ErrTokenRequiredClaimMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, tt.claims).SignedString(secret)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Verify(token, clock.Now); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Verify(%v) = %v; want %v", tt.claims, err, tt.want)
			}
		})
	}
}

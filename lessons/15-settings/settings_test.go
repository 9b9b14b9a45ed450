package settings_test

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	clock "jwtlab/lessons/05-time"
	settings "jwtlab/lessons/15-settings"
)

// TestVerify holds Verify to the checks its comment claims, each as
// simplejwt 5.2.2's AccessToken makes it (Token.verify and check_exp in
// tokens.py): a jti must be there, though an empty one passes, and is
// missed before token_type, in simplejwt's order; token_type must be
// "access"; exp must be there and not passed.
func TestVerify(t *testing.T) {
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
		{"a token without a jti is refused", claims(func(c jwt.MapClaims) { delete(c, "jti") }), settings.ErrNoID},
		{"an empty jti is there, so it passes", claims(func(c jwt.MapClaims) { c["jti"] = "" }), nil},
		{"no jti is reported before no token_type, in simplejwt's order", claims(func(c jwt.MapClaims) {
			delete(c, "jti")
			delete(c, "token_type")
		}), settings.ErrNoID},
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

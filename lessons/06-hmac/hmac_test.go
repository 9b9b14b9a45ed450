package hmac_test

import (
	"encoding/base64"
	"errors"
	"testing"

	hmac "jwtlab/lessons/06-hmac"
)

func TestVerify(t *testing.T) {
	key := hmac.SimplejwtKey()
	good := hmac.AccessToken()
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, token string
		want        error
	}{
		{"the Django token verifies", good, nil},
		{"the RFC 7515 A.1 token does not verify under another key", hmac.RFC7515("HS256").Compact, hmac.ErrSignature},
		{"alg none is refused before any HMAC", enc(`{"alg":"none"}`) + "." + enc(`{}`) + ".", hmac.ErrAlg},
		{"HS512 is refused", hmac.Mint(key, `{"alg":"HS512"}`, `{}`), hmac.ErrAlg},
		{"RFC 7515 A.5's unsecured token is refused", hmac.RFC7515("none").Compact, hmac.ErrAlg},
		{"an empty signature is refused", good[:len(good)-43], hmac.ErrSignature},
		{"two segments are malformed", "a.b", hmac.ErrMalformed},
		{"a padded signature is malformed", good + "=", hmac.ErrMalformed},
		{"a header that is not JSON is malformed", enc("x") + ".e30.AAAA", hmac.ErrMalformed},
		{"a line break in the signature is malformed", good[:len(good)-10] + "\r\n" + good[len(good)-10:], hmac.ErrMalformed},
		{"a crit header is malformed", hmac.Mint(key, `{"alg":"HS256","crit":["exp"]}`, `{}`), hmac.ErrMalformed},
		{"a miscased alg is malformed", hmac.Mint(key, `{"ALG":"HS256"}`, `{}`), hmac.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := hmac.Verify(key, tt.token); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Verify(%.30q...) = %v; want %v", tt.token, err, tt.want)
			}
		})
	}
}

func TestMintVerifyRoundTrip(t *testing.T) {
	tok := hmac.Mint([]byte("k"), `{"alg":"HS256"}`, `{"sub":"x"}`)
	if err := hmac.Verify([]byte("k"), tok); err != nil {
		t.Errorf("Verify(Mint(...)) = %v; want nil", err)
	}
}

// FuzzVerify feeds arbitrary strings to Verify: it must not panic, and must
// accept only tokens the key really signed.
func FuzzVerify(f *testing.F) {
	f.Add(hmac.AccessToken())
	f.Add("..")
	f.Add("e30.e30.")
	key := hmac.SimplejwtKey()
	f.Fuzz(func(t *testing.T, token string) {
		if hmac.Verify(key, token) != nil {
			return
		}
		input, sig, _ := hmac.SigningInput(token)
		if hmac.Sign(key, input) != sig {
			t.Fatalf("Verify accepted %q with a signature Sign did not make", token)
		}
	})
}

package golangjwt_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	clock "jwtlab/lessons/05-time"
	hmac "jwtlab/lessons/06-hmac"
	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
	golangjwt "jwtlab/lessons/09-golangjwt"
)

// TestWycheproof is the known-answer test: every JWS vector, valid ones
// verified, invalid ones refused. A vector in golangjwt.Skips must still
// disagree (else its entry is stale and the test fails); it is then skipped
// with its reason.
func TestWycheproof(t *testing.T) {
	cases, err := golangjwt.WycheproofCases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 401 { // numberOfTests in the file's header
		t.Fatalf("read %d vectors; the file holds 401", len(cases))
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d %s", c.ID, c.Comment), func(t *testing.T) {
			err := golangjwt.VerifyJWS(c.Key, c.JWS)
			agrees := (err == nil) == c.Valid
			if reason, ok := golangjwt.Skips[c.ID]; ok {
				if agrees {
					t.Fatalf("vector %d now agrees with Wycheproof (error %v); remove it from Skips", c.ID, err)
				}
				t.Skip(reason)
			}
			if !agrees {
				t.Errorf("VerifyJWS(vector %d) = %v; Wycheproof says valid=%v", c.ID, err, c.Valid)
			}
		})
	}
}

// TestParse checks what Parse's comment says it checks with a parser from
// NewParser, what it leaves to the caller (aud, iss, jti's presence) until
// NewParser is given WithAudience and WithIssuer, and that a parser not
// from NewParser drops checks: Parse's precondition is real.
func TestParse(t *testing.T) {
	key := hmac.SimplejwtKey()
	now := func() time.Time { return clock.Now }
	exp, iat := clock.Now.Add(5*time.Minute).Unix(), clock.Now.Unix()
	mint := func(alg string, claims jwt.MapClaims) string {
		token, err := jwt.NewWithClaims(jwt.GetSigningMethod(alg), claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	access := func(more jwt.MapClaims) jwt.MapClaims {
		c := jwt.MapClaims{"token_type": "access", "exp": exp, "iat": iat, "jti": "j1", "user_id": 1}
		for name, v := range more {
			if v == nil {
				delete(c, name)
			} else {
				c[name] = v
			}
		}
		return c
	}
	elsewhere := access(jwt.MapClaims{"aud": "billing-service", "iss": "someone-else", "jti": nil})
	bare := jwt.NewParser(jwt.WithTimeFunc(now))
	tests := []struct {
		name  string
		p     *jwt.Parser
		token string
		want  error
	}{
		{"Django's token is accepted", golangjwt.NewParser(now), hmac.AccessToken(), nil},
		{"no exp is refused", golangjwt.NewParser(now), mint("HS256", access(jwt.MapClaims{"exp": nil})), jwt.ErrTokenRequiredClaimMissing},
		{"an iat in the future is refused", golangjwt.NewParser(now), mint("HS256", access(jwt.MapClaims{"iat": iat + 3600})), jwt.ErrTokenUsedBeforeIssued},
		{"HS512 is refused", golangjwt.NewParser(now), mint("HS512", access(nil)), jwt.ErrTokenSignatureInvalid},
		{"another service's aud and iss and no jti are left to the caller", golangjwt.NewParser(now), mint("HS256", elsewhere), nil},
		{"WithAudience refuses another service's aud", golangjwt.NewParser(now, jwt.WithAudience("jwtlab")), mint("HS256", elsewhere), jwt.ErrTokenInvalidAudience},
		{"WithIssuer refuses another issuer", golangjwt.NewParser(now, jwt.WithIssuer("jwtlab")), mint("HS256", elsewhere), jwt.ErrTokenInvalidIssuer},
		{"a parser not from NewParser takes no exp", bare, mint("HS256", access(jwt.MapClaims{"exp": nil})), nil},
		{"a parser not from NewParser takes HS512", bare, mint("HS512", access(nil)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := golangjwt.Parse(tt.p, key, tt.token)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Parse(...) = %v; want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyJWS(t *testing.T) {
	cases, err := golangjwt.WycheproofCases()
	if err != nil {
		t.Fatal(err)
	}
	hs := cases[0]  // tcId 1: a valid HS256 token over "foo"
	es := cases[17] // tcId 18: a valid ES256 token
	tests := []struct {
		name  string
		key   asym.JWK
		token string
		want  error
	}{
		{"the HS256 vector verifies", hs.Key, hs.JWS, nil},
		{"the ES256 vector verifies", es.Key, es.JWS, nil},
		{"an HS256 header against the EC key is refused before any MAC", es.Key, hs.JWS, jwk.ErrAlgMismatch},
		{"the EC key marked for encryption is refused", withUse(es.Key, "enc"), es.JWS, jwk.ErrNotForSigning},
		{"four segments are malformed", hs.Key, hs.JWS + ".x", golangjwt.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := golangjwt.VerifyJWS(tt.key, tt.token); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("VerifyJWS(...) = %v; want %v", err, tt.want)
			}
		})
	}
}

// TestVerifyJWSPinsTheCurve: an "ES256" token signed with a P-521 key
// (RFC 7515 A.4's) is refused by lesson 8's curve check, before golang-jwt,
// whose ES256 alone refuses it only for its length.
func TestVerifyJWSPinsTheCurve(t *testing.T) {
	k := asym.VectorKey(asym.Vector("ES512"))
	priv, err := asym.PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	input := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"ES256"}`)) + ".e30"
	sig, err := asym.Sign("ES256", priv, input)
	if err != nil {
		t.Fatal(err)
	}
	if err := golangjwt.VerifyJWS(k, input+"."+sig); !errors.Is(err, jwk.ErrAlgMismatch) {
		t.Errorf("VerifyJWS(P-521 key, ES256 token) = %v; want ErrAlgMismatch", err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(sig)
	pub, _ := asym.PublicKey(k)
	if err := jwt.SigningMethodES256.Verify(input, raw, pub); !errors.Is(err, jwt.ErrECDSAVerification) || len(raw) == 64 {
		t.Errorf("golang-jwt ES256 on a %d-byte P-521 signature = %v; want ErrECDSAVerification for its length", len(raw), err)
	}
}

func withUse(k asym.JWK, use string) asym.JWK {
	k.Use = use
	return k
}

// FuzzVerifyJWS mutates a valid HS256 token: no panics, and anything that
// verifies must be the token itself (the MAC covers every other byte).
func FuzzVerifyJWS(f *testing.F) {
	cases, err := golangjwt.WycheproofCases()
	if err != nil {
		f.Fatal(err)
	}
	hs := cases[0]
	f.Add(hs.JWS)
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		if golangjwt.VerifyJWS(hs.Key, token) == nil && token != hs.JWS {
			t.Fatalf("VerifyJWS accepted %q", token)
		}
	})
}

// TestSigningMethodsAgreeWithLesson7 checks golang-jwt's verification
// against every RFC vector lesson 7 verified by hand, including the
// randomized ECDSA ones it cannot reproduce.
func TestSigningMethodsAgreeWithLesson7(t *testing.T) {
	for _, alg := range []string{"RS256", "ES256", "ES512", "EdDSA"} {
		v := asym.Vector(alg)
		pub, err := asym.PublicKey(asym.VectorKey(v))
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		sig, _ := base64.RawURLEncoding.DecodeString(v.Signature)
		if err := jwt.GetSigningMethod(alg).Verify(v.SigningInput, sig, pub); err != nil {
			t.Errorf("golang-jwt %s Verify(RFC vector) = %v; lesson 7 says %v", alg, err, asym.Verify(alg, pub, v.Compact))
		}
	}
}

package golangjwt_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"testing"

	"github.com/golang-jwt/jwt/v5"

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

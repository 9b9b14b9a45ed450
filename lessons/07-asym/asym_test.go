package asym_test

import (
	"errors"
	"strings"
	"testing"

	asym "jwtlab/lessons/07-asym"
)

func TestVerify(t *testing.T) {
	for _, alg := range []string{"RS256", "ES256", "ES512", "EdDSA"} {
		v := asym.Vector(alg)
		pub, err := asym.PublicKey(asym.VectorKey(v))
		if err != nil {
			t.Fatalf("%s: PublicKey: %v", alg, err)
		}
		flip := func(s string, i int) string {
			c := byte('A')
			if s[i] == 'A' {
				c = 'B'
			}
			return s[:i] + string(c) + s[i+1:]
		}
		tests := []struct {
			name, token string
			want        error
		}{
			{"the RFC token verifies", v.Compact, nil},
			{"a changed payload fails", flip(v.Compact, strings.IndexByte(v.Compact, '.')+2), asym.ErrSignature},
			{"a changed signature fails", flip(v.Compact, len(v.Compact)-5), asym.ErrSignature},
			{"an empty signature fails", v.SigningInput + ".", asym.ErrSignature},
		}
		for _, tt := range tests {
			t.Run(alg+" "+tt.name, func(t *testing.T) {
				if err := asym.Verify(alg, pub, tt.token); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
					t.Errorf("Verify(%s, ...) = %v; want %v", alg, err, tt.want)
				}
			})
		}
	}
}

func TestKeyTypeMustFitAlg(t *testing.T) {
	rsa := asym.Vector("RS256")
	pub, _ := asym.PublicKey(asym.VectorKey(rsa))
	// An RSA key asked to verify an "ES256" token whose header says ES256.
	es := asym.Vector("ES256")
	if err := asym.Verify("ES256", pub, es.Compact); !errors.Is(err, asym.ErrSignature) {
		t.Errorf("Verify(ES256, rsa key) = %v; want ErrSignature", err)
	}
	priv, _ := asym.PrivateKey(asym.VectorKey(rsa))
	if _, err := asym.Sign("EdDSA", priv, "x"); !errors.Is(err, asym.ErrKey) {
		t.Errorf("Sign(EdDSA, rsa key) = %v; want ErrKey", err)
	}
}

func TestPublicKeyRefusesUnknownKinds(t *testing.T) {
	for _, k := range []asym.JWK{{Kty: "oct"}, {Kty: "EC", Crv: "secp256k1"}, {Kty: "OKP", Crv: "X25519"}} {
		if _, err := asym.PublicKey(k); !errors.Is(err, asym.ErrKey) {
			t.Errorf("PublicKey(%+v) = %v; want ErrKey", k, err)
		}
	}
}

func FuzzVerify(f *testing.F) {
	v := asym.Vector("EdDSA")
	pub, _ := asym.PublicKey(asym.VectorKey(v))
	f.Add(v.Compact)
	f.Add("e30.e30.")
	f.Fuzz(func(t *testing.T, token string) {
		if asym.Verify("EdDSA", pub, token) == nil && token != v.Compact {
			// Ed25519 is deterministic and strict: one message, one signature.
			if !strings.HasPrefix(token, v.SigningInput+".") {
				t.Fatalf("Verify accepted a token for another message: %q", token)
			}
		}
	})
}

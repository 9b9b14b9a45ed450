package asym_test

import (
	"encoding/base64"
	"errors"
	"math/big"
	"slices"
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

// FuzzVerify: Ed25519 is deterministic and Verify strict, so the RFC 8037
// token is the only string Verify accepts for its key; any other accepted
// string fails, whatever its message. The seeds include the same signature
// respelled: S+L, non-zero unused bits, a line break.
func FuzzVerify(f *testing.F) {
	v := asym.Vector("EdDSA")
	pub, _ := asym.PublicKey(asym.VectorKey(v))
	sig, err := base64.RawURLEncoding.DecodeString(v.Signature)
	if err != nil {
		f.Fatal(err)
	}
	// L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1).
	l, _ := new(big.Int).SetString("27742317777372353535851937790883648493", 10)
	l.Add(l, new(big.Int).Lsh(big.NewInt(1), 252))
	s := slices.Clone(sig[32:]) // little-endian
	slices.Reverse(s)
	sPlusL := new(big.Int).Add(new(big.Int).SetBytes(s), l).FillBytes(make([]byte, 32))
	slices.Reverse(sPlusL)
	f.Add(v.Compact)
	f.Add(v.SigningInput + "." + base64.RawURLEncoding.EncodeToString(append(slices.Clone(sig[:32]), sPlusL...)))
	f.Add(v.Compact[:len(v.Compact)-1] + "h") // "g" with its unused bits set
	f.Add(v.Compact[:len(v.Compact)-8] + "\r\n" + v.Compact[len(v.Compact)-8:])
	f.Add("e30.e30.")
	f.Fuzz(func(t *testing.T, token string) {
		if asym.Verify("EdDSA", pub, token) == nil && token != v.Compact {
			t.Fatalf("Verify accepted %q, which is not the RFC 8037 token", token)
		}
	})
}

package jose

import (
	"crypto"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func readJWK(t *testing.T, path string) *Key {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseJWK(b)
	if err != nil {
		t.Fatalf("ParseJWK(%s) = %v", path, err)
	}
	return k
}

// TestThumbprintRFCVectors checks the two thumbprints the RFCs print.
func TestThumbprintRFCVectors(t *testing.T) {
	var ed struct {
		Vectors []struct {
			Key json.RawMessage `json:"key_jwk"`
		} `json:"vectors"`
	}
	b, err := os.ReadFile("testdata/rfc8037.json")
	if err == nil {
		err = json.Unmarshal(b, &ed)
	}
	if err != nil {
		t.Fatal(err)
	}
	edKey, err := ParseJWK(ed.Vectors[0].Key)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  *Key
		want string
	}{
		{"RFC 7638 §3.1's RSA key", readJWK(t, "testdata/rfc7638.json"), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"},
		{"RFC 8037 A.3's Ed25519 key", edKey, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := tc.key.Thumbprint(); got != tc.want || err != nil {
				t.Errorf("Thumbprint() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestPublicJWKRoundTrip: what PublicJWK writes, ParseJWK reads back as
// the same public key with the same thumbprint, and no private member.
func TestPublicJWKRoundTrip(t *testing.T) {
	for name, k := range privateKeys(t) {
		if k.Symmetric() {
			continue
		}
		t.Run(name, func(t *testing.T) {
			m, err := k.PublicJWK()
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := m["d"]; ok {
				t.Errorf("PublicJWK() = %v; want no private member d", m)
			}
			b, _ := json.Marshal(m)
			back, err := ParseJWK(b)
			if err != nil {
				t.Fatalf("ParseJWK(%s) = %v", b, err)
			}
			if back.Private != nil || !back.Public.(interface{ Equal(crypto.PublicKey) bool }).Equal(k.Public) {
				t.Errorf("ParseJWK(PublicJWK()) = %s; want the public key only", back.Kind())
			}
			want, _ := k.Thumbprint()
			if got, err := back.Thumbprint(); got != want || err != nil {
				t.Errorf("thumbprint after the round trip = %q, %v; want %q", got, err, want)
			}
		})
	}
}

func TestPin(t *testing.T) {
	keys := privateKeys(t)
	for _, tc := range []struct {
		key, alg string
	}{{"rsa", "RS256"}, {"P-256", "ES256"}, {"P-384", "ES384"}, {"P-521", "ES512"}, {"ed25519", "EdDSA"}} {
		t.Run(tc.key, func(t *testing.T) {
			k := keys[tc.key]
			p, err := k.Pin()
			if err != nil {
				t.Fatal(err)
			}
			tp, _ := k.Thumbprint()
			if p.Alg != tc.alg || p.Kid != tp || p.Use != "sig" {
				t.Errorf("Pin() = alg %q kid %q use %q; want %q, the thumbprint %q, sig", p.Alg, p.Kid, p.Use, tc.alg, tp)
			}
			if k.Kid != "" || k.Alg != "" {
				t.Errorf("Pin changed its receiver: kid %q alg %q", k.Kid, k.Alg)
			}
		})
	}
	t.Run("a secret is pinned to HS256 and gets no kid", func(t *testing.T) {
		p, err := Secret("s").Pin()
		if err != nil || p.Alg != "HS256" || p.Kid != "" {
			t.Errorf("Secret.Pin() = alg %q kid %q, %v; want HS256, no kid", p.Alg, p.Kid, err)
		}
	})
	t.Run("a JWK's own kid is kept", func(t *testing.T) {
		p, err := readJWK(t, "testdata/rfc7638.json").Pin()
		if err != nil || p.Kid != "2011-04-29" {
			t.Errorf("Pin() kid = %q, %v; want 2011-04-29", p.Kid, err)
		}
	})
}

func TestJWKSLeavesSecretsOut(t *testing.T) {
	keys := privateKeys(t)
	ec, _ := keys["P-256"].Pin()
	b, err := JWKS(Secret("a-secret-that-must-never-be-published"), ec)
	if err != nil {
		t.Fatal(err)
	}
	set, err := ParseJWKS(b)
	if err != nil {
		t.Fatalf("ParseJWKS(JWKS(...)) = %v", err)
	}
	if len(set) != 1 || set[0].Kid != ec.Kid || set[0].Alg != "ES256" || strings.Contains(string(b), `"k"`) {
		t.Errorf("JWKS = %s; want the EC key alone, with its kid and alg", b)
	}
	if _, err := Secret("s").PublicJWK(); !errors.Is(err, ErrKeyRefused) {
		t.Errorf("Secret.PublicJWK() = %v; want ErrKeyRefused", err)
	}
}

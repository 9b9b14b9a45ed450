package jwk_test

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
)

func TestPublicDropsPrivateMembers(t *testing.T) {
	pub, err := jwk.Public(jwk.DemoKey("x"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(pub)
	for _, m := range []string{`"d"`, `"p"`, `"q"`, `"k"`} {
		if strings.Contains(string(b), m) {
			t.Errorf("Public(...) = %s; has private member %s", b, m)
		}
	}
}

func TestThumbprintIsTheKid(t *testing.T) {
	a, b := jwk.DemoKey("a"), jwk.DemoKey("b")
	ta, _ := jwk.Thumbprint(a)
	tb, _ := jwk.Thumbprint(b)
	if ta != a.Kid || tb != b.Kid || ta == tb {
		t.Errorf("thumbprints %q, %q for kids %q, %q; want equal to kid and distinct", ta, tb, a.Kid, b.Kid)
	}
	// Optional members do not change the thumbprint.
	a.Use, a.Alg, a.Kid = "", "", "other"
	if got, _ := jwk.Thumbprint(a); got != ta {
		t.Errorf("Thumbprint without use/alg/kid = %q; want %q", got, ta)
	}
	if _, err := jwk.Thumbprint(asym.JWK{Kty: "oct"}); err == nil {
		t.Error("Thumbprint(oct) = nil error; want an error")
	}
}

// TestThumbprintHashesMembersAsWritten: the same key written against RFC
// 7518 -- n with a leading zero byte, x one byte short of P-521's 66 --
// is the same public key, with another thumbprint. The kid is stable only
// for the canonical spelling.
func TestThumbprintHashesMembersAsWritten(t *testing.T) {
	rsaKey, ecKey := jwk.RFC7638Key(), jwk.CookbookSet().Keys[0]
	n, _ := base64.RawURLEncoding.DecodeString(rsaKey.N)
	x, _ := base64.RawURLEncoding.DecodeString(ecKey.X)
	if n[0] == 0 || len(x) != 66 || x[0] != 0 {
		t.Fatalf("fixtures changed: n starts %#x, x is %d bytes starting %#x", n[0], len(x), x[0])
	}
	longN, shortX := rsaKey, ecKey
	longN.N = base64.RawURLEncoding.EncodeToString(append([]byte{0}, n...))
	shortX.X = base64.RawURLEncoding.EncodeToString(x[1:])
	for _, pair := range [][2]asym.JWK{{rsaKey, longN}, {ecKey, shortX}} {
		canonical, other := pair[0], pair[1]
		a, errA := asym.PublicKey(canonical)
		b, errB := asym.PublicKey(other)
		if errA != nil || errB != nil {
			t.Fatalf("PublicKey: %v, %v", errA, errB)
		}
		if !a.(interface{ Equal(crypto.PublicKey) bool }).Equal(b) {
			t.Fatalf("%s: the respelled key is another key", canonical.Kty)
		}
		ta, _ := jwk.Thumbprint(canonical)
		tb, _ := jwk.Thumbprint(other)
		if ta == tb {
			t.Errorf("%s: Thumbprint is %q for both spellings; it hashes the members as written", canonical.Kty, ta)
		}
	}
}

func TestVerify(t *testing.T) {
	k := jwk.DemoKey("k")
	pub, _ := jwk.Public(k)
	set := jwk.Set{Keys: []asym.JWK{pub}}
	tok, err := jwk.Mint(k, `{"sub":"demo"}`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, alg, token string
		want             error
	}{
		{"a token from the key verifies", "EdDSA", tok, nil},
		{"expecting another algorithm fails at lookup", "ES256", tok, jwk.ErrAlgMismatch},
		{"a kid that is not in the set fails", "EdDSA", mustMint(t, jwk.DemoKey("stranger")), jwk.ErrUnknownKid},
		{"a changed signature fails", "EdDSA", tok[:len(tok)-2] + "AA", asym.ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := jwk.Verify(set, tt.alg, tt.token); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Verify(set, %s, token) = %v; want %v", tt.alg, err, tt.want)
			}
		})
	}
}

func mustMint(t *testing.T, k asym.JWK) string {
	t.Helper()
	tok, err := jwk.Mint(k, `{}`)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// FuzzParseSet feeds arbitrary JSON to ParseSet and Key: no panics, and
// a key is only handed out for a kid that is in the set.
func FuzzParseSet(f *testing.F) {
	b, _ := json.Marshal(jwk.CookbookSet())
	f.Add(string(b), "bilbo.baggins@hobbiton.example")
	f.Add(`{"keys":[{"kty":"EC","crv":"P-256","kid":"a","x":"","y":""}]}`, "a")
	f.Fuzz(func(t *testing.T, doc, kid string) {
		set, err := jwk.ParseSet([]byte(doc))
		if err != nil {
			return
		}
		for _, alg := range []string{"RS256", "ES256", "ES512", "EdDSA"} {
			if _, err := set.Key(kid, alg); err == nil {
				found := false
				for _, k := range set.Keys {
					found = found || k.Kid == kid
				}
				if !found {
					t.Fatalf("Key(%q) succeeded for a kid not in the set", kid)
				}
			}
		}
	})
}

func TestFits(t *testing.T) {
	ec := jwk.CookbookSet().Keys[0] // P-521, use sig, no alg
	with := func(f func(*asym.JWK)) asym.JWK {
		k := ec
		f(&k)
		return k
	}
	tests := []struct {
		name string
		key  asym.JWK
		alg  string
		want error
	}{
		{"a signing key of the right type fits", ec, "ES512", nil},
		{"key_ops with verify fits", with(func(k *asym.JWK) { k.Use, k.KeyOps = "", []string{"verify"} }), "ES512", nil},
		{"key_ops without verify does not", with(func(k *asym.JWK) { k.Use, k.KeyOps = "", []string{"encrypt"} }), "ES512", jwk.ErrNotForSigning},
		{"use enc does not", with(func(k *asym.JWK) { k.Use = "enc" }), "ES512", jwk.ErrNotForSigning},
		{"an alg other than the key's does not", with(func(k *asym.JWK) { k.Alg = "ES256" }), "ES512", jwk.ErrAlgMismatch},
		{"a P-521 key does not fit ES256", ec, "ES256", jwk.ErrAlgMismatch},
		{"HS256 with an EC key does not", ec, "HS256", jwk.ErrAlgMismatch},
		{"none never fits", ec, "none", jwk.ErrAlgMismatch},
		{"an oct key fits HS256", asym.JWK{Kty: "oct", K: "c2VjcmV0"}, "HS256", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := jwk.Fits(tt.key, tt.alg); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Fits(%+v, %s) = %v; want %v", tt.key, tt.alg, err, tt.want)
			}
		})
	}
}

// TestKeyPassesOverKeysThatDoNotFit: RFC 7520's cookbook gives its EC and
// its RSA key the same kid (RFC 7517 §4.5 allows it for keys of different
// types), so the kid alone picks two keys and alg decides.
func TestKeyPassesOverKeysThatDoNotFit(t *testing.T) {
	set := jwk.CookbookSet()
	const kid = "bilbo.baggins@hobbiton.example"
	for _, alg := range []string{"ES512", "RS256"} {
		if _, err := set.Key(kid, alg); err != nil {
			t.Errorf("Key(%q, %s) = %v; want the key of that type", kid, alg, err)
		}
	}
	if _, err := set.Key(kid, "EdDSA"); !errors.Is(err, jwk.ErrAlgMismatch) {
		t.Errorf("Key(%q, EdDSA) = %v; want ErrAlgMismatch: no key of the set fits", kid, err)
	}
}

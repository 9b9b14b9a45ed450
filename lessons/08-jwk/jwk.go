package jwk

import (
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	header "jwtlab/lessons/03-header"
	asym "jwtlab/lessons/07-asym"
)

//go:embed testdata
var testdata embed.FS

// Set is a JWK Set: {"keys":[...]}.
type Set struct {
	Keys []asym.JWK `json:"keys"`
}

// The ways Key refuses to hand out a key.
var (
	ErrUnknownKid    = errors.New("no key with this kid")
	ErrNotForSigning = errors.New("key is not for signatures")
	ErrAlgMismatch   = errors.New("key is for another algorithm")
)

// ParseSet reads a JWK Set.
func ParseSet(b []byte) (Set, error) {
	var s Set
	if err := json.Unmarshal(b, &s); err != nil {
		return Set{}, fmt.Errorf("JWK Set: %w", err)
	}
	return s, nil
}

// Public strips the private members of a key, leaving what a verifier
// needs. It refuses symmetric keys, which have no public half.
func Public(k asym.JWK) (asym.JWK, error) {
	if k.Kty == "oct" {
		return asym.JWK{}, errors.New("a symmetric key cannot be published")
	}
	k.D, k.P, k.Q, k.K = "", "", "", ""
	return k, nil
}

// Thumbprint is RFC 7638: SHA-256 over the required members of the key,
// in lexicographic order, as compact JSON.
func Thumbprint(k asym.JWK) (string, error) {
	var members string
	switch k.Kty {
	case "RSA":
		members = fmt.Sprintf(`{"e":%q,"kty":"RSA","n":%q}`, k.E, k.N)
	case "EC":
		members = fmt.Sprintf(`{"crv":%q,"kty":"EC","x":%q,"y":%q}`, k.Crv, k.X, k.Y)
	case "OKP":
		members = fmt.Sprintf(`{"crv":%q,"kty":"OKP","x":%q}`, k.Crv, k.X)
	default:
		return "", fmt.Errorf("thumbprint of kty %q", k.Kty)
	}
	sum := sha256.Sum256([]byte(members))
	return base64.RawURLEncoding.EncodeToString(sum[:]), nil
}

// family is the key type each algorithm needs.
func family(alg string) string {
	switch {
	case strings.HasPrefix(alg, "HS"):
		return "oct"
	case strings.HasPrefix(alg, "RS"), strings.HasPrefix(alg, "PS"):
		return "RSA"
	case strings.HasPrefix(alg, "ES"):
		return "EC"
	case alg == "EdDSA":
		return "OKP"
	}
	return ""
}

// ecCurves is the curve each ECDSA alg names (RFC 7518 §3.4).
var ecCurves = map[string]string{"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}

// Fits checks that key k may verify a token signed with alg: "use" absent
// or "sig", "key_ops" absent or containing "verify", "alg" absent or equal,
// a key type that fits the algorithm and, for an EC key, the curve the alg
// names.
func Fits(k asym.JWK, alg string) error {
	switch {
	case k.Use != "" && k.Use != "sig":
		return fmt.Errorf("%w: use %q", ErrNotForSigning, k.Use)
	case k.KeyOps != nil && !slices.Contains(k.KeyOps, "verify"):
		return fmt.Errorf("%w: key_ops %q", ErrNotForSigning, k.KeyOps)
	case k.Alg != "" && k.Alg != alg, family(alg) != k.Kty:
		return fmt.Errorf("%w: %s key, alg %q, token wants %s", ErrAlgMismatch, k.Kty, k.Alg, alg)
	case k.Kty == "EC" && k.Crv != ecCurves[alg]:
		return fmt.Errorf("%w: EC key on %s, token wants %s", ErrAlgMismatch, k.Crv, alg)
	}
	return nil
}

// Key finds the public key for a token's kid that Fits alg. A set may give
// one kid to keys of different types (RFC 7517 §4.5: equivalent
// alternatives), so a key that does not fit is passed over; when none
// fits, the first one's reason is the error.
func (s Set) Key(kid, alg string) (crypto.PublicKey, error) {
	var refused error
	for _, k := range s.Keys {
		if k.Kid != kid {
			continue
		}
		if err := Fits(k, alg); err != nil {
			if refused == nil {
				refused = err
			}
			continue
		}
		return asym.PublicKey(k)
	}
	if refused != nil {
		return nil, refused
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownKid, kid)
}

// CookbookSet is the RFC 7520 cookbook's two public signing keys.
func CookbookSet() Set {
	var s Set
	for _, name := range []string{"3_1.ec_public_key.json", "3_3.rsa_public_key.json"} {
		var k asym.JWK
		b, err := testdata.ReadFile("testdata/" + name)
		if err == nil {
			err = json.Unmarshal(b, &k)
		}
		if err != nil {
			panic(err) // embedded at build time
		}
		s.Keys = append(s.Keys, k)
	}
	return s
}

// RFC7638Key is the example key of RFC 7638 section 3.1.
func RFC7638Key() asym.JWK {
	var k asym.JWK
	b, err := testdata.ReadFile("testdata/rfc7638.json")
	if err == nil {
		err = json.Unmarshal(b, &k)
	}
	if err != nil {
		panic(err) // embedded at build time
	}
	return k
}

// Verify checks a token's signature against a set, with the algorithm the
// verifier expects: the header must pass lesson 3's ParseHeader (exact
// names, no duplicates, no "crit"), its "kid" picks the key, Key checks it
// fits the alg (use, key_ops, alg and key type), and lesson 7's Verify
// checks the curve and the signature. It checks no claims: exp, token_type
// and the user are the caller's (lesson 10's OwnKeys is a whole token
// verifier built on it).
func Verify(s Set, alg, token string) error {
	head, _, _ := strings.Cut(token, ".")
	h, err := header.ParseHeader(head)
	if err != nil {
		return err
	}
	key, err := s.Key(h.Kid, alg)
	if err != nil {
		return err
	}
	return asym.Verify(alg, key, token)
}

// DemoKey derives a fixed Ed25519 key from a name, so the examples' output
// never changes; its kid is its thumbprint. Real keys come from crypto/rand.
func DemoKey(name string) asym.JWK {
	seed := sha256.Sum256([]byte("jwtlab lesson 8 demo key: " + name))
	pub := ed25519.NewKeyFromSeed(seed[:]).Public().(ed25519.PublicKey)
	k := asym.JWK{Kty: "OKP", Crv: "Ed25519", Use: "sig", Alg: "EdDSA",
		X: base64.RawURLEncoding.EncodeToString(pub), D: base64.RawURLEncoding.EncodeToString(seed[:])}
	k.Kid, _ = Thumbprint(k)
	return k
}

// Mint signs payload with an EdDSA key and names the key in the header.
func Mint(k asym.JWK, payload string) (string, error) {
	priv, err := asym.PrivateKey(k)
	if err != nil {
		return "", err
	}
	input := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"EdDSA","kid":"`+k.Kid+`"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(payload))
	sig, err := asym.Sign("EdDSA", priv, input)
	return input + "." + sig, err
}

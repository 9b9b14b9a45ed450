package asym

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"jwtlab/lessons/02-base64url"
	header "jwtlab/lessons/03-header"
	hmac "jwtlab/lessons/06-hmac"
)

//go:embed testdata
var testdata embed.FS

// The ways Verify refuses a token.
var (
	ErrAlg       = errors.New("header alg is not the one this key is for")
	ErrSignature = errors.New("signature does not verify")
	ErrKey       = errors.New("key does not fit the algorithm")
)

// JWK holds the members of a JSON Web Key that this lesson reads; lesson 8
// covers the rest.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv,omitempty"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use,omitempty"`
	// KeyOps lists what the key may do ("sign", "verify", "encrypt", ...).
	KeyOps []string `json:"key_ops,omitempty"`
	Alg    string   `json:"alg,omitempty"`
	N      string   `json:"n,omitempty"`
	E      string   `json:"e,omitempty"`
	X      string   `json:"x,omitempty"`
	Y      string   `json:"y,omitempty"`
	K      string   `json:"k,omitempty"` // a symmetric key: never publish one
	D      string   `json:"d,omitempty"` // private
	P      string   `json:"p,omitempty"` // private
	Q      string   `json:"q,omitempty"` // private
}

// b64 decodes a JWK member (base64url, no padding).
func b64(s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

func num(s string) *big.Int { return new(big.Int).SetBytes(b64(s)) }

// curves maps JWK "crv" names to Go curves and the byte size of r and s.
var curves = map[string]struct {
	curve elliptic.Curve
	size  int
}{"P-256": {elliptic.P256(), 32}, "P-384": {elliptic.P384(), 48}, "P-521": {elliptic.P521(), 66}}

// PublicKey turns a JWK into a Go public key: *rsa.PublicKey,
// *ecdsa.PublicKey or ed25519.PublicKey.
func PublicKey(k JWK) (crypto.PublicKey, error) {
	switch k.Kty {
	case "RSA":
		return &rsa.PublicKey{N: num(k.N), E: int(num(k.E).Int64())}, nil
	case "EC":
		c, ok := curves[k.Crv]
		if !ok {
			return nil, fmt.Errorf("%w: curve %q", ErrKey, k.Crv)
		}
		point := append([]byte{4}, append(pad(b64(k.X), c.size), pad(b64(k.Y), c.size)...)...)
		return ecdsa.ParseUncompressedPublicKey(c.curve, point)
	case "OKP":
		if k.Crv != "Ed25519" || len(b64(k.X)) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: OKP curve %q", ErrKey, k.Crv)
		}
		return ed25519.PublicKey(b64(k.X)), nil
	}
	return nil, fmt.Errorf("%w: kty %q", ErrKey, k.Kty)
}

// PrivateKey turns a JWK with its private members into a crypto.Signer.
func PrivateKey(k JWK) (crypto.Signer, error) {
	switch k.Kty {
	case "RSA":
		key := &rsa.PrivateKey{
			PublicKey: rsa.PublicKey{N: num(k.N), E: int(num(k.E).Int64())},
			D:         num(k.D),
			Primes:    []*big.Int{num(k.P), num(k.Q)},
		}
		if err := key.Validate(); err != nil {
			return nil, err
		}
		key.Precompute()
		return key, nil
	case "EC":
		c, ok := curves[k.Crv]
		if !ok {
			return nil, fmt.Errorf("%w: curve %q", ErrKey, k.Crv)
		}
		return ecdsa.ParseRawPrivateKey(c.curve, pad(b64(k.D), c.size))
	case "OKP":
		if k.Crv != "Ed25519" || len(b64(k.D)) != ed25519.SeedSize {
			return nil, fmt.Errorf("%w: OKP curve %q", ErrKey, k.Crv)
		}
		return ed25519.NewKeyFromSeed(b64(k.D)), nil
	}
	return nil, fmt.Errorf("%w: kty %q", ErrKey, k.Kty)
}

func pad(b []byte, size int) []byte {
	if len(b) >= size {
		return b
	}
	return append(make([]byte, size-len(b)), b...)
}

// algCurves pins each ECDSA alg to its curve (RFC 7518 §3.4).
var algCurves = map[string]elliptic.Curve{"ES256": elliptic.P256(), "ES384": elliptic.P384(), "ES512": elliptic.P521()}

func curveName(c elliptic.Curve) string {
	if c == nil {
		return "no curve"
	}
	return c.Params().Name
}

// digest hashes the signing input with the hash alg names.
func digest(alg, input string) (crypto.Hash, []byte) {
	switch alg[len(alg)-3:] {
	case "384":
		h := sha512.Sum384([]byte(input))
		return crypto.SHA384, h[:]
	case "512":
		h := sha512.Sum512([]byte(input))
		return crypto.SHA512, h[:]
	}
	h := sha256.Sum256([]byte(input))
	return crypto.SHA256, h[:]
}

// Sign makes the third segment for alg over signingInput. ECDSA's r and s
// are written raw, each padded to the curve's size: the JWS form.
func Sign(alg string, key crypto.Signer, signingInput string) (string, error) {
	var sig []byte
	var err error
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if !strings.HasPrefix(alg, "RS") {
			return "", ErrKey
		}
		h, d := digest(alg, signingInput)
		sig, err = rsa.SignPKCS1v15(nil, k, h, d)
	case *ecdsa.PrivateKey:
		if !strings.HasPrefix(alg, "ES") {
			return "", ErrKey
		}
		_, d := digest(alg, signingInput)
		var r, s *big.Int
		if r, s, err = ecdsa.Sign(rand.Reader, k, d); err == nil {
			size := (k.Curve.Params().BitSize + 7) / 8
			sig = append(r.FillBytes(make([]byte, size)), s.FillBytes(make([]byte, size))...)
		}
	case ed25519.PrivateKey:
		if alg != "EdDSA" {
			return "", ErrKey
		}
		sig = ed25519.Sign(k, []byte(signingInput))
	default:
		return "", ErrKey
	}
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sig), nil
}

// Verify checks a JWS signature with a public key for one algorithm,
// chosen by the caller: the header must pass lesson 3's ParseHeader
// (exact names, no duplicates, no "crit") and its "alg" equal alg, the
// key must be of its type and, for ECDSA, its curve, and the signature is
// decoded strictly, line breaks refused (lesson 2). It checks no claims:
// exp, token_type and the rest are the caller's.
func Verify(alg string, key crypto.PublicKey, token string) error {
	input, sigText, err := hmac.SigningInput(token)
	if err != nil {
		return err
	}
	head, _, _ := strings.Cut(input, ".")
	h, err := header.ParseHeader(head)
	if err != nil {
		return err
	}
	if h.Alg != alg {
		return fmt.Errorf("%w: %q", ErrAlg, h.Alg)
	}
	if k, ok := key.(*ecdsa.PublicKey); ok && k.Curve != algCurves[alg] {
		// ES256 names P-256 (RFC 7518 §3.4); the same bytes checked
		// with a P-521 key would be another algorithm.
		return fmt.Errorf("%w: %s needs %s, not %s", ErrKey, alg, curveName(algCurves[alg]), k.Curve.Params().Name)
	}
	sig, err := base64url.Decode(sigText)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSignature, err)
	}
	hash, d := digest(alg, input)
	ok := false
	switch k := key.(type) {
	case *rsa.PublicKey:
		ok = strings.HasPrefix(alg, "RS") && rsa.VerifyPKCS1v15(k, hash, d, sig) == nil
	case *ecdsa.PublicKey:
		size := (k.Curve.Params().BitSize + 7) / 8
		ok = strings.HasPrefix(alg, "ES") && len(sig) == 2*size &&
			ecdsa.Verify(k, d, new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:]))
	case ed25519.PublicKey:
		ok = alg == "EdDSA" && ed25519.Verify(k, []byte(input), sig)
	default:
		return ErrKey
	}
	if !ok {
		return ErrSignature
	}
	return nil
}

// Vector returns an example by alg: RS256, ES256 and ES512 from RFC 7515
// (through lesson 6), EdDSA from RFC 8037.
func Vector(alg string) hmac.Vector {
	if alg != "EdDSA" {
		return hmac.RFC7515(alg)
	}
	b, err := testdata.ReadFile("testdata/rfc8037.json")
	if err != nil {
		panic(err) // embedded at build time
	}
	var file struct{ Vectors []hmac.Vector }
	if err := json.Unmarshal(b, &file); err != nil {
		panic(err)
	}
	return file.Vectors[0]
}

// VectorKey decodes a vector's JWK.
func VectorKey(v hmac.Vector) JWK {
	var k JWK
	if err := json.Unmarshal(v.JWK, &k); err != nil {
		panic(err) // embedded at build time
	}
	return k
}

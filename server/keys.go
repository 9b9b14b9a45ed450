package server

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"slices"

	"github.com/golang-jwt/jwt/v5"

	"jwtlab/internal/jose"
)

// Key errors.
var (
	ErrWeakSecret = errors.New("HMAC secret shorter than 32 bytes")
	ErrKeyType    = errors.New("unsupported key type")
)

// MinSecretBytes is the shortest HMAC secret prod accepts: RFC 7518
// §3.2 asks for a key at least as long as the hash output, 256 bits for
// HS256. Anything shorter can be brute-forced from a single token.
const MinSecretBytes = 32

// Key is one signing or verifying key with its pinned algorithm. A
// token is only ever checked with the algorithm its key was made for,
// whatever its header says.
type Key struct {
	ID     string // kid: RFC 7638 thumbprint; empty for an HMAC secret
	Alg    string // HS256, RS256, ES256, ES384, ES512 or EdDSA
	method jwt.SigningMethod
	sign   crypto.PrivateKey // nil for a verify-only key
	verify any               // []byte for HMAC, else a crypto.PublicKey
	header string            // base64url header segment, built once
}

// Keys is the server's key set: one key signs, every key verifies.
// Publishing several verifying keys with one signing key lets keys
// rotate without logging anybody out.
type Keys struct {
	signing  *Key
	byID     map[string]*Key // kid is only ever a key into this map
	byHeader map[string]*Key // by the base64url header segment the key writes
	algs     []string
	jwks     []byte
}

// HMACKey returns an HS256 key for secret. Its tokens carry no kid, so
// their header is byte for byte simplejwt's {"alg":"HS256","typ":"JWT"}.
func HMACKey(secret []byte) *Key {
	return newKey("", "HS256", jwt.SigningMethodHS256, secret, secret)
}

func newKey(kid, alg string, m jwt.SigningMethod, sign crypto.PrivateKey, verify any) *Key {
	k := &Key{ID: kid, Alg: alg, method: m, sign: sign, verify: verify}
	// PyJWT sorts header keys, so alg, kid, typ is simplejwt's order too.
	h := `{"alg":"` + alg + `",`
	if kid != "" {
		h += `"kid":"` + kid + `",`
	}
	h += `"typ":"JWT"}`
	k.header = base64.RawURLEncoding.EncodeToString([]byte(h))
	return k
}

// LoadKeyFile reads a PEM private key (PKCS#8, PKCS#1 or SEC1) or public
// key (PKIX) and picks the algorithm from its type: RSA -> RS256, P-256
// -> ES256, P-384 -> ES384, P-521 -> ES512, Ed25519 -> EdDSA.
func LoadKeyFile(path string) (*Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load key: %w", err)
	}
	k, err := ParseKeyPEM(data)
	if err != nil {
		return nil, fmt.Errorf("load key %s: %w", path, err)
	}
	return k, nil
}

// ParseKeyPEM parses the first PEM block of data (a private key, a
// public key or a certificate), with the key checks jwtlab's inspector
// uses (internal/jose); see LoadKeyFile.
func ParseKeyPEM(data []byte) (*Key, error) {
	jk, err := jose.ParsePEM(data)
	if err != nil {
		return nil, err
	}
	if jk.Private != nil {
		return asymmetricKey(jk.Private)
	}
	return asymmetricKey(jk.Public)
}

func asymmetricKey(parsed any) (*Key, error) {
	var priv crypto.PrivateKey
	pub := parsed
	if s, ok := parsed.(crypto.Signer); ok {
		priv, pub = parsed, s.Public()
	}
	var alg string
	var m jwt.SigningMethod
	switch p := pub.(type) {
	case *rsa.PublicKey: // jose.ParsePEM refused keys under 2048 bits
		alg, m = "RS256", jwt.SigningMethodRS256
	case *ecdsa.PublicKey:
		switch p.Curve {
		case elliptic.P256():
			alg, m = "ES256", jwt.SigningMethodES256
		case elliptic.P384():
			alg, m = "ES384", jwt.SigningMethodES384
		case elliptic.P521():
			alg, m = "ES512", jwt.SigningMethodES512
		default:
			return nil, fmt.Errorf("%w: EC curve %s", ErrKeyType, p.Curve.Params().Name)
		}
	case ed25519.PublicKey:
		alg, m = "EdDSA", jwt.SigningMethodEdDSA
	default:
		return nil, fmt.Errorf("%w: %T", ErrKeyType, pub)
	}
	jwk, err := publicJWK(pub, "", alg)
	if err != nil {
		return nil, err
	}
	kid, err := thumbprint(jwk)
	if err != nil {
		return nil, err
	}
	return newKey(kid, alg, m, priv, pub), nil
}

// NewKeys builds a key set: signing signs every new token; signing and
// the others verify. Asymmetric keys are found by kid; an HMAC secret
// (no kid) verifies tokens that carry no kid, as simplejwt's do.
func NewKeys(signing *Key, others ...*Key) (*Keys, error) {
	if signing == nil || signing.sign == nil {
		return nil, errors.New("the signing key must be a private key or secret")
	}
	ks := &Keys{signing: signing, byID: map[string]*Key{}, byHeader: map[string]*Key{}}
	jwks := struct {
		Keys []map[string]string `json:"keys"`
	}{Keys: []map[string]string{}}
	for _, k := range append([]*Key{signing}, others...) {
		if _, dup := ks.byID[k.ID]; dup {
			if k.ID == "" {
				return nil, errors.New("only one key without a kid (one HMAC secret) may be configured")
			}
			continue
		}
		ks.byID[k.ID] = k
		ks.byHeader[k.header] = k
		if !slices.Contains(ks.algs, k.Alg) {
			ks.algs = append(ks.algs, k.Alg)
		}
		if k.ID != "" {
			jwk, err := publicJWK(k.verify, k.ID, k.Alg)
			if err != nil {
				return nil, err
			}
			jwks.Keys = append(jwks.Keys, jwk)
		}
	}
	var err error
	ks.jwks, err = json.Marshal(jwks)
	return ks, err
}

// Signing returns the key new tokens are signed with.
func (ks *Keys) Signing() *Key { return ks.signing }

// JWKS returns the JSON Web Key Set of the public keys (RFC 7517 §5).
// An HMAC secret is never published.
func (ks *Keys) JWKS() []byte { return ks.jwks }

// lookup finds the key for a token's kid. The kid is never a path or a
// URL: it can only select one of the keys loaded at start.
func (ks *Keys) lookup(kid string) (*Key, bool) {
	k, ok := ks.byID[kid]
	return k, ok
}

var b64url = base64.RawURLEncoding

// publicJWK renders a public key as a JWK (RFC 7517, 7518 §6, 8037 §2).
func publicJWK(pub any, kid, alg string) (map[string]string, error) {
	var m map[string]string
	switch p := pub.(type) {
	case *rsa.PublicKey:
		m = map[string]string{"kty": "RSA", "n": b64url.EncodeToString(p.N.Bytes()), "e": b64url.EncodeToString(big.NewInt(int64(p.E)).Bytes())}
	case *ecdsa.PublicKey:
		// Bytes is 0x04 || X || Y, each coordinate at the curve's size.
		raw, err := p.Bytes()
		if err != nil {
			return nil, err
		}
		size := (len(raw) - 1) / 2
		m = map[string]string{"kty": "EC", "crv": p.Curve.Params().Name,
			"x": b64url.EncodeToString(raw[1 : 1+size]),
			"y": b64url.EncodeToString(raw[1+size:])}
	case ed25519.PublicKey:
		m = map[string]string{"kty": "OKP", "crv": "Ed25519", "x": b64url.EncodeToString(p)}
	default:
		return nil, fmt.Errorf("%w: %T", ErrKeyType, pub)
	}
	if kid != "" {
		m["kid"], m["alg"], m["use"] = kid, alg, "sig"
	}
	return m, nil
}

// thumbprint is the RFC 7638 JWK thumbprint: SHA-256 over the required
// members in lexicographic order, with no white space.
func thumbprint(jwk map[string]string) (string, error) {
	var required []string
	switch jwk["kty"] {
	case "RSA":
		required = []string{"e", "kty", "n"}
	case "EC":
		required = []string{"crv", "kty", "x", "y"}
	case "OKP":
		required = []string{"crv", "kty", "x"}
	default:
		return "", fmt.Errorf("%w: kty %q", ErrKeyType, jwk["kty"])
	}
	b := []byte{'{'}
	for i, name := range required {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%q:%q", name, jwk[name])
	}
	b = append(b, '}')
	sum := sha256.Sum256(b)
	return b64url.EncodeToString(sum[:]), nil
}

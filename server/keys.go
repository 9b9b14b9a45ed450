package server

import (
	"errors"
	"fmt"
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

// Keys is the server's key set: one key signs, every key verifies.
// Publishing several verifying keys with one signing key lets keys
// rotate without logging anybody out. Every key is pinned (jose's
// Key.Pin): a token is only ever checked with the algorithm its key was
// made for, whatever its header says.
type Keys struct {
	signer   *jose.Signer
	signing  *verifier
	byID     map[string]*verifier // kid is only ever a key into this map
	byHeader map[string]*verifier // by the base64url header segment the key writes
	algs     []string
	jwks     []byte
}

// verifier is one pinned key as golang-jwt checks it.
type verifier struct {
	key    *jose.Key
	method jwt.SigningMethod
	public any // []byte for an HMAC secret, else the crypto.PublicKey
}

// signingMethod maps a pinned key to golang-jwt's method for its
// algorithm and the key material that method verifies with.
func signingMethod(k *jose.Key) (*verifier, error) {
	m := jwt.GetSigningMethod(k.Alg)
	if m == nil || m == jwt.SigningMethodNone {
		return nil, fmt.Errorf("%w: no signing method for alg %q", ErrKeyType, k.Alg)
	}
	if k.Symmetric() {
		return &verifier{key: k, method: m, public: k.Secret}, nil
	}
	return &verifier{key: k, method: m, public: k.Public}, nil
}

// LoadKeyFile reads a PEM private key (PKCS#8, PKCS#1 or SEC1), public
// key (PKIX) or certificate with jose's checks; NewKeys pins its
// algorithm from its type: RSA -> RS256, P-256 -> ES256, P-384 -> ES384,
// P-521 -> ES512, Ed25519 -> EdDSA.
func LoadKeyFile(path string) (*jose.Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load key: %w", err)
	}
	k, err := jose.ParsePEM(data)
	if err != nil {
		return nil, fmt.Errorf("load key %q: %w", path, err)
	}
	return k, nil
}

// NewKeys builds a key set: signing signs every new token; signing and
// the others verify. Each key is pinned to its algorithm and, when
// public, named by its RFC 7638 thumbprint (jose's Key.Pin). Asymmetric
// keys are found by kid; an HMAC secret (no kid) verifies tokens that
// carry no kid, as simplejwt's do.
func NewKeys(signing *jose.Key, others ...*jose.Key) (*Keys, error) {
	if signing == nil || (signing.Private == nil && !signing.Symmetric()) {
		return nil, errors.New("the signing key must be a private key or secret")
	}
	ks := &Keys{byID: map[string]*verifier{}, byHeader: map[string]*verifier{}}
	var published []*jose.Key
	for i, k := range append([]*jose.Key{signing}, others...) {
		k, err := k.Pin()
		if err != nil {
			return nil, err
		}
		if i == 0 {
			if ks.signer, err = jose.NewSigner(k, k.Alg); err != nil {
				return nil, err
			}
		}
		if _, dup := ks.byID[k.Kid]; dup {
			if k.Kid == "" {
				return nil, errors.New("only one key without a kid (one HMAC secret) may be configured")
			}
			continue
		}
		v, err := signingMethod(k)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			ks.signing = v
		}
		ks.byID[k.Kid] = v
		ks.byHeader[jose.Header(k.Alg, k.Kid)] = v
		if !slices.Contains(ks.algs, k.Alg) {
			ks.algs = append(ks.algs, k.Alg)
		}
		published = append(published, k)
	}
	var err error
	ks.jwks, err = jose.JWKS(published...)
	return ks, err
}

// Signing returns the pinned key new tokens are signed with.
func (ks *Keys) Signing() *jose.Key { return ks.signer.Key() }

// JWKS returns the JSON Web Key Set of the public keys (RFC 7517 §5).
// An HMAC secret is never published.
func (ks *Keys) JWKS() []byte { return ks.jwks }

// lookup finds the key for a token's kid. The kid is never a path or a
// URL: it can only select one of the keys loaded at start.
func (ks *Keys) lookup(kid string) (*verifier, bool) {
	k, ok := ks.byID[kid]
	return k, ok
}

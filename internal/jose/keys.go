package jose

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// minRSABits is the smallest RSA modulus accepted: NIST SP 800-131A
// disallowed 1024-bit RSA signatures after 2013, and Wycheproof's JWK
// vectors expect a 1024-bit key to be refused.
const minRSABits = 2048

// Key is one verification (and perhaps signing) key, however it was given.
type Key struct {
	Kid    string   // "kid" of a JWK, matched against the token's kid
	Alg    string   // "alg" of a JWK: when set, the only algorithm allowed
	Use    string   // "use" of a JWK ("sig" or "enc")
	Ops    []string // "key_ops" of a JWK
	Source string   // where it came from, for messages ("PEM file", "JWK", ...)

	Secret  []byte           // an HMAC secret
	Public  crypto.PublicKey // *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey
	Private crypto.Signer    // set when the key can also sign

	// rawSecret marks a secret typed on the command line. It is used as
	// given even when shorter than RFC 7518 §3.2 asks (the learner wants to
	// know whether it matches); a warning says it is too short instead.
	rawSecret bool
}

// Secret makes an HMAC key from a secret typed by the user or given to
// the server. It is used as given, even when shorter than RFC 7518 §3.2
// asks: whoever takes it decides the minimum (serve -profile prod does).
func Secret(s string) *Key {
	return &Key{Secret: []byte(s), Source: "HMAC secret", rawSecret: true}
}

// Kind names the key type in words, for messages.
func (k *Key) Kind() string {
	switch p := k.Public.(type) {
	case *rsa.PublicKey:
		kind := fmt.Sprintf("RSA %d-bit public key", p.N.BitLen())
		if k.Private != nil {
			kind = fmt.Sprintf("RSA %d-bit private key", p.N.BitLen())
		}
		return kind
	case *ecdsa.PublicKey:
		if k.Private != nil {
			return "EC " + p.Curve.Params().Name + " private key"
		}
		return "EC " + p.Curve.Params().Name + " public key"
	case ed25519.PublicKey:
		if k.Private != nil {
			return "Ed25519 private key"
		}
		return "Ed25519 public key"
	}
	if len(k.Secret) == 1 {
		return "HMAC secret (1 byte)"
	}
	return fmt.Sprintf("HMAC secret (%d bytes)", len(k.Secret))
}

// Symmetric reports whether the key is a shared secret.
func (k *Key) Symmetric() bool { return k.Public == nil }

// PinnedAlg is the algorithm a key verifies when none is given: its JWK
// "alg", else the only algorithm its type allows (ES256 for a P-256 key,
// EdDSA for Ed25519), else the most common one for its family (HS256 for a
// secret, RS256 for RSA).
func (k *Key) PinnedAlg() string {
	if k.Alg != "" {
		return k.Alg
	}
	switch p := k.Public.(type) {
	case *rsa.PublicKey:
		return "RS256"
	case *ecdsa.PublicKey:
		for _, a := range algorithms {
			if a.Curve == p.Curve {
				return a.Name
			}
		}
		return ""
	case ed25519.PublicKey:
		return "EdDSA"
	}
	return "HS256"
}

// Pin returns a copy of k ready to issue tokens: its Alg fixed to
// [Key.PinnedAlg], and a public key without a kid named by its RFC 7638
// thumbprint (§1 suggests it as a kid) and marked use "sig". It refuses a
// key no JWS algorithm fits (an EC key on a curve JWA does not name).
func (k *Key) Pin() (*Key, error) {
	alg := k.PinnedAlg()
	a, err := Lookup(alg)
	if err != nil {
		return nil, fmt.Errorf("%w: no JWS algorithm signs with the %s", ErrKeyRefused, k.Kind())
	}
	if err := fits(a, k, forVerify); err != nil {
		return nil, err
	}
	p := *k
	p.Alg = alg
	if !k.Symmetric() {
		if p.Kid == "" {
			if p.Kid, err = k.Thumbprint(); err != nil {
				return nil, err
			}
		}
		if p.Use == "" {
			p.Use = "sig"
		}
	}
	return &p, nil
}

// ParseKeyFile reads a key file in any supported form: PEM (public key,
// private key or certificate), a JWK, or a JWK Set.
func ParseKeyFile(data []byte) ([]*Key, error) {
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN")):
		k, err := ParsePEM(trimmed)
		if err != nil {
			return nil, err
		}
		return []*Key{k}, nil
	case bytes.HasPrefix(trimmed, []byte("{")):
		var probe struct {
			Keys json.RawMessage `json:"keys"`
		}
		if err := json.Unmarshal(trimmed, &probe); err != nil {
			return nil, fmt.Errorf("%w: not JSON: %v", ErrKeyRefused, err)
		}
		if probe.Keys != nil {
			return ParseJWKS(trimmed)
		}
		k, err := ParseJWK(trimmed)
		if err != nil {
			return nil, err
		}
		return []*Key{k}, nil
	}
	return nil, fmt.Errorf("%w: neither PEM (-----BEGIN ...) nor JSON (a JWK or JWK Set)", ErrKeyRefused)
}

// ParsePEM reads the first PEM block: PUBLIC KEY, RSA PUBLIC KEY,
// CERTIFICATE, PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY.
func ParsePEM(data []byte) (*Key, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block found", ErrKeyRefused)
	}
	var parsed any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		parsed, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		parsed, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			parsed = cert.PublicKey
		}
	case "PRIVATE KEY":
		parsed, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		parsed, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		parsed, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("%w: PEM block %q is not a key jwtlab reads", ErrKeyRefused, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: PEM %s: %v", ErrKeyRefused, block.Type, err)
	}
	k := &Key{Source: "PEM " + strings.ToLower(block.Type)}
	switch p := parsed.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		k.Public = p
	case *rsa.PrivateKey:
		k.Public, k.Private = &p.PublicKey, p
	case *ecdsa.PrivateKey:
		k.Public, k.Private = &p.PublicKey, p
	case ed25519.PrivateKey:
		k.Public, k.Private = p.Public(), p
	default:
		return nil, fmt.Errorf("%w: PEM holds a %T, which JWS does not use", ErrKeyRefused, parsed)
	}
	if err := checkPublic(k.Public); err != nil {
		return nil, err
	}
	return k, nil
}

// checkPublic refuses keys that are weak whatever the algorithm.
func checkPublic(pub crypto.PublicKey) error {
	rk, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil
	}
	if bits := rk.N.BitLen(); bits < minRSABits {
		return fmt.Errorf("%w: RSA key is %d bits; at least %d are required", ErrKeyRefused, bits, minRSABits)
	}
	if rk.E < 3 || rk.E%2 == 0 {
		return fmt.Errorf("%w: RSA public exponent %d is not an odd number of at least 3", ErrKeyRefused, rk.E)
	}
	if hasROCAFingerprint(rk.N) {
		return fmt.Errorf("%w: RSA modulus has the ROCA fingerprint (CVE-2017-15361): its private key can be recovered", ErrKeyRefused)
	}
	return nil
}

// jwk is the JSON shape of RFC 7517 §4 and RFC 7518 §6.
type jwk struct {
	Kty    string   `json:"kty"`
	Use    string   `json:"use"`
	KeyOps []string `json:"key_ops"`
	Alg    string   `json:"alg"`
	Kid    string   `json:"kid"`
	Crv    string   `json:"crv"`
	K      *string  `json:"k"`
	N      string   `json:"n"`
	E      string   `json:"e"`
	X      string   `json:"x"`
	Y      string   `json:"y"`
	D      string   `json:"d"`
	P      string   `json:"p"`
	Q      string   `json:"q"`
}

// ParseJWK reads one JSON Web Key.
func ParseJWK(data []byte) (*Key, error) {
	var j jwk
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%w: JWK is not a JSON object: %v", ErrKeyRefused, err)
	}
	k, err := j.key()
	if err != nil {
		if j.Kid != "" {
			return nil, fmt.Errorf("JWK kid %q: %w", j.Kid, err)
		}
		return nil, err
	}
	return k, nil
}

// ParseJWKS reads a JWK Set (RFC 7517 §5). A set is refused whole when any
// key is unusable, when two keys share a kid (which one was meant?), or
// when it mixes shared secrets with public keys: a verifier that picks "the
// key for this token" from such a set can be steered by the token's own
// header to treat public bytes as an HMAC secret.
func ParseJWKS(data []byte) ([]*Key, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("%w: JWK Set is not JSON: %v", ErrKeyRefused, err)
	}
	if len(set.Keys) == 0 {
		return nil, fmt.Errorf("%w: JWK Set has no keys", ErrNoKey)
	}
	keys := make([]*Key, 0, len(set.Keys))
	kids := map[string]bool{}
	for i, raw := range set.Keys {
		k, err := ParseJWK(raw)
		if err != nil {
			return nil, fmt.Errorf("JWK Set key %d: %w", i, err)
		}
		if k.Kid != "" {
			if kids[k.Kid] {
				return nil, fmt.Errorf("%w: two keys share kid %q", ErrKeyAmbiguous, k.Kid)
			}
			kids[k.Kid] = true
		}
		if len(keys) > 0 && keys[0].Symmetric() != k.Symmetric() {
			return nil, fmt.Errorf("%w: the set mixes HMAC secrets with public keys, which invites algorithm confusion", ErrKeyAmbiguous)
		}
		k.Source = "JWK Set"
		keys = append(keys, k)
	}
	return keys, nil
}

func (j *jwk) key() (*Key, error) {
	k := &Key{Kid: j.Kid, Alg: j.Alg, Use: j.Use, Ops: j.KeyOps, Source: "JWK"}
	var err error
	switch j.Kty {
	case "oct":
		err = j.oct(k)
	case "RSA":
		err = j.rsa(k)
	case "EC":
		err = j.ec(k)
	case "OKP":
		err = j.okp(k)
	case "":
		return nil, fmt.Errorf(`%w: JWK has no "kty"`, ErrKeyRefused)
	default:
		return nil, fmt.Errorf("%w: JWK kty %q is not a signature key type jwtlab reads", ErrKeyRefused, j.Kty)
	}
	if err != nil {
		return nil, err
	}
	if err := checkPublic(k.Public); err != nil {
		return nil, err
	}
	return k, nil
}

func (j *jwk) oct(k *Key) error {
	if j.K == nil {
		return fmt.Errorf(`%w: oct JWK has no "k"`, ErrKeyRefused)
	}
	secret, err := DecodeSegment(*j.K)
	if err != nil {
		return fmt.Errorf(`%w: "k": %v`, ErrKeyRefused, err)
	}
	if len(secret) == 0 {
		return fmt.Errorf("%w: oct JWK has an empty secret", ErrKeyRefused)
	}
	if a, err := Lookup(j.Alg); err == nil && a.Family == HMAC && len(secret) < a.Hash.Size() {
		return fmt.Errorf("%w: %s secret is %d bytes; RFC 7518 §3.2 requires at least %d", ErrKeyRefused, a.Name, len(secret), a.Hash.Size())
	}
	k.Secret = secret
	return nil
}

func (j *jwk) rsa(k *Key) error {
	var ints jwkInts
	n, e := ints.read("n", j.N), ints.read("e", j.E)
	if ints.err != nil {
		return ints.err
	}
	// 2^31 bounds e so it fits an int on every platform; real keys use 65537.
	if !e.IsInt64() || e.Int64() > 1<<31-1 {
		return fmt.Errorf(`%w: RSA "e" is too large`, ErrKeyRefused)
	}
	pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
	k.Public = pub
	if j.D == "" {
		return nil
	}
	d, p, q := ints.read("d", j.D), ints.read("p", j.P), ints.read("q", j.Q)
	if ints.err != nil {
		return ints.err
	}
	priv := &rsa.PrivateKey{PublicKey: *pub, D: d, Primes: []*big.Int{p, q}}
	if err := priv.Validate(); err != nil {
		return fmt.Errorf("%w: RSA private key: %v", ErrKeyRefused, err)
	}
	priv.Precompute()
	k.Private = priv
	return nil
}

// jwkInts reads a JWK's integer members (base64url, big-endian: RFC
// 7518 §6.3) one after another and keeps the first error, so a key's
// members are read in one line and checked once.
type jwkInts struct{ err error }

func (r *jwkInts) read(name, v string) *big.Int {
	if r.err != nil {
		return nil
	}
	if v == "" {
		r.err = fmt.Errorf("%w: JWK has no %q", ErrKeyRefused, name)
		return nil
	}
	b, err := DecodeSegment(v)
	if err != nil {
		r.err = fmt.Errorf("%w: %q: %v", ErrKeyRefused, name, err)
		return nil
	}
	return new(big.Int).SetBytes(b)
}

var curves = map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}

func (j *jwk) ec(k *Key) error {
	curve, ok := curves[j.Crv]
	if !ok {
		return fmt.Errorf("%w: EC curve %q is not P-256, P-384 or P-521", ErrKeyRefused, j.Crv)
	}
	size := (curve.Params().BitSize + 7) / 8
	x, err1 := DecodeSegment(j.X)
	y, err2 := DecodeSegment(j.Y)
	if err1 != nil || err2 != nil || len(x) != size || len(y) != size {
		// RFC 7518 §6.2.1.2: coordinates are the full field size, zero-padded.
		return fmt.Errorf("%w: %s coordinates must be %d bytes each of base64url", ErrKeyRefused, j.Crv, size)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, append(append([]byte{4}, x...), y...))
	if err != nil {
		return fmt.Errorf("%w: the point (x, y) is not on %s", ErrKeyRefused, j.Crv)
	}
	k.Public = pub
	if j.D == "" {
		return nil
	}
	d, err := DecodeSegment(j.D)
	if err != nil {
		return fmt.Errorf(`%w: "d": %v`, ErrKeyRefused, err)
	}
	priv, err := ecdsa.ParseRawPrivateKey(curve, d)
	if err != nil || !priv.PublicKey.Equal(pub) {
		return fmt.Errorf(`%w: EC "d" does not belong to (x, y)`, ErrKeyRefused)
	}
	k.Private = priv
	return nil
}

func (j *jwk) okp(k *Key) error {
	if j.Crv != "Ed25519" {
		return fmt.Errorf("%w: OKP curve %q is not Ed25519", ErrKeyRefused, j.Crv)
	}
	x, err := DecodeSegment(j.X)
	if err != nil || len(x) != ed25519.PublicKeySize {
		return fmt.Errorf(`%w: Ed25519 "x" must be %d bytes of base64url`, ErrKeyRefused, ed25519.PublicKeySize)
	}
	k.Public = ed25519.PublicKey(x)
	if j.D == "" {
		return nil
	}
	d, err := DecodeSegment(j.D)
	if err != nil || len(d) != ed25519.SeedSize {
		return fmt.Errorf(`%w: Ed25519 "d" must be %d bytes of base64url`, ErrKeyRefused, ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(d)
	if !bytes.Equal(priv.Public().(ed25519.PublicKey), x) {
		return fmt.Errorf(`%w: Ed25519 "d" does not belong to "x"`, ErrKeyRefused)
	}
	k.Private = priv
	return nil
}

// usableForVerify refuses keys marked for something else (RFC 7517 §4.2,
// §4.3): a key published for encryption must not vouch for signatures.
func (k *Key) usableForVerify() error {
	if k.Use != "" && k.Use != "sig" {
		return fmt.Errorf("%w: key is marked use=%q, not \"sig\"", ErrKeyRefused, k.Use)
	}
	if len(k.Ops) > 0 && !slices.Contains(k.Ops, "verify") {
		return fmt.Errorf("%w: key_ops %v does not include \"verify\"", ErrKeyRefused, k.Ops)
	}
	return nil
}

package jose

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/big"
)

// PublicJWK renders the public half of k as a JWK (RFC 7517 §4, RFC 7518
// §6, RFC 8037 §2), with its kid, alg and use when they are set. A shared
// secret has no public half and is never rendered.
func (k *Key) PublicJWK() (map[string]string, error) {
	m, err := publicMembers(k.Public)
	if err != nil {
		return nil, err
	}
	for name, v := range map[string]string{"kid": k.Kid, "alg": k.Alg, "use": k.Use} {
		if v != "" {
			m[name] = v
		}
	}
	return m, nil
}

// publicMembers are the members RFC 7518 §6 and RFC 8037 §2 define for a
// public key, each base64url without padding.
func publicMembers(pub any) (map[string]string, error) {
	switch p := pub.(type) {
	case *rsa.PublicKey:
		return map[string]string{"kty": "RSA", "n": EncodeSegment(p.N.Bytes()), "e": EncodeSegment(big.NewInt(int64(p.E)).Bytes())}, nil
	case *ecdsa.PublicKey:
		// Bytes is 0x04 || X || Y, each coordinate at the curve's size,
		// as RFC 7518 §6.2.1.2 wants them.
		raw, err := p.Bytes()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrKeyRefused, err)
		}
		size := (len(raw) - 1) / 2
		return map[string]string{"kty": "EC", "crv": p.Curve.Params().Name,
			"x": EncodeSegment(raw[1 : 1+size]), "y": EncodeSegment(raw[1+size:])}, nil
	case ed25519.PublicKey:
		return map[string]string{"kty": "OKP", "crv": "Ed25519", "x": EncodeSegment(p)}, nil
	case nil:
		return nil, fmt.Errorf("%w: a shared secret has no public JWK", ErrKeyRefused)
	}
	return nil, fmt.Errorf("%w: %T has no JWK form", ErrKeyRefused, pub)
}

// thumbprintMembers are the required members of each key type, in the
// lexicographic order RFC 7638 §3.2 hashes them.
var thumbprintMembers = map[string][]string{
	"RSA": {"e", "kty", "n"},
	"EC":  {"crv", "kty", "x", "y"},
	"OKP": {"crv", "kty", "x"},
}

// Thumbprint is k's RFC 7638 JWK thumbprint: SHA-256 over the required
// public members in lexicographic order with no white space, base64url.
// It names the key whatever its kid says, so it makes a stable kid.
func (k *Key) Thumbprint() (string, error) {
	m, err := publicMembers(k.Public)
	if err != nil {
		return "", err
	}
	b := []byte{'{'}
	for i, name := range thumbprintMembers[m["kty"]] {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%q:%q", name, m[name])
	}
	b = append(b, '}')
	sum := sha256.Sum256(b)
	return EncodeSegment(sum[:]), nil
}

// JWKS renders the public keys among keys as a JWK Set (RFC 7517 §5).
// Shared secrets are left out: publishing one would let anyone sign.
func JWKS(keys ...*Key) ([]byte, error) {
	set := struct {
		Keys []map[string]string `json:"keys"`
	}{Keys: []map[string]string{}}
	for _, k := range keys {
		if k.Symmetric() {
			continue
		}
		m, err := k.PublicJWK()
		if err != nil {
			return nil, err
		}
		set.Keys = append(set.Keys, m)
	}
	return json.Marshal(set)
}

package jose

import (
	"crypto"
	"crypto/elliptic"
	_ "crypto/sha256" // registers SHA-256 for crypto.Hash
	_ "crypto/sha512" // registers SHA-384 and SHA-512 for crypto.Hash
	"fmt"
	"sort"
)

// Family groups the JWA signature algorithms (RFC 7518 §3.1, RFC 8037 §3.1)
// by the kind of key they need.
type Family int

const (
	HMAC  Family = iota + 1 // HS*: one shared secret signs and verifies
	RSA                     // RS*: RSASSA-PKCS1-v1_5
	PSS                     // PS*: RSASSA-PSS
	ECDSA                   // ES*: ECDSA over a named NIST curve
	EdDSA                   // EdDSA: Ed25519
)

// Algorithm describes one "alg" value jwtlab signs and verifies.
type Algorithm struct {
	Name   string
	Family Family
	Hash   crypto.Hash    // 0 for EdDSA, which hashes internally
	Curve  elliptic.Curve // ES* only
}

var algorithms = map[string]Algorithm{
	"HS256": {"HS256", HMAC, crypto.SHA256, nil},
	"HS384": {"HS384", HMAC, crypto.SHA384, nil},
	"HS512": {"HS512", HMAC, crypto.SHA512, nil},
	"RS256": {"RS256", RSA, crypto.SHA256, nil},
	"RS384": {"RS384", RSA, crypto.SHA384, nil},
	"RS512": {"RS512", RSA, crypto.SHA512, nil},
	"PS256": {"PS256", PSS, crypto.SHA256, nil},
	"PS384": {"PS384", PSS, crypto.SHA384, nil},
	"PS512": {"PS512", PSS, crypto.SHA512, nil},
	"ES256": {"ES256", ECDSA, crypto.SHA256, elliptic.P256()},
	"ES384": {"ES384", ECDSA, crypto.SHA384, elliptic.P384()},
	"ES512": {"ES512", ECDSA, crypto.SHA512, elliptic.P521()},
	"EdDSA": {"EdDSA", EdDSA, 0, nil},
}

// Lookup returns the named algorithm; "none" and unknown names are errors.
func Lookup(name string) (Algorithm, error) {
	if a, ok := algorithms[name]; ok {
		return a, nil
	}
	if isNone(name) {
		return Algorithm{}, ErrAlgNone
	}
	return Algorithm{}, fmt.Errorf("%w %q (jwtlab knows %v)", ErrUnsupported, name, AlgorithmNames())
}

// AlgorithmNames lists the supported algorithms in a stable order.
func AlgorithmNames() []string {
	names := make([]string, 0, len(algorithms))
	for n := range algorithms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Describe says in a few words what kind of signature an alg is.
func (a Algorithm) Describe() string {
	switch a.Family {
	case HMAC:
		return fmt.Sprintf("HMAC with %v: one shared secret both signs and verifies", a.Hash)
	case RSA:
		return fmt.Sprintf("RSASSA-PKCS1-v1_5 with %v: signed with an RSA private key, verified with its public key", a.Hash)
	case PSS:
		return fmt.Sprintf("RSASSA-PSS with %v: signed with an RSA private key, verified with its public key", a.Hash)
	case ECDSA:
		return fmt.Sprintf("ECDSA on %s with %v: signed with an EC private key, verified with its public key", a.Curve.Params().Name, a.Hash)
	case EdDSA:
		return "Ed25519: signed with an Ed25519 private key, verified with its public key"
	}
	return a.Name
}

// isNone matches "none" in any letter case: some libraries compared it
// case-sensitively and accepted "None" or "NONE" as unsigned.
func isNone(alg string) bool {
	return len(alg) == 4 && (alg[0]|0x20) == 'n' && (alg[1]|0x20) == 'o' && (alg[2]|0x20) == 'n' && (alg[3]|0x20) == 'e'
}

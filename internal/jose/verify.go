package jose

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"fmt"
	"math/big"
	"strings"
)

// Verify checks t's signature with one of keys, allowing only the pinned
// algorithm alg. When alg is "", each key pins its own ([Key.PinnedAlg]).
// The token's "alg" header never chooses the algorithm: it must equal the
// pinned one. A key is chosen by the token's "kid" when the keys carry kids.
// Verify checks the signature only (JWS level); see [CheckClaims] for exp
// and nbf. It returns the key that verified.
func Verify(t *Token, keys []*Key, alg string) (*Key, error) {
	if t.JWE != nil {
		return nil, fmt.Errorf("%w: a JWE (alg %q, enc %q) has no signature to verify; only its recipient's key can decrypt it, and jwtlab does not decrypt", ErrEncrypted, t.Alg(), t.Enc())
	}
	if isNone(t.Alg()) {
		return nil, fmt.Errorf("%w: the token is unsigned; accepting it would let anyone write any claims", ErrAlgNone)
	}
	if crit, ok := t.Header["crit"]; ok {
		return nil, fmt.Errorf("%w: the header's crit lists %v, extensions a verifier must understand, and jwtlab implements none; RFC 7515 §4.1.11 makes the JWS invalid", ErrCritical, crit)
	}
	cands, err := selectKeys(t, keys)
	if err != nil {
		return nil, err
	}
	var errs []string
	var first error
	for _, k := range cands {
		err := verifyKey(t, k, alg)
		if err == nil {
			return k, nil
		}
		if first == nil {
			first = err
		}
		errs = append(errs, err.Error())
	}
	if len(errs) == 1 {
		return nil, first
	}
	return nil, fmt.Errorf("none of the %d keys verified (%w; %s)", len(errs), first, strings.Join(errs[1:], "; "))
}

// verifyKey verifies with one key. With no algorithm given, the key pins
// its own; a token whose algorithm needs another kind of key is then best
// explained by the key, not by the default pin.
func verifyKey(t *Token, k *Key, alg string) error {
	if alg != "" {
		return verifyWith(t, k, alg)
	}
	if a, err := Lookup(t.Alg()); err == nil && k.Alg == "" {
		if err := fits(a, k, forVerify); err != nil {
			return err
		}
	}
	return verifyWith(t, k, k.PinnedAlg())
}

// selectKeys narrows keys to those whose kid matches the token's; keys
// without a kid stay candidates when no kid matches.
func selectKeys(t *Token, keys []*Key) ([]*Key, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: give an HMAC secret, a PEM key, a JWK or a JWK Set", ErrNoKey)
	}
	kid := t.HeaderString("kid")
	if kid == "" {
		return keys, nil
	}
	var match, anon []*Key
	var kids []string
	for _, k := range keys {
		switch {
		case k.Kid == kid:
			match = append(match, k)
		case k.Kid == "":
			anon = append(anon, k)
		default:
			kids = append(kids, k.Kid)
		}
	}
	if len(match) > 0 {
		return match, nil
	}
	if len(anon) > 0 {
		return anon, nil
	}
	return nil, fmt.Errorf("%w: no key has kid %q (the set has %s)", ErrNoKey, kid, strings.Join(kids, ", "))
}

func verifyWith(t *Token, k *Key, pinned string) error {
	a, err := Lookup(pinned)
	if err != nil {
		return fmt.Errorf("pinned algorithm: %w", err)
	}
	if got := t.Alg(); got != pinned {
		return fmt.Errorf("%w: the token says alg %q but the verifier is pinned to %q; trusting the header's choice is how alg-swap attacks work", ErrAlgMismatch, got, pinned)
	}
	if k.Alg != "" && k.Alg != pinned {
		return fmt.Errorf("%w: the key is for %q, the token is %q", ErrAlgMismatch, k.Alg, pinned)
	}
	if err := k.usableForVerify(); err != nil {
		return err
	}
	if err := fits(a, k, forVerify); err != nil {
		return err
	}
	input := []byte(t.SigningInput())
	sig := t.Signature
	ok := false
	switch a.Family {
	case HMAC:
		ok = hmac.Equal(sig, MAC(a, k.Secret, input))
	case RSA:
		ok = rsa.VerifyPKCS1v15(k.Public.(*rsa.PublicKey), a.Hash, digest(a, input), sig) == nil
	case PSS:
		// JWA fixes the salt length to the hash size (RFC 7518 §3.5).
		opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}
		ok = rsa.VerifyPSS(k.Public.(*rsa.PublicKey), a.Hash, digest(a, input), sig, opts) == nil
	case ECDSA:
		// JWS ECDSA signatures are R || S, each the full curve size
		// (RFC 7518 §3.4), never ASN.1 DER.
		size := (a.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return fmt.Errorf("%w: %s signature is %d bytes, want %d (R || S)", ErrSignature, a.Name, len(sig), 2*size)
		}
		r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
		ok = ecdsa.Verify(k.Public.(*ecdsa.PublicKey), digest(a, input), r, s)
	case EdDSA:
		ok = ed25519.Verify(k.Public.(ed25519.PublicKey), input, sig)
	}
	if !ok {
		return fmt.Errorf("%w: the %s signature does not match %s", ErrSignature, a.Name, k.describe())
	}
	return nil
}

func (k *Key) describe() string {
	s := "the " + k.Kind()
	if k.Kid != "" {
		s += fmt.Sprintf(" (kid %q)", k.Kid)
	}
	return s
}

// MAC computes an HMAC signature.
func MAC(a Algorithm, secret, input []byte) []byte {
	m := hmac.New(a.Hash.New, secret)
	m.Write(input)
	return m.Sum(nil)
}

func digest(a Algorithm, input []byte) []byte {
	h := a.Hash.New()
	h.Write(input)
	return h.Sum(nil)
}

// Which use [fits] explains a mismatch for: its words differ, since a
// signer holds the private key and a verifier the public one.
const (
	forVerify = false
	forSign   = true
)

// fits explains why a key cannot serve an algorithm, if it cannot, in the
// words of verifying or (forSign) of signing.
func fits(a Algorithm, k *Key, sign bool) error {
	verb, half := "verified", "public"
	if sign {
		verb, half = "signed", "private"
	}
	switch a.Family {
	case HMAC:
		if !k.Symmetric() {
			return fmt.Errorf("%w: %s is an HMAC, %s with a shared secret, but the key is an %s. "+
				"Using public key bytes as an HMAC secret is the algorithm-confusion attack "+
				"(anyone with the public key could sign), so it is refused; "+
				"this key verifies %s unless -alg pins another of its kind", ErrKeyMismatch, a.Name, verb, k.Kind(), k.PinnedAlg())
		}
		if len(k.Secret) == 0 {
			return fmt.Errorf("%w: the HMAC secret is empty", ErrKeyRefused)
		}
		if !k.rawSecret && len(k.Secret) < a.Hash.Size() {
			return fmt.Errorf("%w: %s secret is %d bytes; RFC 7518 §3.2 requires at least %d", ErrKeyRefused, a.Name, len(k.Secret), a.Hash.Size())
		}
		return nil
	case RSA, PSS:
		if _, ok := k.Public.(*rsa.PublicKey); ok {
			return nil
		}
	case ECDSA:
		if p, ok := k.Public.(*ecdsa.PublicKey); ok {
			if p.Curve != a.Curve {
				return fmt.Errorf("%w: %s uses curve %s (RFC 7518 §3.4) but the key is on %s",
					ErrKeyMismatch, a.Name, a.Curve.Params().Name, p.Curve.Params().Name)
			}
			return nil
		}
	case EdDSA:
		if _, ok := k.Public.(ed25519.PublicKey); ok {
			return nil
		}
	}
	need := map[Family]string{RSA: "an RSA %s key", PSS: "an RSA %s key", ECDSA: "an EC " + curveName(a) + " %s key", EdDSA: "an Ed25519 %s key"}[a.Family]
	need = fmt.Sprintf(need, half)
	hint := ""
	switch {
	case k.Symmetric() && sign:
		hint = "; a shared secret cannot make a public-key signature: give the private key with -key"
	case k.Symmetric():
		hint = "; a shared secret cannot check a public-key signature: give the issuer's public key with -key or -jwks"
	}
	return fmt.Errorf("%w: %s is %s with %s, but the key is an %s%s", ErrKeyMismatch, a.Name, verb, need, k.Kind(), hint)
}

func curveName(a Algorithm) string {
	if a.Curve == nil {
		return ""
	}
	return a.Curve.Params().Name
}

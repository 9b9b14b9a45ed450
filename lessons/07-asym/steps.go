package asym

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"slices"
)

// StepSignRs256 is the step "RS256 is deterministic".
func StepSignRs256(w io.Writer) error {
	v := Vector("RS256")
	key, err := PrivateKey(VectorKey(v))
	if err != nil {
		return err
	}
	sig, err := Sign("RS256", key, v.SigningInput)
	fmt.Fprintln(w, "error:", err)
	fmt.Fprintln(w, "length:", len(sig), "characters")
	fmt.Fprintln(w, "same as RFC 7515 A.2:", sig == v.Signature)
	return nil
}

// StepVerifyEs256 is the step "ES256 is randomized, and raw r||s".
func StepVerifyEs256(w io.Writer) error {
	for _, alg := range []string{"ES256", "ES512"} {
		v := Vector(alg)
		pub, _ := PublicKey(VectorKey(v))
		priv, _ := PrivateKey(VectorKey(v))
		fresh, _ := Sign(alg, priv, v.SigningInput)
		sig, _ := base64.RawURLEncoding.DecodeString(v.Signature)
		fmt.Fprintf(w, "%s: RFC signature %d bytes, verifies: %v\n", alg, len(sig), Verify(alg, pub, v.Compact))
		fmt.Fprintf(w, "%s: fresh signature differs: %v, verifies: %v\n", alg, fresh != v.Signature, Verify(alg, pub, v.SigningInput+"."+fresh))
	}
	return nil
}

// StepVerifyDer is the step "Not DER".
func StepVerifyDer(w io.Writer) error {
	v := Vector("ES256")
	pub, _ := PublicKey(VectorKey(v))
	raw, _ := base64.RawURLEncoding.DecodeString(v.Signature)
	der, _ := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(raw[:32]), new(big.Int).SetBytes(raw[32:])})
	digest := sha256.Sum256([]byte(v.SigningInput))
	fmt.Fprintln(w, "DER length:", len(der), "bytes")
	fmt.Fprintln(w, "DER verifies as ASN.1:", ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), digest[:], der))
	fmt.Fprintln(w, "DER inside a JWS:", Verify("ES256", pub, v.SigningInput+"."+base64.RawURLEncoding.EncodeToString(der)))
	return nil
}

// StepSignEddsa is the step "EdDSA".
func StepSignEddsa(w io.Writer) error {
	v := Vector("EdDSA")
	priv, _ := PrivateKey(VectorKey(v))
	pub, _ := PublicKey(VectorKey(v))
	sig, err := Sign("EdDSA", priv, v.SigningInput)
	fmt.Fprintln(w, sig, err)
	fmt.Fprintln(w, "same as RFC 8037 A.4:", sig == v.Signature)
	fmt.Fprintln(w, "verifies with the public key:", Verify("EdDSA", pub, v.Compact))
	fmt.Fprintln(w, "as ES256 instead:", Verify("ES256", pub, v.Compact))
	return nil
}

// StepVerifyCurve is the step "The key's curve is pinned too".
func StepVerifyCurve(w io.Writer) error {
	v := Vector("ES512") // RFC 7515's P-521 key
	priv, err := PrivateKey(VectorKey(v))
	if err != nil {
		return err
	}
	pub, _ := PublicKey(VectorKey(v))
	input := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"ES256"}`)) + ".e30"
	sig, err := Sign("ES256", priv, input) // SHA-256, but on P-521
	if err != nil {
		return err
	}
	// A verifier that checks only for an ECDSA key: r and s read at the
	// key's size, ecdsa.Verify on the SHA-256 digest.
	raw, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return err
	}
	k := pub.(*ecdsa.PublicKey)
	size := (k.Curve.Params().BitSize + 7) / 8
	d := sha256.Sum256([]byte(input))
	fmt.Fprintln(w, "ES256 token signed with a P-521 key:", len(raw), "bytes, r and s of", size)
	fmt.Fprintln(w, "any ECDSA key, ecdsa.Verify:", ecdsa.Verify(k, d[:], new(big.Int).SetBytes(raw[:size]), new(big.Int).SetBytes(raw[size:])))
	fmt.Fprintln(w, "curve pinned, Verify:       ", Verify("ES256", pub, input+"."+sig))
	return nil
}

// StepVerifyMalleable is the step "ECDSA signatures are malleable".
func StepVerifyMalleable(w io.Writer) error {
	v := Vector("ES256")
	pub, _ := PublicKey(VectorKey(v))
	raw, err := base64.RawURLEncoding.DecodeString(v.Signature)
	if err != nil {
		return err
	}
	n := elliptic.P256().Params().N
	s := new(big.Int).SetBytes(raw[32:])
	flipped := append(raw[:32:32], new(big.Int).Sub(n, s).FillBytes(make([]byte, 32))...)
	other := v.SigningInput + "." + base64.RawURLEncoding.EncodeToString(flipped)
	fmt.Fprintln(w, "original verifies:", Verify("ES256", pub, v.Compact))
	fmt.Fprintln(w, "(r, n-s) verifies:", Verify("ES256", pub, other))
	fmt.Fprintln(w, "same token string:", other == v.Compact)

	// Ed25519's S is little-endian and must be below L, the group order
	// (RFC 8032 §5.1.7): S+L is the same scalar, spelled otherwise.
	ed := Vector("EdDSA")
	edPub, _ := PublicKey(VectorKey(ed))
	edSig, err := base64.RawURLEncoding.DecodeString(ed.Signature)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "EdDSA (R, S+L) verifies:", Verify("EdDSA", edPub, ed.SigningInput+"."+base64.RawURLEncoding.EncodeToString(plusL(edSig))))
	return nil
}

// groupL is Ed25519's group order (RFC 8032 §5.1):
// L = 2^252 + 27742317777372353535851937790883648493.
var groupL = func() *big.Int {
	tail, _ := new(big.Int).SetString("27742317777372353535851937790883648493", 10)
	return tail.Add(tail, new(big.Int).Lsh(big.NewInt(1), 252))
}()

// plusL adds L to the S half of an Ed25519 signature, R || S, where S is
// little-endian.
func plusL(sig []byte) []byte {
	s := slices.Clone(sig[32:])
	slices.Reverse(s)
	sum := new(big.Int).Add(new(big.Int).SetBytes(s), groupL).FillBytes(make([]byte, 32))
	slices.Reverse(sum)
	return append(slices.Clone(sig[:32]), sum...)
}

package lessons

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"

	asym "jwtlab/lessons/07-asym"
)

var lesson07 = spec{
	number: 7, slug: "07-asym", title: "Asymmetric signatures",
	summary: "RS256, ES256 (raw r||s, not DER), EdDSA against RFC 7515 A.2/A.3 and RFC 8037",
	steps: []stepSpec{
		{section: "RS256 is deterministic", example: "ExampleSign_rs256", decls: []string{"PrivateKey", "Sign"},
			run: func(w io.Writer) error {
				v := asym.Vector("RS256")
				key, err := asym.PrivateKey(asym.VectorKey(v))
				if err != nil {
					return err
				}
				sig, err := asym.Sign("RS256", key, v.SigningInput)
				fmt.Fprintln(w, "error:", err)
				fmt.Fprintln(w, "length:", len(sig), "characters")
				fmt.Fprintln(w, "same as RFC 7515 A.2:", sig == v.Signature)
				return nil
			}},
		{section: "ES256 is randomized, and raw r||s", example: "ExampleVerify_es256", decls: []string{"Verify"},
			run: func(w io.Writer) error {
				for _, alg := range []string{"ES256", "ES512"} {
					v := asym.Vector(alg)
					pub, _ := asym.PublicKey(asym.VectorKey(v))
					priv, _ := asym.PrivateKey(asym.VectorKey(v))
					fresh, _ := asym.Sign(alg, priv, v.SigningInput)
					sig, _ := base64.RawURLEncoding.DecodeString(v.Signature)
					fmt.Fprintf(w, "%s: RFC signature %d bytes, verifies: %v\n", alg, len(sig), asym.Verify(alg, pub, v.Compact))
					fmt.Fprintf(w, "%s: fresh signature differs: %v, verifies: %v\n", alg, fresh != v.Signature, asym.Verify(alg, pub, v.SigningInput+"."+fresh))
				}
				return nil
			}},
		{section: "Not DER", example: "ExampleVerify_der",
			run: func(w io.Writer) error {
				v := asym.Vector("ES256")
				pub, _ := asym.PublicKey(asym.VectorKey(v))
				raw, _ := base64.RawURLEncoding.DecodeString(v.Signature)
				der, _ := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(raw[:32]), new(big.Int).SetBytes(raw[32:])})
				digest := sha256.Sum256([]byte(v.SigningInput))
				fmt.Fprintln(w, "DER length:", len(der), "bytes")
				fmt.Fprintln(w, "DER verifies as ASN.1:", ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), digest[:], der))
				fmt.Fprintln(w, "DER inside a JWS:", asym.Verify("ES256", pub, v.SigningInput+"."+base64.RawURLEncoding.EncodeToString(der)))
				return nil
			}},
		{section: "EdDSA", example: "ExampleSign_eddsa", decls: []string{"PublicKey"},
			run: func(w io.Writer) error {
				v := asym.Vector("EdDSA")
				priv, _ := asym.PrivateKey(asym.VectorKey(v))
				pub, _ := asym.PublicKey(asym.VectorKey(v))
				sig, err := asym.Sign("EdDSA", priv, v.SigningInput)
				fmt.Fprintln(w, sig, err)
				fmt.Fprintln(w, "same as RFC 8037 A.4:", sig == v.Signature)
				fmt.Fprintln(w, "verifies with the public key:", asym.Verify("EdDSA", pub, v.Compact))
				fmt.Fprintln(w, "as ES256 instead:", asym.Verify("ES256", pub, v.Compact))
				return nil
			}},
	},
}

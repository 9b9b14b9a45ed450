package asym_test

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"math/big"

	asym "jwtlab/lessons/07-asym"
)

func ExampleSign_rs256() {
	v := asym.Vector("RS256")
	key, err := asym.PrivateKey(asym.VectorKey(v))
	if err != nil {
		fmt.Println(err)
		return
	}
	sig, err := asym.Sign("RS256", key, v.SigningInput)
	fmt.Println("error:", err)
	fmt.Println("length:", len(sig), "characters")
	fmt.Println("same as RFC 7515 A.2:", sig == v.Signature)
	// Output:
	// error: <nil>
	// length: 342 characters
	// same as RFC 7515 A.2: true
}

func ExampleVerify_es256() {
	for _, alg := range []string{"ES256", "ES512"} {
		v := asym.Vector(alg)
		pub, _ := asym.PublicKey(asym.VectorKey(v))
		priv, _ := asym.PrivateKey(asym.VectorKey(v))
		fresh, _ := asym.Sign(alg, priv, v.SigningInput)
		sig, _ := base64.RawURLEncoding.DecodeString(v.Signature)
		fmt.Printf("%s: RFC signature %d bytes, verifies: %v\n", alg, len(sig), asym.Verify(alg, pub, v.Compact))
		fmt.Printf("%s: fresh signature differs: %v, verifies: %v\n", alg, fresh != v.Signature, asym.Verify(alg, pub, v.SigningInput+"."+fresh))
	}
	// Output:
	// ES256: RFC signature 64 bytes, verifies: <nil>
	// ES256: fresh signature differs: true, verifies: <nil>
	// ES512: RFC signature 132 bytes, verifies: <nil>
	// ES512: fresh signature differs: true, verifies: <nil>
}

func ExampleVerify_der() {
	v := asym.Vector("ES256")
	pub, _ := asym.PublicKey(asym.VectorKey(v))
	raw, _ := base64.RawURLEncoding.DecodeString(v.Signature)
	// The same r and s, written as OpenSSL and ecdsa.SignASN1 would.
	der, _ := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(raw[:32]), new(big.Int).SetBytes(raw[32:])})
	digest := sha256.Sum256([]byte(v.SigningInput))
	fmt.Println("DER length:", len(der), "bytes")
	fmt.Println("DER verifies as ASN.1:", ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), digest[:], der))
	fmt.Println("DER inside a JWS:", asym.Verify("ES256", pub, v.SigningInput+"."+base64.RawURLEncoding.EncodeToString(der)))
	// Output:
	// DER length: 71 bytes
	// DER verifies as ASN.1: true
	// DER inside a JWS: signature does not verify
}

func ExampleSign_eddsa() {
	v := asym.Vector("EdDSA")
	priv, _ := asym.PrivateKey(asym.VectorKey(v))
	pub, _ := asym.PublicKey(asym.VectorKey(v))
	sig, err := asym.Sign("EdDSA", priv, v.SigningInput)
	fmt.Println(sig, err)
	fmt.Println("same as RFC 8037 A.4:", sig == v.Signature)
	fmt.Println("verifies with the public key:", asym.Verify("EdDSA", pub, v.Compact))
	fmt.Println("as ES256 instead:", asym.Verify("ES256", pub, v.Compact))
	// Output:
	// hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg <nil>
	// same as RFC 8037 A.4: true
	// verifies with the public key: <nil>
	// as ES256 instead: header alg is not the one this key is for: "EdDSA"
}

package jwk_test

import (
	"encoding/json"
	"fmt"

	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
)

func ExampleParseSet() {
	b, _ := json.Marshal(jwk.CookbookSet())
	set, err := jwk.ParseSet(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range set.Keys {
		fmt.Printf("kty=%-3s crv=%-5s use=%s kid=%s\n", k.Kty, k.Crv, k.Use, k.Kid)
	}
	// Output:
	// kty=EC  crv=P-521 use=sig kid=bilbo.baggins@hobbiton.example
	// kty=RSA crv=      use=sig kid=bilbo.baggins@hobbiton.example
}

func ExamplePublic() {
	private := jwk.DemoKey("current")
	public, _ := jwk.Public(private)
	b, _ := json.Marshal(jwk.Set{Keys: []asym.JWK{public}})
	fmt.Println(string(b))
	_, err := jwk.Public(asym.JWK{Kty: "oct", K: "c2VjcmV0"})
	fmt.Println(err)
	// Output:
	// {"keys":[{"kty":"OKP","crv":"Ed25519","kid":"0UA5Jz3XDZZRJ5HXCxTLn2Val--uAP7NtSm1grMuYZE","use":"sig","alg":"EdDSA","x":"Sq03Zw2XJalKu_POZKYcD-9vkwYj_Uvmdwz5AFN6tiE"}]}
	// a symmetric key cannot be published
}

func ExampleThumbprint() {
	tp, err := jwk.Thumbprint(jwk.RFC7638Key())
	fmt.Println(tp, err)
	fmt.Println("RFC 7638:", tp == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
	// Output:
	// NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs <nil>
	// RFC 7638: true
}

func ExampleSet_Key() {
	set := jwk.CookbookSet()
	enc := set.Keys[0]
	enc.Kid, enc.Use = "encryption-key", "enc"
	set.Keys = append(set.Keys, enc)
	for _, q := range []struct{ kid, alg string }{
		{"bilbo.baggins@hobbiton.example", "ES512"},
		{"bilbo.baggins@hobbiton.example", "HS256"},
		{"frodo", "ES512"},
		{"encryption-key", "ES512"},
	} {
		key, err := set.Key(q.kid, q.alg)
		fmt.Printf("%s/%s: %T %v\n", q.kid, q.alg, key, err)
	}
	// Output:
	// bilbo.baggins@hobbiton.example/ES512: *ecdsa.PublicKey <nil>
	// bilbo.baggins@hobbiton.example/HS256: <nil> key is for another algorithm: EC key, alg "", token wants HS256
	// frodo/ES512: <nil> no key with this kid: "frodo"
	// encryption-key/ES512: <nil> key is not for signatures: use "enc"
}

func ExampleVerify_rotation() {
	old, next := jwk.DemoKey("2026-01"), jwk.DemoKey("2026-02")
	byOld, _ := jwk.Mint(old, `{"sub":"demo"}`)
	byNext, _ := jwk.Mint(next, `{"sub":"demo"}`)
	pubOld, _ := jwk.Public(old)
	pubNext, _ := jwk.Public(next)
	for _, phase := range []struct {
		name string
		keys []asym.JWK
	}{
		{"1 old key only", []asym.JWK{pubOld}},
		{"2 both published", []asym.JWK{pubOld, pubNext}},
		{"3 old key removed", []asym.JWK{pubNext}},
	} {
		set := jwk.Set{Keys: phase.keys}
		fmt.Printf("phase %s:\n  old token: %v\n  new token: %v\n", phase.name,
			jwk.Verify(set, "EdDSA", byOld) == nil, jwk.Verify(set, "EdDSA", byNext) == nil)
	}
	// Output:
	// phase 1 old key only:
	//   old token: true
	//   new token: false
	// phase 2 both published:
	//   old token: true
	//   new token: true
	// phase 3 old key removed:
	//   old token: false
	//   new token: true
}

package jwk_test

import (
	"fmt"
	"io"
	"os"

	jwk "jwtlab/lessons/08-jwk"
)

func ExampleStepParseSet() {
	run(jwk.StepParseSet)
	// Output:
	// kty=EC  crv=P-521 use=sig kid=bilbo.baggins@hobbiton.example
	// kty=RSA crv=      use=sig kid=bilbo.baggins@hobbiton.example
}

func ExampleStepPublic() {
	run(jwk.StepPublic)
	// Output:
	// {"keys":[{"kty":"OKP","crv":"Ed25519","kid":"0UA5Jz3XDZZRJ5HXCxTLn2Val--uAP7NtSm1grMuYZE","use":"sig","alg":"EdDSA","x":"Sq03Zw2XJalKu_POZKYcD-9vkwYj_Uvmdwz5AFN6tiE"}]}
	// a symmetric key cannot be published
}

func ExampleStepThumbprint() {
	run(jwk.StepThumbprint)
	// Output:
	// NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs <nil>
	// RFC 7638: true
}

func ExampleStepSetKey() {
	run(jwk.StepSetKey)
	// Output:
	// bilbo.baggins@hobbiton.example/ES512: *ecdsa.PublicKey <nil>
	// bilbo.baggins@hobbiton.example/HS256: <nil> key is for another algorithm: EC key, alg "", token wants HS256
	// frodo/ES512: <nil> no key with this kid: "frodo"
	// encryption-key/ES512: <nil> key is not for signatures: use "enc"
}

func ExampleStepVerifyRotation() {
	run(jwk.StepVerifyRotation)
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

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

package asym_test

import (
	"fmt"
	"io"
	"os"

	asym "jwtlab/lessons/07-asym"
)

func ExampleStepSignRs256() {
	run(asym.StepSignRs256)
	// Output:
	// error: <nil>
	// length: 342 characters
	// same as RFC 7515 A.2: true
}

func ExampleStepVerifyEs256() {
	run(asym.StepVerifyEs256)
	// Output:
	// ES256: RFC signature 64 bytes, verifies: <nil>
	// ES256: fresh signature differs: true, verifies: <nil>
	// ES512: RFC signature 132 bytes, verifies: <nil>
	// ES512: fresh signature differs: true, verifies: <nil>
}

func ExampleStepVerifyDer() {
	run(asym.StepVerifyDer)
	// Output:
	// DER length: 71 bytes
	// DER verifies as ASN.1: true
	// DER inside a JWS: signature does not verify
}

func ExampleStepSignEddsa() {
	run(asym.StepSignEddsa)
	// Output:
	// hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg <nil>
	// same as RFC 8037 A.4: true
	// verifies with the public key: <nil>
	// as ES256 instead: header alg is not the one this key is for: "EdDSA"
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

func ExampleStepVerifyCurve() {
	run(asym.StepVerifyCurve)
	// Output:
	// ES256 token signed with a P-521 key: 132 bytes, r and s of 66
	// any ECDSA key, ecdsa.Verify: true
	// curve pinned, Verify:        key does not fit the algorithm: ES256 needs P-256, not P-521
}

func ExampleStepVerifyMalleable() {
	run(asym.StepVerifyMalleable)
	// Output:
	// original verifies: <nil>
	// (r, n-s) verifies: <nil>
	// same token string: false
	// EdDSA (R, S+L) verifies: signature does not verify
}

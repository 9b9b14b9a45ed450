package hmac_test

import (
	"fmt"
	"io"
	"os"

	hmac "jwtlab/lessons/06-hmac"
)

func ExampleStepSign() {
	run(hmac.StepSign)
	// Output:
	// signing input: "eyJ0eXAiOiJKV1QiLA0KICJh"...
	// computed:  dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
	// RFC 7515:  dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
}

func ExampleStepVerify() {
	run(hmac.StepVerify)
	// Output:
	// right key: <nil>
	// wrong key: signature does not match
	// forged:    signature does not match
}

func ExampleStepMint() {
	run(hmac.StepMint)
	// Output:
	// PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q
	// same as Django's: true
}

func ExampleStepVerifyStrict() {
	run(hmac.StepVerifyStrict)
	// Output:
	// ends in Q: <nil>
	// ends in R: token is malformed: signature: illegal base64 data at input byte 42
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

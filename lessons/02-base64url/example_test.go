package base64url_test

import (
	"fmt"
	"io"
	"os"

	base64url "jwtlab/lessons/02-base64url"
)

func ExampleStepEncode() {
	run(base64url.StepEncode)
	// Output:
	// standard:  +/+/
	// base64url: -_-_
}

func ExampleStepDecode() {
	run(base64url.StepDecode)
	// Output:
	// padded std: e30=
	// JWT form:   e30
	// Decode("e30") = 7b7d, <nil>
	// Decode("e30=") = , illegal base64 data at input byte 3
	// Decode("+/+/") = , illegal base64 data at input byte 0
	// Decode("-_-_") = fbffbf, <nil>
}

func ExampleStepDecodeStrict() {
	run(base64url.StepDecodeStrict)
	// Output:
	// e30: lenient "{}", strict error: <nil>
	// e31: lenient "{}", strict error: illegal base64 data at input byte 2
}

func ExampleStepEncodedLen() {
	run(base64url.StepEncodedLen)
	// Output:
	// HS256                 32 bytes ->  43 characters
	// ES256                 64 bytes ->  86 characters
	// HS512                 64 bytes ->  86 characters
	// EdDSA                 64 bytes ->  86 characters
	// RS256 (2048-bit key) 256 bytes -> 342 characters
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

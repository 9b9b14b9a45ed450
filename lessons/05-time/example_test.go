package clock_test

import (
	"fmt"
	"io"
	"os"

	clock "jwtlab/lessons/05-time"
)

func ExampleStepNumericDate() {
	run(clock.StepNumericDate)
	// Output:
	// iat: 2026-11-28 21:50:55 +0000 UTC
	// exp: 2026-11-28 21:55:55 +0000 UTC
	// lifetime: 5m0s
	// now: 2026-11-28 21:51:40 +0000 UTC -> <nil>
}

func ExampleStepCheckBoundary() {
	run(clock.StepCheckBoundary)
	// Output:
	// exp plus -1s: <nil>
	// exp plus -1ns: <nil>
	// exp plus 0s: token has expired
	// exp plus 1s: token has expired
	// at nbf: <nil>
}

func ExampleStepCheckLeeway() {
	run(clock.StepCheckLeeway)
	// Output:
	// leeway 0s: token has expired
	// leeway 30s: <nil>
}

func ExampleStepCheckIssuedInFuture() {
	run(clock.StepCheckIssuedInFuture)
	// Output:
	// token was issued in the future
	// token was issued in the future
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

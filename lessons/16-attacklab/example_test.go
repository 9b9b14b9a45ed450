package attacklab_test

import (
	"fmt"
	"io"
	"os"

	attacklab "jwtlab/lessons/16-attacklab"
)

// Each Example runs the step jwtlab learn shows: the code is in steps.go,
// written once.

func ExampleStepRecoverModulus() {
	run(attacklab.StepRecoverModulus)
	// Output:
	// recovered a 2048-bit modulus
	// equals the server's: true
}

func ExampleStepConfusion() {
	run(attacklab.StepConfusion)
	// Output:
	// SPKI, final newline:        accepted as user 1
	// SPKI, no final newline:     refused: signature is invalid
	// PKCS#1, final newline:      refused: signature is invalid
	// PKCS#1, no final newline:   refused: signature is invalid
	// pinned RS256: refused: signing method HS256 is invalid
}

func ExampleStepKidInjection() {
	run(attacklab.StepKidInjection)
	// Output:
	// concatenated SQL: accepted as user 1
	// SQL parameter: refused: no rows in result set
	// SQL parameter, the server's own token: accepted as user 42
}

func ExampleStepX5C() {
	run(attacklab.StepX5C)
	// Output:
	// key from x5c: accepted as user 1
	// pinned RS256: refused: verification error
}

func ExampleStepCrack() {
	run(attacklab.StepCrack)
	// Output:
	// cracked: true after 5 guesses, prefix "django-insecure-"
	// forged with it: accepted as user 1
	// random key cracked: false after 6 guesses
}

// run prints the step's output, or its error where the output would be.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

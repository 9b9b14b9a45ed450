package attacklab_test

import (
	"os"

	"jwtlab/lessons/15-attacklab"
)

// Each Example runs the step jwtlab learn shows: the code is in steps.go,
// written once.

func ExampleRecoverModulus() {
	if err := attacklab.StepRecoverModulus(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// recovered a 2048-bit modulus
	// equals the server's: true
}

func ExampleConfusedVerifier() {
	if err := attacklab.StepConfusion(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// SPKI, final newline:        accepted as user 1
	// SPKI, no final newline:     refused: signature is invalid
	// PKCS#1, final newline:      refused: signature is invalid
	// PKCS#1, no final newline:   refused: signature is invalid
	// pinned RS256: refused: signing method HS256 is invalid
}

func ExampleKidConcatenated() {
	if err := attacklab.StepKidInjection(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// concatenated SQL: accepted as user 1
	// SQL parameter: refused: no rows in result set
	// SQL parameter, the server's own token: accepted as user 42
}

func ExampleNaiveX5C() {
	if err := attacklab.StepX5C(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// key from x5c: accepted as user 1
	// pinned RS256: refused: verification error
}

func ExampleCrack() {
	if err := attacklab.StepCrack(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// cracked: true after 5 guesses, prefix "django-insecure-"
	// forged with it: accepted as user 1
	// random key cracked: false after 6 guesses
}

package settings_test

import (
	"fmt"
	"io"
	"os"

	settings "jwtlab/lessons/15-settings"
)

func ExampleStepSigningKey() {
	run(settings.StepSigningKey)
	// Output:
	// HS256 with an unrelated VERIFYING_KEY: <nil>
	// the same token, ALGORITHM RS256:      token signature is invalid: signing method HS256 is invalid
}

func ExampleStepAudience() {
	run(settings.StepAudience)
	// Output:
	// aud other, AUDIENCE unset:   <nil>
	// aud other, AUDIENCE jwtlab:  token has invalid claims: token has invalid audience
	// no aud,    AUDIENCE jwtlab:  token has invalid claims: token is missing required claim: aud claim is required
	// aud jwtlab, AUDIENCE jwtlab: <nil>
	// iss other, ISSUER unset:     <nil>
	// iss other, ISSUER jwtlab:    token has invalid claims: token has invalid issuer
}

func ExampleStepJWE() {
	run(settings.StepJWE)
	// Output:
	// JWS payload, no key needed: {"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5cc5dee4342e98133d081f3d4f694","user_id":1}
	// JWE parts: 5
	// as a JWS: a token has three segments separated by dots
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

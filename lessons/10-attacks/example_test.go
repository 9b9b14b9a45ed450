package attacks_test

import (
	"fmt"
	"io"
	"os"

	attacks "jwtlab/lessons/10-attacks"
)

func ExampleStepDecodeOnly() {
	run(attacks.StepDecodeOnly)
	// Output:
	// stolen token:            accepted as user 7
	// vulnerable:              accepted as user 1
	// safe:                    refused: token signature is invalid: signature is invalid
	// reference:               401 Given token not valid for any token type (Token is invalid or expired)
	// reference, honest token: 200 {"id":1,"username":"demo"}
}

func ExampleStepHeaderPicksAlg() {
	run(attacks.StepHeaderPicksAlg)
	// Output:
	// vulnerable: accepted as user 1
	// safe:       refused: token signature is invalid: signing method none is invalid
	// reference:  401 Given token not valid for any token type (Token is invalid or expired)
}

func ExampleStepCrack() {
	run(attacks.StepCrack)
	// Output:
	// weak key cracked: true after 15 guesses: "your-256-bit-secret"
	// victim with the weak key: accepted as user 1
	// public demo key, not in this wordlist: cracked false after 20 guesses
	// reference: 401 Given token not valid for any token type (Token is invalid or expired)
	// 19 bytes, below jwtlab serve -profile prod's minimum of 32: true
	// the demo key under -profile prod: key is the public demo key from jwtlab's README: anyone can mint tokens with it (refused by the key policy): generate one with jwtlab keygen
}

func ExampleStepOneKeyForAll() {
	run(attacks.StepOneKeyForAll)
	// Output:
	// vulnerable:              accepted as user 1
	// safe:                    refused: token signature is invalid: signing method HS256 is invalid
	// reference:               401 Given token not valid for any token type (Token is invalid or expired)
	// reference, honest token: 200 {"id":1,"username":"demo"}
}

func ExampleStepKidFromDisk() {
	run(attacks.StepKidFromDisk)
	// Output:
	// vulnerable: accepted as user 1
	// safe:       refused: unknown kid "../static/robots.txt"
	// reference:  401 Given token not valid for any token type (Token is invalid or expired)
}

func ExampleStepKeyFromHeader() {
	run(attacks.StepKeyFromHeader)
	// Output:
	// jwk vulnerable: accepted as user 1
	// jwk safe:       refused: no key with this kid: ""
	// jwk reference:  401 Given token not valid for any token type (Token is invalid or expired)
	// jku vulnerable: accepted as user 1
	// jku safe:       refused: no key with this kid: "yFFrxfAV0LjP0VpDyIUZ16AEkaDvq2OZm5-_kARfdAY"
	// jku reference:  401 Given token not valid for any token type (Token is invalid or expired)
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

func ExampleStepSafeClaims() {
	run(attacks.StepSafeClaims)
	// Output:
	// expired:
	//   Pinned:      refused: token has invalid claims: token is expired
	//   PinnedRS256: refused: token has invalid claims: token is expired
	//   OwnKeys:     refused: token is expired
	// no exp:
	//   Pinned:      refused: token has invalid claims: token is missing required claim: exp claim is required
	//   PinnedRS256: refused: token is missing required claim: exp claim is required
	//   OwnKeys:     refused: token is missing required claim: exp claim is required
	// refresh:
	//   Pinned:      refused: token has wrong type: refresh, want access
	//   PinnedRS256: refused: token has wrong type: refresh, want access
	//   OwnKeys:     refused: token has wrong type: refresh, want access
	// another service's aud and iss, no jti:
	//   Pinned:      accepted as user 1
	//   PinnedRS256: accepted as user 1
	//   OwnKeys:     accepted as user 1
	// the same, verifier given WithAudience("jwtlab"):
	//   Pinned:      refused: token has invalid claims: token has invalid audience
	//   PinnedRS256: refused: token has invalid audience
	//   OwnKeys:     refused: token has invalid audience
	// the same, verifier given WithIssuer("jwtlab"):
	//   Pinned:      refused: token has invalid claims: token has invalid issuer
	//   PinnedRS256: refused: token has invalid issuer
	//   OwnKeys:     refused: token has invalid issuer
}

package golangjwt_test

import (
	"fmt"
	"io"
	"os"

	golangjwt "jwtlab/lessons/09-golangjwt"
)

func ExampleStepParse() {
	run(golangjwt.StepParse)
	// Output:
	// access 1 32a5cc5dee4342e98133d081f3d4f694
	// exp: 2026-11-28 21:55:55 +0000 UTC
}

func ExampleStepMint() {
	run(golangjwt.StepMint)
	// Output:
	// error: <nil>
	// golang-jwt == lesson 6: true
	// golang-jwt == Django:   true
}

func ExampleStepMintSigningMethods() {
	run(golangjwt.StepMintSigningMethods)
	// Output:
	// RS256 golang-jwt == lesson 7: true, == RFC: true, error: <nil>
	// EdDSA golang-jwt == lesson 7: true, == RFC: true, error: <nil>
}

func ExampleStepParseErrors() {
	run(golangjwt.StepParseErrors)
	// Output:
	// an hour later  expired=true  signature=false malformed=false
	// wrong key      expired=false signature=true  malformed=false
	// alg none       expired=false signature=true  malformed=false
	// HS512          expired=false signature=true  malformed=false
	// two segments   expired=false signature=false malformed=true
}

func ExampleStepNewParser() {
	run(golangjwt.StepNewParser)
	// Output:
	// default decoding: <nil>
	// strict decoding:  true
	// line break parser alone: <nil>; Parse: token is malformed: line break in a base64url segment
	// crit       parser alone: <nil>; Parse: token is malformed: header has "crit": extensions this verifier does not understand: ["exp"]
}

func ExampleStepRunWycheproof() {
	run(golangjwt.StepRunWycheproof)
	// Output:
	// 401 vectors: 40 valid verified, 347 invalid refused, 14 skipped, 0 disagreements
	// skipped [281 282 283 284 285 286]:
	//   golang-jwt verifies PS256/384/512 with rsa.PSSSaltLengthAuto (its VerifyOptions, for interoperability), so it accepts salt lengths other than the hash size that RFC 7518 section 3.5 asks for
	// skipped [346 350]:
	//   the key says alg PS256 but RFC 7520 figure 20 signs with PS384; VerifyJWS lets the key's alg decide, so it refuses
	// skipped [347 351]:
	//   the key says alg "ES521", which no registry defines (ES512 is meant); VerifyJWS does not guess
	// skipped [367 370]:
	//   marked invalid, yet byte-identical to vector 357, which is marked valid; the vector file contradicts itself
	// skipped [372 373]:
	//   marked valid, yet a segment holds "?", which is not base64url; no strict decoder accepts it
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

func ExampleStepParseRefused() {
	run(golangjwt.StepParseRefused)
	// Output:
	// {"exp":1795903000,"iat":1795902700,"jti":"r1","token_type":"refresh","user_id":1}
	//   parser alone: <nil> (token_type "refresh")
	//   Parse:        token has wrong type: refresh, want access
	// {"EXP":1795903000,"iat":1795902700,"jti":"a1","token_type":"access","user_id":1}
	//   parser alone: <nil> (token_type "access")
	//   Parse:        claim name in the wrong case: "EXP"
	// {"TOKEN_TYPE":"access","exp":1795903000,"iat":1795902700,"jti":"a2","user_id":1}
	//   parser alone: <nil> (token_type "access")
	//   Parse:        claim name in the wrong case: "TOKEN_TYPE"
}

package payload_test

import (
	"fmt"
	"io"
	"os"

	payload "jwtlab/lessons/04-payload"
)

func ExampleStepParseClaims() {
	run(payload.StepParseClaims)
	// Output:
	// token_type: access
	// user_id:    1
	// jti:        32a5cc5dee4342e98133d081f3d4f694
	// exp - iat:  300 seconds
	// iss="" sub="" aud=[] nbf=0
}

func ExampleStepKind() {
	run(payload.StepKind)
	// Output:
	// iss                         registered
	// exp                         registered
	// jti                         registered
	// email                       public
	// http://example.com/is_root  public
	// token_type                  private
	// user_id                     private
}

func ExampleStepAudience() {
	run(payload.StepAudience)
	// Output:
	// ["api"] <nil>
	// ["api" "web"] <nil>
	// [] payload JSON: "aud" must be a string or an array of strings
}

func ExampleStepClaimsUserID() {
	run(payload.StepClaimsUserID)
	// Output:
	// user_id 1 <nil>
	// user_id 1 <nil>
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

func ExampleStepExactCase() {
	run(payload.StepExactCase)
	// Output:
	// {"EXP":1795902955,"user_id":1}
	//   json.Unmarshal: exp=1795902955 token_type=""
	//   ParseClaims:    exp=0 token_type="" other=1
	// {"TOKEN_TYPE":"access","user_id":1}
	//   json.Unmarshal: exp=0 token_type="access"
	//   ParseClaims:    exp=0 token_type="" other=1
}

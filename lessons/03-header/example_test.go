package header_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"

	header "jwtlab/lessons/03-header"
)

// enc is how the examples build header segments from JSON text.
func enc(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }

func ExampleStepParseHeader() {
	run(header.StepParseHeader)
	// Output:
	// {Alg:HS256 Typ:JWT Kid: Cty:} <nil>
	// {Alg:HS256 Typ:JWT Kid: Cty:} <nil>
	// same bytes: false
}

func ExampleStepParseHeaderKid() {
	run(header.StepParseHeaderKid)
	// Output:
	// alg=ES256 kid=kid-ec-sign cty=JWT err=<nil>
}

func ExampleStepCheckAlg() {
	run(header.StepCheckAlg)
	// Output:
	// HS256  <nil>
	// none   algorithm not allowed by this verifier: "none" (allowed: ["HS256"])
	// NONE   algorithm not allowed by this verifier: "NONE" (allowed: ["HS256"])
	// HS512  algorithm not allowed by this verifier: "HS512" (allowed: ["HS256"])
	// RS256  algorithm not allowed by this verifier: "RS256" (allowed: ["HS256"])
	// hs256  algorithm not allowed by this verifier: "hs256" (allowed: ["HS256"])
}

func ExampleStepParseHeaderDuplicate() {
	run(header.StepParseHeaderDuplicate)
	// Output:
	// header repeats a member name: "alg"
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

func ExampleStepExactCase() {
	run(header.StepExactCase)
	// Output:
	// {"alg":"HS256","ALG":"none"}
	//   json.Unmarshal: alg="none"
	//   ParseHeader:    alg="HS256" err=<nil>
	// {"ALG":"HS256"}
	//   json.Unmarshal: alg="HS256"
	//   ParseHeader:    alg="" err=header has no "alg"
	// {"Alg":"none","alg":"HS256"}
	//   json.Unmarshal: alg="HS256"
	//   ParseHeader:    alg="HS256" err=<nil>
}

func ExampleStepCrit() {
	run(header.StepCrit)
	// Output:
	// {"alg":"EdDSA","crit":["b64"],"b64":false}
	//   header has "crit": extensions this verifier does not understand: ["b64"]
	// {"alg":"HS256","crit":["exp"]}
	//   header has "crit": extensions this verifier does not understand: ["exp"]
}

package header_test

import (
	"encoding/base64"
	"fmt"

	header "jwtlab/lessons/03-header"
)

// enc is how the examples build header segments from JSON text.
func enc(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }

func ExampleParseHeader() {
	simplejwt := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"   // Django simplejwt
	rfc7515 := "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9" // RFC 7515 A.1, with CR LF
	for _, seg := range []string{simplejwt, rfc7515} {
		h, err := header.ParseHeader(seg)
		fmt.Printf("%+v %v\n", h, err)
	}
	fmt.Println("same bytes:", simplejwt == rfc7515)
	// Output:
	// {Alg:HS256 Typ:JWT Kid: Cty:} <nil>
	// {Alg:HS256 Typ:JWT Kid: Cty:} <nil>
	// same bytes: false
}

func ExampleParseHeader_kid() {
	h, err := header.ParseHeader(enc(`{"alg":"ES256","kid":"kid-ec-sign","cty":"JWT"}`))
	fmt.Printf("alg=%s kid=%s cty=%s err=%v\n", h.Alg, h.Kid, h.Cty, err)
	// Output:
	// alg=ES256 kid=kid-ec-sign cty=JWT err=<nil>
}

func ExampleCheckAlg() {
	for _, alg := range []string{"HS256", "none", "NONE", "HS512", "RS256", "hs256"} {
		h := header.Header{Alg: alg, Typ: "JWT"}
		fmt.Printf("%-6s %v\n", alg, header.CheckAlg(h, "HS256"))
	}
	// Output:
	// HS256  <nil>
	// none   algorithm not allowed by this verifier: "none" (allowed: ["HS256"])
	// NONE   algorithm not allowed by this verifier: "NONE" (allowed: ["HS256"])
	// HS512  algorithm not allowed by this verifier: "HS512" (allowed: ["HS256"])
	// RS256  algorithm not allowed by this verifier: "RS256" (allowed: ["HS256"])
	// hs256  algorithm not allowed by this verifier: "hs256" (allowed: ["HS256"])
}

func ExampleParseHeader_duplicate() {
	_, err := header.ParseHeader(enc(`{"alg":"HS256","alg":"none"}`))
	fmt.Println(err)
	// Output:
	// header repeats a member name: "alg"
}

package lessons

import (
	"encoding/base64"
	"fmt"
	"io"

	header "jwtlab/lessons/03-header"
)

// enc builds a segment from JSON text, as the lessons' examples do.
func enc(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }

var lesson03 = spec{
	number: 3, slug: "03-header", title: "The header",
	summary: "alg, typ, kid, cty; why alg is attacker-controlled input",
	steps: []stepSpec{
		{section: "alg and typ", example: "ExampleParseHeader", decls: []string{"Header", "ParseHeader"},
			run: func(w io.Writer) error {
				simplejwt := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
				rfc7515 := "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
				for _, seg := range []string{simplejwt, rfc7515} {
					h, err := header.ParseHeader(seg)
					fmt.Fprintf(w, "%+v %v\n", h, err)
				}
				fmt.Fprintln(w, "same bytes:", simplejwt == rfc7515)
				return nil
			}},
		{section: "kid and cty", example: "ExampleParseHeader_kid",
			run: func(w io.Writer) error {
				h, err := header.ParseHeader(enc(`{"alg":"ES256","kid":"kid-ec-sign","cty":"JWT"}`))
				fmt.Fprintf(w, "alg=%s kid=%s cty=%s err=%v\n", h.Alg, h.Kid, h.Cty, err)
				return nil
			}},
		{section: "alg is attacker-controlled input", example: "ExampleCheckAlg", decls: []string{"CheckAlg"},
			run: func(w io.Writer) error {
				for _, alg := range []string{"HS256", "none", "NONE", "HS512", "RS256", "hs256"} {
					h := header.Header{Alg: alg, Typ: "JWT"}
					fmt.Fprintf(w, "%-6s %v\n", alg, header.CheckAlg(h, "HS256"))
				}
				return nil
			}},
		{section: "Duplicate members", example: "ExampleParseHeader_duplicate", decls: []string{"noDuplicates"},
			run: func(w io.Writer) error {
				_, err := header.ParseHeader(enc(`{"alg":"HS256","alg":"none"}`))
				fmt.Fprintln(w, err)
				return nil
			}},
	},
}

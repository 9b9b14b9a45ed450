package header

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
)

// enc builds a segment from JSON text, as the lessons' examples do.
func enc(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }

// StepParseHeader is the step "alg and typ".
func StepParseHeader(w io.Writer) error {
	simplejwt := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
	rfc7515 := "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
	for _, seg := range []string{simplejwt, rfc7515} {
		h, err := ParseHeader(seg)
		fmt.Fprintf(w, "%+v %v\n", h, err)
	}
	fmt.Fprintln(w, "same bytes:", simplejwt == rfc7515)
	return nil
}

// StepParseHeaderKid is the step "kid and cty".
func StepParseHeaderKid(w io.Writer) error {
	h, err := ParseHeader(enc(`{"alg":"ES256","kid":"kid-ec-sign","cty":"JWT"}`))
	fmt.Fprintf(w, "alg=%s kid=%s cty=%s err=%v\n", h.Alg, h.Kid, h.Cty, err)
	return nil
}

// StepCheckAlg is the step "alg is attacker-controlled input".
func StepCheckAlg(w io.Writer) error {
	for _, alg := range []string{"HS256", "none", "NONE", "HS512", "RS256", "hs256"} {
		h := Header{Alg: alg, Typ: "JWT"}
		fmt.Fprintf(w, "%-6s %v\n", alg, CheckAlg(h, "HS256"))
	}
	return nil
}

// StepParseHeaderDuplicate is the step "Duplicate members".
func StepParseHeaderDuplicate(w io.Writer) error {
	_, err := ParseHeader(enc(`{"alg":"HS256","alg":"none"}`))
	fmt.Fprintln(w, err)
	return nil
}

// StepExactCase is the step "Member names are case-sensitive".
func StepExactCase(w io.Writer) error {
	for _, text := range []string{`{"alg":"HS256","ALG":"none"}`, `{"ALG":"HS256"}`, `{"Alg":"none","alg":"HS256"}`} {
		var naive Header
		_ = json.Unmarshal([]byte(text), &naive)
		h, err := ParseHeader(enc(text))
		fmt.Fprintf(w, "%s\n  json.Unmarshal: alg=%q\n  ParseHeader:    alg=%q err=%v\n", text, naive.Alg, h.Alg, err)
	}
	return nil
}

// StepCrit is the step "crit: what the verifier must understand".
func StepCrit(w io.Writer) error {
	for _, text := range []string{`{"alg":"EdDSA","crit":["b64"],"b64":false}`, `{"alg":"HS256","crit":["exp"]}`} {
		_, err := ParseHeader(enc(text))
		fmt.Fprintf(w, "%s\n  %v\n", text, err)
	}
	return nil
}

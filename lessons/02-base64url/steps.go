package base64url

import (
	"encoding/base64"
	"fmt"
	"io"
)

// StepEncode is the step "Two alphabets".
func StepEncode(w io.Writer) error {
	b := []byte{0xfb, 0xff, 0xbf}
	fmt.Fprintln(w, "standard: ", base64.StdEncoding.EncodeToString(b))
	fmt.Fprintln(w, "base64url:", Encode(b))
	return nil
}

// StepDecode is the step "No padding".
func StepDecode(w io.Writer) error {
	fmt.Fprintln(w, "padded std:", base64.StdEncoding.EncodeToString([]byte("{}")))
	fmt.Fprintln(w, "JWT form:  ", Encode([]byte("{}")))
	for _, s := range []string{"e30", "e30=", "+/+/", "-_-_"} {
		b, err := Decode(s)
		fmt.Fprintf(w, "Decode(%q) = %x, %v\n", s, b, err)
	}
	return nil
}

// StepDecodeStrict is the step "One string per value: strict decoding".
func StepDecodeStrict(w io.Writer) error {
	for _, s := range []string{"e30", "e31"} {
		lenient, _ := DecodeLenient(s)
		_, err := Decode(s)
		fmt.Fprintf(w, "%s: lenient %q, strict error: %v\n", s, lenient, err)
	}
	return nil
}

// StepEncodedLen is the step "How long is a segment?".
func StepEncodedLen(w io.Writer) error {
	for _, s := range []struct {
		alg   string
		bytes int
	}{{"HS256", 32}, {"ES256", 64}, {"HS512", 64}, {"EdDSA", 64}, {"RS256 (2048-bit key)", 256}} {
		fmt.Fprintf(w, "%-20s %3d bytes -> %3d characters\n", s.alg, s.bytes, EncodedLen(s.bytes))
	}
	return nil
}

package base64url_test

import (
	"encoding/base64"
	"fmt"

	base64url "jwtlab/lessons/02-base64url"
)

func ExampleEncode() {
	b := []byte{0xfb, 0xff, 0xbf} // bit patterns that need the values 62 and 63
	fmt.Println("standard: ", base64.StdEncoding.EncodeToString(b))
	fmt.Println("base64url:", base64url.Encode(b))
	// Output:
	// standard:  +/+/
	// base64url: -_-_
}

func ExampleDecode() {
	fmt.Println("padded std:", base64.StdEncoding.EncodeToString([]byte("{}")))
	fmt.Println("JWT form:  ", base64url.Encode([]byte("{}")))
	for _, s := range []string{"e30", "e30=", "+/+/", "-_-_"} {
		b, err := base64url.Decode(s)
		fmt.Printf("Decode(%q) = %x, %v\n", s, b, err)
	}
	// Output:
	// padded std: e30=
	// JWT form:   e30
	// Decode("e30") = 7b7d, <nil>
	// Decode("e30=") = , illegal base64 data at input byte 3
	// Decode("+/+/") = , illegal base64 data at input byte 0
	// Decode("-_-_") = fbffbf, <nil>
}

func ExampleDecode_strict() {
	for _, s := range []string{"e30", "e31"} {
		lenient, _ := base64url.DecodeLenient(s)
		_, err := base64url.Decode(s)
		fmt.Printf("%s: lenient %q, strict error: %v\n", s, lenient, err)
	}
	// Output:
	// e30: lenient "{}", strict error: <nil>
	// e31: lenient "{}", strict error: illegal base64 data at input byte 2
}

func ExampleEncodedLen() {
	for _, s := range []struct {
		alg   string
		bytes int
	}{{"HS256", 32}, {"ES256", 64}, {"HS512", 64}, {"RS256 (2048-bit key)", 256}} {
		fmt.Printf("%-20s %3d bytes -> %3d characters\n", s.alg, s.bytes, base64url.EncodedLen(s.bytes))
	}
	// Output:
	// HS256                 32 bytes ->  43 characters
	// ES256                 64 bytes ->  86 characters
	// HS512                 64 bytes ->  86 characters
	// RS256 (2048-bit key) 256 bytes -> 342 characters
}

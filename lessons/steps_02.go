package lessons

import (
	"encoding/base64"
	"fmt"
	"io"

	base64url "jwtlab/lessons/02-base64url"
)

var lesson02 = spec{
	number: 2, slug: "02-base64url", title: "base64url without padding",
	summary: "RFC 4648 section 5: why not standard base64, what breaks with padding, + and /",
	steps: []stepSpec{
		{section: "Two alphabets", example: "ExampleEncode", decls: []string{"Encode"},
			run: func(w io.Writer) error {
				b := []byte{0xfb, 0xff, 0xbf}
				fmt.Fprintln(w, "standard: ", base64.StdEncoding.EncodeToString(b))
				fmt.Fprintln(w, "base64url:", base64url.Encode(b))
				return nil
			}},
		{section: "No padding", example: "ExampleDecode", decls: []string{"Decode"},
			run: func(w io.Writer) error {
				fmt.Fprintln(w, "padded std:", base64.StdEncoding.EncodeToString([]byte("{}")))
				fmt.Fprintln(w, "JWT form:  ", base64url.Encode([]byte("{}")))
				for _, s := range []string{"e30", "e30=", "+/+/", "-_-_"} {
					b, err := base64url.Decode(s)
					fmt.Fprintf(w, "Decode(%q) = %x, %v\n", s, b, err)
				}
				return nil
			}},
		{section: "One string per value: strict decoding", example: "ExampleDecode_strict", decls: []string{"strict", "ErrLineBreak", "DecodeLenient"},
			run: func(w io.Writer) error {
				for _, s := range []string{"e30", "e31"} {
					lenient, _ := base64url.DecodeLenient(s)
					_, err := base64url.Decode(s)
					fmt.Fprintf(w, "%s: lenient %q, strict error: %v\n", s, lenient, err)
				}
				return nil
			}},
		{section: "How long is a segment?", example: "ExampleEncodedLen", decls: []string{"EncodedLen"},
			run: func(w io.Writer) error {
				for _, s := range []struct {
					alg   string
					bytes int
				}{{"HS256", 32}, {"ES256", 64}, {"HS512", 64}, {"RS256 (2048-bit key)", 256}} {
					fmt.Fprintf(w, "%-20s %3d bytes -> %3d characters\n", s.alg, s.bytes, base64url.EncodedLen(s.bytes))
				}
				return nil
			}},
	},
}

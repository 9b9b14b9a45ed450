package server

import (
	"fmt"
	"strings"
)

// The inputs issue 14's adversarial review sent, rebuilt by code rather
// than kept as megabyte files. Every fuzzer that parses JSON or a body
// starts from them, so the scheduled fuzz run (.ci/fuzz) mutates them
// and every go test replays them.

// ReviewMultipartSeed is a multipart body with 14,000 form fields, and
// its Content-Type.
func ReviewMultipartSeed() (contentType, body string) {
	const parts = 14_000
	var b strings.Builder
	for i := range parts {
		fmt.Fprintf(&b, "--X\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i)
	}
	b.WriteString("--X--\r\n")
	return "multipart/form-data; boundary=X", b.String()
}

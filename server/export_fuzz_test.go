package server

import (
	"fmt"
	"strings"
)

// The inputs issue 14's adversarial review sent, rebuilt by code rather
// than kept as megabyte files. Every fuzzer that parses JSON or a body
// starts from them, so the scheduled fuzz run (.ci/fuzz) mutates them
// and every go test replays them.

// ReviewJSONSeeds are JSON documents: 10,000 levels of nesting, an
// object with 130,000 copies of one key, and an object whose ~850 KB of
// claim names are all \u escapes.
func ReviewJSONSeeds() [][]byte {
	const depth = 10_000
	deep := strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth)
	const dups = 130_000
	var d strings.Builder
	d.WriteString("{")
	for i := range dups {
		if i > 0 {
			d.WriteString(",")
		}
		d.WriteString(`"user_id":1`)
	}
	d.WriteString("}")
	// 850 KB of names: each name is 40 escaped letters (240 bytes).
	var e strings.Builder
	e.WriteString(`{"token_type":"access"`)
	name := strings.Repeat(`\u0061`, 40)
	for i := 0; e.Len() < 850_000; i++ {
		fmt.Fprintf(&e, `,"%s%d":1`, name, i)
	}
	e.WriteString("}")
	return [][]byte{[]byte(deep), []byte(d.String()), []byte(e.String())}
}

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

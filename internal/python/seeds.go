package python

import (
	"fmt"
	"strings"
)

// The JSON inputs of an adversarial review of the server, rebuilt by
// code rather than kept as megabyte files. Every fuzzer that parses JSON
// (here and in the server) starts from them, so the scheduled fuzz run
// (.ci/fuzz) mutates them and every go test replays them. Nothing but
// tests calls this, so the linker leaves it out of the binary.

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

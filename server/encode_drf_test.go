package server

import (
	"encoding/json"
	"os"
	"testing"
)

// TestWriterMatchesDRF compares our bytes with those DRF 3.14's
// JSONRenderer wrote for the same bodies (testdata/drf-render.json,
// written by bench/peers/django/render_cases.py): every ASCII character,
// controls, </>&, U+2028/U+2029, non-ASCII and 300 random mixes.
func TestWriterMatchesDRF(t *testing.T) {
	data, err := os.ReadFile("testdata/drf-render.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		S        string
		N        int
		Rendered string
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 300 {
		t.Fatalf("%d cases in drf-render.json; want the whole set", len(cases))
	}
	for _, c := range cases {
		body := obj{{"detail", c.S}, {"n", c.N}, {"ok", true},
			{"messages", []obj{{{"m", c.S}}}}, {"l", []string{c.S, ""}}}
		got, err := body.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON(%q): %v", c.S, err)
		}
		if string(got) != c.Rendered {
			t.Errorf("MarshalJSON of %q = %s; want DRF's %s", c.S, got, c.Rendered)
		}
	}
}

package server

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"unicode/utf8"
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

// stdString is encoding/json's encoding of s with HTML escaping off.
func stdString(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// FuzzAppendString: our string writer and encoding/json with
// SetEscapeHTML(false) agree byte for byte on any input, invalid UTF-8
// included (both write U+FFFD as \ufffd).
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"demo", "<>&", "\u2028\u2029", "\x00\x1f\x7f", "\b\f\n\r\t", "é日😀", "\xff\xc3(", "\"\\/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := appendString(nil, s), stdString(t, s)
		if !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s; encoding/json writes %s", s, got, want)
		}
	})
}

// TestAppendStringLikeEncodingJSON runs the comparison over every rune
// below U+3000 and the invalid bytes, beyond the fuzz seeds.
func TestAppendStringLikeEncodingJSON(t *testing.T) {
	var in []string
	for r := rune(0); r < 0x3000; r++ {
		in = append(in, string(r), "a"+string(r)+"<")
	}
	for c := 0x80; c <= 0xff; c++ {
		in = append(in, string([]byte{byte(c)}), "x"+string([]byte{byte(c), 'y'}))
	}
	in = append(in, string(utf8.MaxRune), "\U0001f600")
	for _, s := range in {
		if got, want := appendString(nil, s), stdString(t, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s; encoding/json writes %s", s, got, want)
		}
	}
}

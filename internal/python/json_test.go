package python

import (
	"encoding/json"
	"os"
	"testing"
)

func TestJSONErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/pyjson-errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Doc, Error string }
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if got := JSONError([]byte(c.Doc)); got != c.Error {
			t.Errorf("JSONError(%q) = %q; want %q", c.Doc, got, c.Error)
		}
	}
}

func TestUTF8Errors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"{}", ""},
		{"\xff{}", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"},
		{"{\"a\":\"\xc3(\"}", "'utf-8' codec can't decode byte 0xc3 in position 6: invalid continuation byte"},
		{"{\"a\":\"\xe2", "'utf-8' codec can't decode byte 0xe2 in position 6: unexpected end of data"},
		{"{\"a\":\"\xe2\x82", "'utf-8' codec can't decode bytes in position 6-7: unexpected end of data"},
	} {
		if got := utf8Error([]byte(tc.in)); got != tc.want {
			t.Errorf("utf8Error(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzJSON checks the scanner never panics and agrees with Go's
// decoder on what is JSON, apart from what Python alone allows.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{`{"username": "demo"}`, `[1, 2.5e3, null]`, `"\u00e9"`, `{"a":`, "NaN", "\ufeff{}"} {
		f.Add([]byte(s))
	}
	for _, doc := range ReviewJSONSeeds() {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		msg := JSONError(doc)
		if msg == "" && !json.Valid(doc) {
			t.Errorf("JSONError(%q) accepts what encoding/json rejects", doc)
		}
	})
}

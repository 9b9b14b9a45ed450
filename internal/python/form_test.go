package python

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestParseForm holds ParseForm to what Django 3.2's QueryDict made of
// each body (testdata/django-forms.json, written by django_forms.py
// beside it): bad escapes, bytes that are not UTF-8, truncated and
// overlong sequences, the Latin-1 fallback, '+', ';' and empty fields.
func TestParseForm(t *testing.T) {
	data, err := os.ReadFile("testdata/django-forms.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Body string      `json:"body"`
		Form [][2]string `json:"form"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("%d cases; want the file's 13", len(cases))
	}
	for _, c := range cases {
		body, err := hex.DecodeString(c.Body)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{}
		for _, kv := range c.Form {
			want[kv[0]] = append(want[kv[0]], kv[1])
		}
		if got, err := ParseForm(body); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseForm(%q) = %q, %v; Django: %q", body, got, err, want)
		}
	}
}

// TestParseFormCountsFieldsAsDjango: 1,000 fields pass and 1,001 do not,
// counted as parse_qsl counts them, empty ones included.
func TestParseFormCountsFieldsAsDjango(t *testing.T) {
	if _, err := ParseForm([]byte(strings.Repeat("&", MaxFormFields-1))); err != nil {
		t.Errorf("%d empty fields: %v; want them read", MaxFormFields, err)
	}
	if _, err := ParseForm([]byte(strings.Repeat("a=1&", MaxFormFields) + "b=2")); !errors.Is(err, ErrTooManyFields) {
		t.Errorf("%d fields: %v; want ErrTooManyFields", MaxFormFields+1, err)
	}
}

// TestDecodeReplace: one U+FFFD for each maximal ill-formed part, as
// CPython's bytes.decode("utf-8", "replace") printed them.
func TestDecodeReplace(t *testing.T) {
	for in, want := range map[string]string{
		"a\xe2\x82b":               "a\ufffdb",
		"\xe2\x82":                 "\ufffd",
		"\xf0\x9f\x98":             "\ufffd",
		"\xed\xa0\x80":             "\ufffd\ufffd\ufffd",
		"\xc0\x80":                 "\ufffd\ufffd",
		"\xff\xfe":                 "\ufffd\ufffd",
		"\xf4\x90\x80\x80":         "\ufffd\ufffd\ufffd\ufffd",
		"\xe0\x80\x80":             "\ufffd\ufffd\ufffd",
		"\xf0\x90\x80":             "\ufffd",
		"\xc3\xa9\xf0\x9f\x98\x80": "é😀",
	} {
		if got := DecodeReplace([]byte(in)); got != want {
			t.Errorf("DecodeReplace(%q) = %q; want %q", in, got, want)
		}
	}
}

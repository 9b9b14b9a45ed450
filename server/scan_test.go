package server

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"jwtlab/internal/python"
)

// FuzzFlatStrings: whatever the fast path takes, Python's json accepts
// and the full decoder reads as the same object; what it refuses it
// leaves to the full path (checked by the seeds it must take and leave).
func FuzzFlatStrings(f *testing.F) {
	for _, s := range []string{
		`{"refresh":"eyJhbGciOiJIUzI1NiJ9.e30.sig"}`, `{}`, ` { } `, "{\t\"a\" :\n\"b\" ,\r\"c\":\"\"}\n",
		`{"a":"1","a":"2"}`, `{"a":"\u0041"}`, `{"a":"é"}`, `{"a":1}`, `{"a":"b",}`, `{"a":"b"} x`,
		`[]`, `{"a":"b"`, `{"a" "b"}`, `{"a":"\"}`, "{\"a\":\"\x7f\"}", `{"a":null}`, `"a"`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, ok := flatStrings(body)
		if !ok {
			return
		}
		if msg := python.JSONError(body); msg != "" {
			t.Fatalf("flatStrings(%q) took what Python refuses: %s", body, msg)
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("flatStrings(%q) took what encoding/json refuses: %v", body, err)
		}
		if !reflect.DeepEqual(any(got), want) {
			t.Fatalf("flatStrings(%q) = %#v; the full decoder reads %#v", body, got, want)
		}
	})
}

// TestFlatStringsTakesTheCommonBodies: the bodies clients send take the
// fast path; an escape, a non-ASCII byte or a non-string leaves it.
func TestFlatStringsTakesTheCommonBodies(t *testing.T) {
	for body, want := range map[string]bool{
		`{"refresh":"eyJhbGciOiJIUzI1NiJ9.e30.sig"}`:        true,
		`{"username": "demo", "password": "demo-password"}`: true,
		" {}\n":             true,
		`{"a":"1","a":"2"}`: true,
		`{"a":"\u0041"}`:    false,
		`{"a":"é"}`:         false,
		`{"a":1}`:           false,
		`{"a":"b",}`:        false,
		`{"a":"b"} x`:       false,
		`{"a":"b"`:          false,
		"{\"a\":\"\x7f\"}":  false,
	} {
		if _, ok := flatStrings([]byte(body)); ok != want {
			t.Errorf("flatStrings(%q) ok = %v; want %v", body, ok, want)
		}
	}
	if m, _ := flatStrings([]byte(`{"a":"1","a":"2"}`)); m["a"] != "2" {
		t.Errorf(`a repeated name = %v; want the last value, "2", as Python's dict`, m["a"])
	}
}

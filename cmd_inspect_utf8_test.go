package main

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"jwtlab/internal/jose"
)

func TestCompactJSONIsUTF8(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"UTF-8 is kept", "{\"a\": \"é\u202e\"}", "{\"a\":\"é\u202e\"}"},
		{"two bytes that are not UTF-8", "{\"x\": \"\xff\xfe\"}", `{"x":"\ufffd\ufffd"}`},
		{"a sequence cut short", "{\"s\": \"\xc3(\"}", `{"s":"\ufffd("}`},
		{"in a member's name", "{\"\xff\": 1}", `{"\ufffd":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := compactJSON([]byte(tc.in))
			if string(got) != tc.want || !utf8.Valid(got) {
				t.Errorf("compactJSON(%q) = %q; want %q", tc.in, got, tc.want)
			}
			// The same JSON to a reader: encoding/json decodes the bytes
			// that are not UTF-8 to U+FFFD too.
			var in, out any
			if err := json.Unmarshal([]byte(tc.in), &in); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(got, &out); err != nil || !reflect.DeepEqual(in, out) {
				t.Errorf("compactJSON(%q) decodes to %v (%v); want %v", tc.in, out, err, in)
			}
		})
	}
}

func TestInspectJSONIsUTF8(t *testing.T) {
	token := jose.EncodeSegment([]byte("{\"alg\":\"HS256\",\"x\":\"\xff\xfe\"}")) + "." + jose.EncodeSegment([]byte("{\"s\":\"\xc3(\"}")) + ".c2ln"
	stdout, stderr, err := runJWTLab("", "inspect", "-json", token)
	if err != nil {
		t.Fatalf("inspect -json: %v, %s", err, stderr)
	}
	if !utf8.ValidString(stdout) || !json.Valid([]byte(stdout)) {
		t.Errorf("inspect -json wrote %q; want UTF-8 JSON (RFC 8259 §8.1)", stdout)
	}
	var out struct{ Header, Payload map[string]string }
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || out.Header["x"] != "\uFFFD\uFFFD" || out.Payload["s"] != "\uFFFD(" {
		t.Errorf("inspect -json = %s (%v); want x as two U+FFFD and s as U+FFFD (", stdout, err)
	}
}

package server

import "testing"

// TestAppendStringLikePython: the expected texts were written by
// Python's json.dumps(s, ensure_ascii=False), with U+2028 and U+2029
// escaped as DRF's JSONRenderer does.
func TestAppendStringLikePython(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"demo", "\"demo\""},
		{"a\"b\\c", "\"a\\\"b\\\\c\""},
		{"line\nbreak\ttab\r", "\"line\\nbreak\\ttab\\r\""},
		{"\b\f\u0001\u001f", "\"\\b\\f\\u0001\\u001f\""},
		{"héllo ü 日本 😀", "\"héllo ü 日本 😀\""},
		{"<script>&amp;", "\"<script>&amp;\""},
		{"\u2028\u2029", "\"\\u2028\\u2029\""},
		{"", "\"\""},
	} {
		if got := string(appendString(nil, tc.in)); got != tc.want {
			t.Errorf("appendString(%q) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

// FuzzAppendString: appendString's shortcut for plain ASCII writes what
// encoding/json (marshal) writes, for any string.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"token_type", "a\"b", "<>&", "\x7f", "\x1f", "é", "\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendString(nil, s); string(got) != string(want) {
			t.Errorf("appendString(%q) = %s; want %s", s, got, want)
		}
	})
}

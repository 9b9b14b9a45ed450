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

package main

import "testing"

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"demo", "demo"},
		{"démo ｄｅｍｏ", "démo ｄｅｍｏ"},
		{"a\tb\nc\x7f\u0085", `a\x09b\x0ac\x7f\x85`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{`back\slash`, `back\\slash`},
	} {
		if got := printable(tc.in); got != tc.want {
			t.Errorf("printable(%q) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

package python

import (
	"encoding/json"
	"testing"
)

// The wanted texts were printed by CPython 3.11: str(json.loads(in)) and
// in.strip().
func TestNumberString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0", "0"},
		{"-0", "0"},
		{"12", "12"},
		{"-12", "-12"},
		{"1.0", "1.0"},
		{"1.5e3", "1500.0"},
		{"1e16", "1e+16"},
		{"1e15", "1000000000000000.0"},
		{"1e-5", "1e-05"},
		{"0.0001", "0.0001"},
		{"123456789012345678901234", "123456789012345678901234"},
		{"1e400", "inf"},
		{"-1e400", "-inf"},
		{"2.5E-10", "2.5e-10"},
		{"1E+2", "100.0"},
		{"0.1", "0.1"},
		{"-0.0", "-0.0"},
	} {
		if got := NumberString(json.Number(tc.in)); got != tc.want {
			t.Errorf("NumberString(%s) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

func TestStrip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{" a ", "a"},
		{"\u001c\u001fa\u3000", "a"},
		{"\u00a0b\u2028", "b"},
		{"\u200bc", "\u200bc"}, // a zero-width space is not white space
		{"\u0085d\t\n", "d"},
	} {
		if got := Strip(tc.in); got != tc.want {
			t.Errorf("Strip(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestTypeName(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{true, "bool"}, {"s", "str"}, {[]any{}, "list"}, {map[string]any{}, "dict"},
		{json.Number("1"), "int"}, {json.Number("1.0"), "float"}, {json.Number("1e3"), "float"},
	} {
		if got := TypeName(tc.in); got != tc.want {
			t.Errorf("TypeName(%#v) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

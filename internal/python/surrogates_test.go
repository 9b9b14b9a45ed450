package python

import (
	"encoding/hex"
	"testing"
)

// TestUnquoteJSON holds UnquoteJSON and Len to what CPython 3.11 printed
// for json.loads(lit): len() of the result and its bytes in
// s.encode("utf-8", "surrogatepass"), the form UnquoteJSON keeps.
func TestUnquoteJSON(t *testing.T) {
	for _, tc := range []struct {
		lit, hex string
		len      int
	}{
		{`"a"`, "61", 1},
		{`"\ud800"`, "eda080", 1},
		{`"x\udfff\u0000"`, "78edbfbf00", 3},
		{`"\ud83d\ude00"`, "f09f9880", 1},
		{`"\ud83d\ud83d\ude00"`, "eda0bdf09f9880", 2},
		{`"\ude00\ud83d"`, "edb880eda0bd", 2},
		{`"\ud83d\u0041"`, "eda0bd41", 2},
		{`"\/\b\f\n\r\t\\\""`, "2f080c0a0d095c22", 8},
		{`"é\u00e9"`, "c3a9c3a9", 2},
		{`"\uD800\uDC00"`, "f0908080", 1},
	} {
		s, ok := UnquoteJSON([]byte(tc.lit))
		if !ok || hex.EncodeToString([]byte(s)) != tc.hex || Len(s) != tc.len {
			t.Errorf("UnquoteJSON(%s) = %x, %v, Len %d; want %s, true, Len %d", tc.lit, s, ok, Len(s), tc.hex, tc.len)
		}
	}
	for _, lit := range []string{`a`, `"`, `"\"`, `"\x"`, `"\u12"`, `"\u12g4"`, "\"\t\"", `"a"b"`} {
		if s, ok := UnquoteJSON([]byte(lit)); ok {
			t.Errorf("UnquoteJSON(%s) = %q, true; want false", lit, s)
		}
	}
}

func TestSurrogate(t *testing.T) {
	for _, tc := range []struct {
		lit  string
		want rune
		ok   bool
	}{
		{`"demo"`, 0, false},
		{`"\ud83d\ude00"`, 0, false},
		{`"de\ud800mo"`, 0xd800, true},
		{`"\u0000\udfff\ud800"`, 0xdfff, true},
		{`"\ud83d\ud83d\ude00"`, 0xd83d, true},
	} {
		s, _ := UnquoteJSON([]byte(tc.lit))
		if r, ok := Surrogate(s); r != tc.want || ok != tc.ok {
			t.Errorf("Surrogate(%s) = %U, %v; want %U, %v", tc.lit, r, ok, tc.want, tc.ok)
		}
	}
	// Valid UTF-8 never holds the form: U+D7FF and U+E000 sit beside it.
	if r, ok := Surrogate("\ud7ff\ue000"); ok {
		t.Errorf("Surrogate found %U in valid UTF-8", r)
	}
}

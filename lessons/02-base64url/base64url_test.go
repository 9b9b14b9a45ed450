package base64url_test

import (
	"bytes"
	"testing"

	base64url "jwtlab/lessons/02-base64url"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"the empty string is zero bytes", "", true},
		{"two bytes in three characters", "e30", true},
		{"padding is refused", "e30=", false},
		{"the standard alphabet's plus is refused", "a+bc", false},
		{"the standard alphabet's slash is refused", "a/bc", false},
		{"non-zero unused bits are refused", "e31", false},
		{"a single leftover character is never valid", "e", false},
		{"a line break is refused", "e3\n0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := base64url.Decode(tt.in)
			if (err == nil) != tt.ok {
				t.Errorf("Decode(%q) error = %v; want ok %v", tt.in, err, tt.ok)
			}
		})
	}
}

// FuzzDecode checks that strict decoding is one-to-one: whatever decodes
// encodes back to the same string.
func FuzzDecode(f *testing.F) {
	f.Add("e30")
	f.Add("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")
	f.Add("e31")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := base64url.Decode(s)
		if err != nil {
			return
		}
		if got := base64url.Encode(b); got != s {
			t.Fatalf("Encode(Decode(%q)) = %q", s, got)
		}
		lenient, err := base64url.DecodeLenient(s)
		if err != nil || !bytes.Equal(lenient, b) {
			t.Fatalf("DecodeLenient(%q) = %x, %v; want %x", s, lenient, err, b)
		}
	})
}

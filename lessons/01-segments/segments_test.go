package segments_test

import (
	"errors"
	"strings"
	"testing"

	segments "jwtlab/lessons/01-segments"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name, in string
		wantErr  bool
	}{
		{"three parts split", "a.b.c", false},
		{"empty segments are still three parts", "..", false},
		{"an unsecured token keeps its empty signature", "eyJhbGciOiJub25lIn0.e30.", false},
		{"one part is refused", "abc", true},
		{"two parts are refused", "a.b", true},
		{"four parts are refused", "a.b.c.d", true},
		{"a JWE's five parts are refused", "a.b.c.d.e", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, p, s, err := segments.Split(tt.in)
			if gotErr := errors.Is(err, segments.ErrSegments); gotErr != tt.wantErr {
				t.Fatalf("Split(%q) error = %v; want error %v", tt.in, err, tt.wantErr)
			}
			if err == nil && h+"."+p+"."+s != tt.in {
				t.Errorf("Split(%q) = %q, %q, %q; want parts that join back", tt.in, h, p, s)
			}
		})
	}
}

func TestDecodeRefusesPadding(t *testing.T) {
	if _, err := segments.Decode("e30="); err == nil {
		t.Errorf(`Decode("e30=") = nil error; want an error for "=" padding`)
	}
}

// TestDecodeIsLenient pins what Decode's comment says RawURLEncoding lets
// through and RFC 7515 does not: line breaks and non-zero unused bits.
func TestDecodeIsLenient(t *testing.T) {
	for _, in := range []string{"e3\r\n0", "e31"} {
		if b, err := segments.Decode(in); err != nil || string(b) != "{}" {
			t.Errorf("Decode(%q) = %q, %v; want \"{}\", nil: RawURLEncoding is lenient", in, b, err)
		}
	}
}

// FuzzSplit checks that Split never panics, succeeds exactly when there are
// two dots, and loses nothing.
func FuzzSplit(f *testing.F) {
	f.Add(segments.AccessToken())
	f.Add("a.b")
	f.Add("..")
	f.Fuzz(func(t *testing.T, in string) {
		h, p, s, err := segments.Split(in)
		if (strings.Count(in, ".") == 2) != (err == nil) {
			t.Fatalf("Split(%q) error = %v with %d dots", in, err, strings.Count(in, "."))
		}
		if err == nil && h+"."+p+"."+s != in {
			t.Fatalf("Split(%q) lost bytes", in)
		}
		if err == nil {
			segments.Decode(h) // must not panic on any input
		}
	})
}

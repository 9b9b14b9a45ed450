package jose

import (
	"errors"
	"testing"
	"time"
)

func TestDuplicateClaimReadsLastWins(t *testing.T) {
	// {"exp":far,"exp":1}: Go's encoding/json and Python's json keep the
	// last value, so the server rejects this token as expired; an
	// inspector reading the first would call it valid for years.
	tok, err := Parse(EncodeSegment([]byte(`{"alg":"HS256"}`)) + "." + EncodeSegment([]byte(`{"exp":4102444800,"exp":1}`)) + ".c2ln")
	if err != nil {
		t.Fatal(err)
	}
	at, ok, err := tok.NumericDate("exp")
	if want := time.Unix(1, 0).UTC(); !ok || err != nil || !at.Equal(want) {
		t.Errorf("NumericDate(exp) = %v, %v, %v; want %v, the last value", at, ok, err, want)
	}
}

func TestNumericDateSaysWhyItIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name, claims string
		want, not    error
	}{
		{"milliseconds: a number, out of range", `{"exp":1796093370000}`, ErrClaimRange, ErrClaimType},
		{"far in the past", `{"exp":-1e12}`, ErrClaimRange, ErrClaimType},
		{"beyond a float64", `{"exp":1e400}`, ErrClaimRange, ErrClaimType},
		{"not a number", `{"exp":true}`, ErrClaimType, ErrClaimRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Parse(EncodeSegment([]byte(`{"alg":"HS256"}`)) + "." + EncodeSegment([]byte(tc.claims)) + ".c2ln")
			if err != nil {
				t.Fatal(err)
			}
			_, ok, err := tok.NumericDate("exp")
			if !ok || !errors.Is(err, tc.want) || errors.Is(err, tc.not) {
				t.Errorf("NumericDate(exp) = %v, %v; want %v, not %v", ok, err, tc.want, tc.not)
			}
		})
	}
}

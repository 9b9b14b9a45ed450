package jose

import (
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

package reltime

import (
	"testing"
	"time"
)

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		claim string
		d     time.Duration
		want  string
	}{
		{"exp", 4*time.Minute + 12*time.Second + 300*time.Millisecond, "expires in 4m12s"},
		{"exp", -3 * time.Hour, "expired 3h ago"},
		{"exp", -(26*time.Hour + 10*time.Minute), "expired 1d2h ago"},
		{"iat", -5 * time.Second, "issued 5s ago"},
		{"nbf", 90 * time.Minute, "not valid for another 1h30m"},
	} {
		now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
		if got := Describe(tc.claim, now.Add(tc.d), now); got != tc.want {
			t.Errorf("Describe(%s, %v) = %q; want %q", tc.claim, tc.d, got, tc.want)
		}
	}
}

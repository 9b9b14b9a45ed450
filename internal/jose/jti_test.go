package jose

import (
	"encoding/hex"
	"testing"
	"time"
)

// TestNewJTI checks the shape of a version 7 UUID's hex: 32 lowercase hex
// digits, version nibble 7, variant bits 10, the issue time's milliseconds
// in the first 12 digits; and that jtis sort by issue time, which is what
// the store's indexes gain from.
func TestNewJTI(t *testing.T) {
	seen := map[string]bool{}
	at := time.UnixMilli(1795902655123)
	prev := ""
	for i := range 64 {
		now := at.Add(time.Duration(i/4) * time.Millisecond)
		jti := NewJTI(now)
		u, err := hex.DecodeString(jti)
		if err != nil || len(u) != 16 || hex.EncodeToString(u) != jti {
			t.Fatalf("NewJTI() = %q; want 32 lowercase hex digits", jti)
		}
		if u[6]>>4 != 7 {
			t.Errorf("NewJTI() = %q: version nibble %x; want 7", jti, u[6]>>4)
		}
		if u[8]>>6 != 0b10 {
			t.Errorf("NewJTI() = %q: variant bits %02b; want 10", jti, u[8]>>6)
		}
		if want := "01a22423ca93"; i < 4 && jti[:12] != want {
			t.Errorf("NewJTI(%d ms) = %q; want it to start with the time, %s", now.UnixMilli(), jti, want)
		}
		if i%4 == 0 && jti <= prev {
			t.Errorf("NewJTI a millisecond later = %q, not after %q", jti, prev)
		}
		if seen[jti] {
			t.Errorf("NewJTI() repeated %q", jti)
		}
		seen[jti] = true
		prev = max(prev, jti)
	}
}

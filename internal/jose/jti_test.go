package jose

import (
	"encoding/hex"
	"testing"
)

// TestNewJTI checks the shape simplejwt's uuid4().hex has: 32 lowercase
// hex digits whose version nibble is 4 and whose variant bits are 10.
func TestNewJTI(t *testing.T) {
	seen := map[string]bool{}
	for range 64 {
		jti := NewJTI()
		u, err := hex.DecodeString(jti)
		if err != nil || len(u) != 16 || hex.EncodeToString(u) != jti {
			t.Fatalf("NewJTI() = %q; want 32 lowercase hex digits", jti)
		}
		if u[6]>>4 != 4 {
			t.Errorf("NewJTI() = %q: version nibble %x; want 4", jti, u[6]>>4)
		}
		if u[8]>>6 != 0b10 {
			t.Errorf("NewJTI() = %q: variant bits %02b; want 10", jti, u[8]>>6)
		}
		if seen[jti] {
			t.Errorf("NewJTI() repeated %q", jti)
		}
		seen[jti] = true
	}
}

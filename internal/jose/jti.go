package jose

import (
	"crypto/rand"
	"encoding/hex"
)

// NewJTI returns a fresh JWT ID (RFC 7519 §4.1.7) the way simplejwt makes
// one, uuid4().hex: a random version 4 UUID (RFC 9562 §5.4) as 32
// lowercase hex digits without dashes.
func NewJTI() string {
	var u [16]byte
	rand.Read(u[:])         // never fails: crypto/rand crashes the program instead (Go 1.24+)
	u[6] = u[6]&0x0f | 0x40 // version 4 in the high nibble of byte 6
	u[8] = u[8]&0x3f | 0x80 // variant 10 (RFC 9562 §4.1) in the top bits of byte 8
	return hex.EncodeToString(u[:])
}

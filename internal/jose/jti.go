package jose

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// NewJTI returns a fresh JWT ID (RFC 7519 §4.1.7) issued at now: a version
// 7 UUID (RFC 9562 §5.7) as 32 lowercase hex digits without dashes, the
// shape of simplejwt's uuid4().hex. simplejwt's version 4 is random
// throughout; version 7 starts with the issue time in milliseconds, then
// 74 random bits. A store keys its token rows by jti, and random keys put
// every insert on a different B-tree page: under rotation, each refresh
// dirtied a page per index and the group commit wrote them all. Keys
// that grow with time land together at the end of each index (RFC 9562
// §2.1 gives this reason); measured in NOTES.md. The time it reveals is
// the token's own iat, to the millisecond.
func NewJTI(now time.Time) string {
	var u [16]byte
	rand.Read(u[6:]) // never fails: crypto/rand crashes the program instead (Go 1.24+)
	ms := uint64(now.UnixMilli())
	for i := range 6 { // unix_ts_ms, 48 bits big-endian
		u[i] = byte(ms >> (40 - 8*i))
	}
	u[6] = u[6]&0x0f | 0x70 // version 7 in the high nibble of byte 6
	u[8] = u[8]&0x3f | 0x80 // variant 10 (RFC 9562 §4.1) in the top bits of byte 8
	return hex.EncodeToString(u[:])
}

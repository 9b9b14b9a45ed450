package clock

import (
	"errors"
	"time"
)

// Now is the examples' fixed clock: 45 seconds after lesson 1's access
// token was issued (iat 1795902655), well before it expires (exp 1795902955).
var Now = time.Unix(1795902700, 0).UTC()

// Times are the three time claims, as NumericDates; 0 means absent.
type Times struct {
	Exp, Nbf, Iat int64
}

// The ways the time claims can refuse a token.
var (
	ErrExpired        = errors.New("token has expired")
	ErrNotYetValid    = errors.New("token is not valid yet")
	ErrIssuedInFuture = errors.New("token was issued in the future")
)

// NumericDate turns seconds since the epoch into a time.Time in UTC.
func NumericDate(seconds int64) time.Time {
	return time.Unix(seconds, 0).UTC()
}

// Check applies exp, nbf and iat at time now, allowing leeway of skew in
// the token's favour. The comparisons follow RFC 7519: now must be before
// exp, and not before nbf.
func Check(t Times, now time.Time, leeway time.Duration) error {
	if t.Exp != 0 && !now.Before(NumericDate(t.Exp).Add(leeway)) {
		return ErrExpired
	}
	if t.Nbf != 0 && now.Before(NumericDate(t.Nbf).Add(-leeway)) {
		return ErrNotYetValid
	}
	if t.Iat != 0 && now.Before(NumericDate(t.Iat).Add(-leeway)) {
		return ErrIssuedInFuture
	}
	return nil
}

package jose

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"jwtlab/internal/reltime"
)

// Claim problems reported by CheckClaims.
var (
	ErrExpired     = errors.New("token expired")
	ErrNotYetValid = errors.New("token not yet valid")
	ErrClaimType   = errors.New("claim has the wrong type")
	ErrNotClaims   = errors.New("payload is not a JSON claims set")
	// ErrClaimRange is a NumericDate of the right type, a number, but
	// beyond any date a token means: often milliseconds for seconds.
	ErrClaimRange = errors.New("claim out of range")
)

// NumericDate reads a registered time claim (exp, nbf, iat): seconds since
// 1970-01-01T00:00:00Z UTC, possibly fractional (RFC 7519 §2). ok is false
// when the claim is absent; err is set when it is present but not a number
// (ErrClaimType) or a number beyond ±1e11 seconds, year 5138 (ErrClaimRange).
func (t *Token) NumericDate(name string) (at time.Time, ok bool, err error) {
	raw, ok := t.Claim(name)
	if !ok {
		return time.Time{}, false, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return time.Time{}, true, fmt.Errorf("%w: %q is %s, not a NumericDate (a JSON number of seconds, RFC 7519 §2)", ErrClaimType, name, raw)
	}
	f, err := n.Float64()
	// 1e11 seconds is year 5138: beyond it a value is surely a mistake (often
	// milliseconds), and time.Unix would overflow near 9.2e18.
	const maxSeconds = 1e11
	if err != nil || math.Abs(f) > maxSeconds {
		return time.Time{}, true, fmt.Errorf("%w: %q = %s is a number, but beyond the ±1e11 seconds (year 5138) a NumericDate is read to (milliseconds instead of seconds?)", ErrClaimRange, name, raw)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true, nil
}

// StringClaim returns a string claim, or "".
func (t *Token) StringClaim(name string) string {
	raw, ok := t.Claim(name)
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// CheckClaims reports the time-based claim problems of t at now, allowing
// leeway for clock skew: exp passed, nbf not reached, and NumericDates of
// the wrong type or out of range. No problems means nil.
func CheckClaims(t *Token, now time.Time, leeway time.Duration) []error {
	if !t.PayloadIsJSON() {
		return []error{fmt.Errorf("%w: it is %d bytes of something else", ErrNotClaims, len(t.Payload))}
	}
	var errs []error
	if exp, ok, err := t.NumericDate("exp"); err != nil {
		errs = append(errs, err)
	} else if ok && !now.Before(exp.Add(leeway)) {
		errs = append(errs, fmt.Errorf("%w: exp %s, %s", ErrExpired, exp.Format(time.DateTime+" UTC"), reltime.Describe("exp", exp, now)))
	}
	if nbf, ok, err := t.NumericDate("nbf"); err != nil {
		errs = append(errs, err)
	} else if ok && now.Add(leeway).Before(nbf) {
		errs = append(errs, fmt.Errorf("%w: nbf %s, %s", ErrNotYetValid, nbf.Format(time.DateTime+" UTC"), reltime.Describe("nbf", nbf, now)))
	}
	if _, _, err := t.NumericDate("iat"); err != nil {
		errs = append(errs, err)
	}
	return errs
}

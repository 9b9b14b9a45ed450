package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// claims is a token's payload with its keys in the order they came.
// simplejwt (a Python dict) keeps insertion order, and so must we for
// our tokens to be byte-compatible with Django's.
type claims struct {
	keys []string
	vals map[string]json.RawMessage
}

func newClaims() *claims { return &claims{vals: map[string]json.RawMessage{}} }

// set adds or replaces a claim; a replaced claim keeps its place.
func (c *claims) set(name string, v json.RawMessage) {
	if c.vals == nil {
		c.vals = map[string]json.RawMessage{}
	}
	if _, ok := c.vals[name]; !ok {
		c.keys = append(c.keys, name)
	}
	c.vals[name] = v
}

func (c *claims) setString(name, s string) {
	b, _ := json.Marshal(s)
	c.set(name, b)
}

func (c *claims) setInt(name string, n int64) { c.set(name, strconv.AppendInt(nil, n, 10)) }

func (c *claims) get(name string) (json.RawMessage, bool) {
	v, ok := c.vals[name]
	return v, ok
}

// str returns a claim as a string: the string itself, or the JSON text
// of any other value (Python compares such values after str()).
func (c *claims) str(name string) (string, bool) {
	s, present, isString := c.stringValue(name)
	if present && !isString {
		return string(c.vals[name]), true
	}
	return s, present
}

// stringValue decodes a claim that is a JSON string.
func (c *claims) stringValue(name string) (s string, present, isString bool) {
	v, ok := c.vals[name]
	if !ok {
		return "", false, false
	}
	err := json.Unmarshal(v, &s) // before the return: operand order is unspecified
	return s, true, err == nil
}

// MarshalJSON writes the claims compactly, in order.
func (c *claims) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, k := range c.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = append(b, c.vals[k]...)
	}
	return append(b, '}'), nil
}

func (c *claims) numericDate(name string) (*jwt.NumericDate, error) {
	v, ok := c.vals[name]
	if !ok {
		return nil, nil
	}
	// Integer seconds, what every issuer writes, parse without json.
	if len(v) > 0 && len(v) < 19 && !bytes.ContainsFunc(v, func(r rune) bool { return r < '0' || r > '9' }) {
		n, _ := strconv.ParseInt(string(v), 10, 64)
		return jwt.NewNumericDate(time.Unix(n, 0)), nil
	}
	var d jwt.NumericDate
	if err := d.UnmarshalJSON(v); err != nil {
		return nil, fmt.Errorf("claim %s: %w", name, err)
	}
	return &d, nil
}

// The jwt.Claims interface, through which golang-jwt validates exp,
// iat, nbf, iss and aud.
func (c *claims) GetExpirationTime() (*jwt.NumericDate, error) { return c.numericDate("exp") }
func (c *claims) GetIssuedAt() (*jwt.NumericDate, error)       { return c.numericDate("iat") }
func (c *claims) GetNotBefore() (*jwt.NumericDate, error)      { return c.numericDate("nbf") }
func (c *claims) GetIssuer() (string, error)                   { return c.stringClaim("iss") }
func (c *claims) GetSubject() (string, error)                  { return c.stringClaim("sub") }
func (c *claims) GetAudience() (jwt.ClaimStrings, error) {
	v, ok := c.vals["aud"]
	if !ok {
		return nil, nil
	}
	var a jwt.ClaimStrings
	err := a.UnmarshalJSON(v)
	return a, err
}

func (c *claims) stringClaim(name string) (string, error) {
	s, present, isString := c.stringValue(name)
	if present && !isString {
		return "", fmt.Errorf("claim %s is not a string", name)
	}
	return s, nil
}

// userID reads the user id claim: a JSON integer, or its string form,
// which simplejwt 5.5+ emits. ok is false when the claim is missing.
func (c *claims) userID(name string) (id int64, present, valid bool) {
	v, ok := c.get(name)
	if !ok {
		return 0, false, false
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		return n, true, err == nil
	}
	var f json.Number
	if json.Unmarshal(v, &f) != nil {
		return 0, true, false
	}
	if n, err := f.Int64(); err == nil {
		return n, true, true
	}
	// Django's int() accepts 1.0 as 1.
	x, err := f.Float64()
	if err != nil || x != float64(int64(x)) {
		return 0, true, false
	}
	return int64(x), true, true
}

// expTime returns the exp claim as a time (zero when unreadable).
func (c *claims) expTime() time.Time {
	d, err := c.numericDate("exp")
	if err != nil || d == nil {
		return time.Time{}
	}
	return d.Time
}

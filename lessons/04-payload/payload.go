package payload

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"jwtlab/lessons/02-base64url"
)

// Claims is the claims set of a simplejwt token: the registered claims,
// simplejwt's two private ones, and everything else in Other.
type Claims struct {
	Issuer    string                     `json:"iss,omitempty"`
	Subject   string                     `json:"sub,omitempty"`
	Audience  Audience                   `json:"aud,omitempty"`
	ExpiresAt int64                      `json:"exp,omitempty"`
	NotBefore int64                      `json:"nbf,omitempty"`
	IssuedAt  int64                      `json:"iat,omitempty"`
	ID        string                     `json:"jti,omitempty"`
	TokenType string                     `json:"token_type,omitempty"`
	UserID    json.Number                `json:"user_id,omitempty"`
	Other     map[string]json.RawMessage `json:"-"`
}

// ParseClaims decodes a payload segment. Claims' fields are filled only
// from names in their exact case; every other name is kept, raw, in Other.
func ParseClaims(segment string) (Claims, error) {
	raw, err := base64url.Decode(segment)
	if err != nil {
		return Claims{}, fmt.Errorf("decode payload: %w", err)
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return Claims{}, fmt.Errorf("payload JSON: %w", err)
	}
	// Only the exact names reach the struct: json.Unmarshal into Claims
	// would take "EXP" for "exp".
	exact := map[string]json.RawMessage{}
	var c Claims
	for name, v := range all {
		if Kind(name) == "registered" || name == "token_type" || name == "user_id" {
			exact[name] = v
			continue
		}
		if c.Other == nil {
			c.Other = map[string]json.RawMessage{}
		}
		c.Other[name] = v
	}
	known, err := json.Marshal(exact)
	if err != nil {
		return Claims{}, fmt.Errorf("payload JSON: %w", err)
	}
	if err := json.Unmarshal(known, &c); err != nil {
		return Claims{}, fmt.Errorf("payload JSON: %w", err)
	}
	return c, nil
}

// Audience is "aud": one string or an array of them on the wire, always a
// list here.
type Audience []string

// UnmarshalJSON accepts both forms RFC 7519 allows.
func (a *Audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = Audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New(`"aud" must be a string or an array of strings`)
	}
	*a = many
	return nil
}

// registered are RFC 7519's own claim names (section 4.1).
var registered = map[string]bool{"iss": true, "sub": true, "aud": true, "exp": true, "nbf": true, "iat": true, "jti": true}

// ianaPublic is a few of the names in the IANA JSON Web Token Claims
// registry (from OpenID Connect), enough for the examples.
var ianaPublic = map[string]bool{"name": true, "email": true, "email_verified": true, "preferred_username": true, "nonce": true, "scope": true}

// Kind says whether a claim name is "registered", "public" or "private".
// A collision-resistant name -- here, anything that looks like a URI -- is
// public even though nobody registered it.
func Kind(name string) string {
	switch {
	case registered[name]:
		return "registered"
	case ianaPublic[name], strings.Contains(name, "://"), strings.HasPrefix(name, "urn:"):
		return "public"
	default:
		return "private"
	}
}

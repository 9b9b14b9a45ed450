package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"

	"jwtlab/internal/jose"
)

// Token errors, in the order simplejwt checks for them. errorBody turns
// each into simplejwt's exact wire text.
var (
	ErrTokenInvalid     = errors.New("token is invalid or expired")
	ErrTokenNoExp       = errors.New("token has no exp claim")
	ErrTokenNoID        = errors.New("token has no id")
	ErrTokenNoType      = errors.New("token has no type")
	ErrTokenWrongType   = errors.New("token has wrong type")
	ErrTokenBlacklisted = errors.New("token is blacklisted")
)

// simplejwt's claim names for the token's type and id.
const (
	claimType = "token_type"
	claimJTI  = "jti"

	typeAccess  = "access"
	typeRefresh = "refresh"
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
	v, ok := c.vals[name]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, true
	}
	return string(v), true
}

// UnmarshalJSON decodes the claims in order; a repeated key keeps its
// first place and its last value, as in a Python dict.
func (c *claims) UnmarshalJSON(b []byte) error {
	*c = claims{vals: make(map[string]json.RawMessage, 8)}
	if !json.Valid(b) {
		return errors.New("payload is not JSON")
	}
	if c.scanObject(b) {
		return nil
	}
	// Keys with escapes, or not an object: the slow, general decoder.
	*c = claims{vals: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errors.New("payload is not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		c.set(t.(string), v)
	}
	return nil
}

// scanObject splits a valid JSON object into its members without
// reflection: the hot path of every token check. It reports false for
// anything it leaves to the general decoder (not an object, a key with
// an escape).
func (c *claims) scanObject(b []byte) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return true
	}
	for i < len(b) && b[i] == '"' {
		end := bytes.IndexByte(b[i+1:], '"')
		if end < 0 {
			return false
		}
		key := b[i+1 : i+1+end]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) {
			return false
		}
		i = skipSpace(b, i+end+2)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		start := skipSpace(b, i+1)
		i = skipValue(b, start)
		c.set(string(key), json.RawMessage(bytes.TrimRight(b[start:i], " \t\r\n")))
		if i >= len(b) {
			return false
		}
		if b[i] == '}' {
			return true
		}
		i = skipSpace(b, i+1) // past the comma
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// skipValue returns the index of the comma or closing brace that ends
// the valid JSON value starting at i.
func skipValue(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return i
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
	v, ok := c.vals[name]
	if !ok {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("claim %s is not a string", name)
	}
	return s, nil
}

// tokens mints and checks simplejwt-shaped tokens.
type tokens struct {
	cfg       *Config
	keys      *Keys
	parser    *jwt.Parser
	validator *jwt.Validator
}

func newTokens(cfg *Config, keys *Keys) *tokens {
	opts := []jwt.ParserOption{
		// Pin the algorithms to those of the configured keys; the
		// keyfunc then pins each token to its own key's algorithm.
		jwt.WithValidMethods(keys.algs),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(cfg.Leeway),
		jwt.WithTimeFunc(cfg.now),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	return &tokens{cfg: cfg, keys: keys, parser: jwt.NewParser(opts...), validator: jwt.NewValidator(opts...)}
}

var (
	errUnknownKID   = errors.New("unknown kid")
	errAlgMismatch  = errors.New("algorithm does not match the key")
	errKIDNotString = errors.New("kid is not a string")
)

// keyFor is golang-jwt's keyfunc. Only the kid selects a key, and only
// among the keys loaded at start; jku, jwk, x5u and x5c headers are
// never read, so a token cannot bring its own key.
func (ts *tokens) keyFor(t *jwt.Token) (any, error) {
	kid := ""
	if v, ok := t.Header["kid"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, errKIDNotString
		}
		kid = s
	}
	k, ok := ts.keys.lookup(kid)
	if !ok && kid == "" {
		k, ok = ts.keys.signing, true
	}
	if !ok {
		return nil, errUnknownKID
	}
	if t.Method.Alg() != k.key.Alg {
		return nil, errAlgMismatch
	}
	return k.public, nil
}

// parse checks a token's signature and time claims, then runs
// simplejwt's Token.verify: exp present, jti present, and the type when
// want is not empty. The cause of ErrTokenInvalid is kept for logs.
func (ts *tokens) parse(raw, want string) (*claims, error) {
	c, err := ts.verify(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTokenInvalid, err)
	}
	if _, ok := c.get("exp"); !ok {
		return nil, ErrTokenNoExp
	}
	if _, ok := c.get(claimJTI); !ok {
		return nil, ErrTokenNoID
	}
	if want != "" {
		typ, ok := c.get(claimType)
		if !ok {
			return nil, ErrTokenNoType
		}
		if string(typ) != `"`+want+`"` {
			return nil, ErrTokenWrongType
		}
	}
	return c, nil
}

// verify checks the signature and the time claims. A token whose header
// segment is, byte for byte, the header one of our keys writes (simplejwt
// writes the same) names its key and algorithm without any parsing: its
// signature is checked with that key's golang-jwt method, then its claims
// with golang-jwt's validator. Any other header goes through golang-jwt's
// full parser. Both paths pin the algorithm to the key; the first saves
// decoding the header into a map on every request.
func (ts *tokens) verify(raw string) (*claims, error) {
	head, rest, _ := strings.Cut(raw, ".")
	k := ts.keys.byHeader[head]
	payload, sig, ok := strings.Cut(rest, ".")
	if k == nil || !ok || strings.Contains(sig, ".") {
		c := newClaims()
		_, err := ts.parser.ParseWithClaims(raw, c, ts.keyFor)
		return c, err
	}
	sigBytes, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	if err := k.method.Verify(raw[:len(head)+1+len(payload)], sigBytes, k.public); err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenSignatureInvalid, err)
	}
	body, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	c := newClaims()
	if err := c.UnmarshalJSON(body); err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	if err := ts.validator.Validate(c); err != nil {
		return nil, err
	}
	return c, nil
}

// fresh starts a token of type typ as simplejwt's Token() does:
// token_type, exp, iat and jti, in that order.
func (ts *tokens) fresh(typ string, lifetime time.Duration, now time.Time) *claims {
	c := newClaims()
	c.setString(claimType, typ)
	c.setInt("exp", now.Add(lifetime).Unix())
	c.setInt("iat", now.Unix())
	c.setString(claimJTI, jose.NewJTI())
	return c
}

// sign encodes the claims as simplejwt's TokenBackend.encode does,
// adding aud and iss when configured, and signs them.
func (ts *tokens) sign(c *claims) (string, error) {
	if ts.cfg.Audience != "" {
		c.setString("aud", ts.cfg.Audience)
	}
	if ts.cfg.Issuer != "" {
		c.setString("iss", ts.cfg.Issuer)
	}
	payload, _ := c.MarshalJSON()
	tok, err := ts.keys.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return tok, nil
}

// pair is the outcome of a login: simplejwt's RefreshToken.for_user and
// its access_token.
type pair struct {
	refresh, access string
	refreshJTI      string
	refreshExp      time.Time
}

func (ts *tokens) newPair(userID int64) (pair, error) {
	now := ts.cfg.now()
	r := ts.fresh(typeRefresh, ts.cfg.RefreshLifetime, now)
	r.setInt(ts.cfg.UserIDClaim, userID)
	jti, _ := r.str(claimJTI)
	access, err := ts.sign(ts.accessFrom(r, now))
	if err != nil {
		return pair{}, err
	}
	refresh, err := ts.sign(r)
	if err != nil {
		return pair{}, err
	}
	return pair{refresh: refresh, access: access, refreshJTI: jti, refreshExp: now.Add(ts.cfg.RefreshLifetime)}, nil
}

// accessFrom is simplejwt's RefreshToken.access_token: a fresh access
// token that copies every claim but token_type, exp and jti, so it keeps
// the refresh token's iat (the login time) and user id.
func (ts *tokens) accessFrom(refresh *claims, now time.Time) *claims {
	a := ts.fresh(typeAccess, ts.cfg.AccessLifetime, now)
	for _, k := range refresh.keys {
		if k == claimType || k == "exp" || k == claimJTI {
			continue
		}
		a.set(k, refresh.vals[k])
	}
	return a
}

// rotate gives a refresh token a new jti, exp and iat in place, as
// simplejwt's refresh view does with ROTATE_REFRESH_TOKENS.
func (ts *tokens) rotate(refresh *claims, now time.Time) {
	refresh.setString(claimJTI, jose.NewJTI())
	refresh.setInt("exp", now.Add(ts.cfg.RefreshLifetime).Unix())
	refresh.setInt("iat", now.Unix())
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

package jose

import (
	"bytes"
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"jwtlab/internal/reltime"
)

// Warning is one risk found in a token. Code is stable (scripts match on
// it); Message says what was found and why it matters.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Warning codes, stable across releases.
const (
	WarnAlgNone         = "alg-none"
	WarnWeakSecret      = "weak-secret"
	WarnShortSecret     = "short-secret"
	WarnNoExp           = "no-exp"
	WarnExpired         = "expired"
	WarnLongLifetime    = "long-lifetime"
	WarnIatFuture       = "iat-future"
	WarnNbfFuture       = "nbf-future"
	WarnJkuHeader       = "jku-header"
	WarnJwkHeader       = "jwk-header"
	WarnX5uHeader       = "x5u-header"
	WarnKidPath         = "kid-path"
	WarnKidSQL          = "kid-sql"
	WarnRefreshAsAccess = "refresh-as-access"
	WarnPayloadNotJSON  = "payload-not-json"
	WarnBadNumericDate  = "bad-numericdate"
	WarnTooLarge        = "too-large"
	WarnCrit            = "crit-header"
)

// maxHeaderToken is the largest token that could fit in jwtlab serve's
// production header budget beside "Authorization: Bearer ": its
// max_header_bytes is 16 KiB (server/config.go), and net/http reads 4 KiB
// past that before it refuses (server.go, "bufio slop"), for the request
// line and every header together. A bigger token is refused with 431
// before any handler, whatever else the request carries.
const maxHeaderToken = 16<<10 + 4<<10 - len("Authorization: Bearer \r\n")

// maxAccessLifetime is where an access token stops being short-lived: a
// stolen bearer token works until exp, and a day is far beyond the minutes
// common practice (simplejwt: 5 min) recommends.
const maxAccessLifetime = 24 * time.Hour

// weakSecrets is the small dictionary weak-secret is checked against: the
// defaults of tutorials, libraries and debuggers, and this project's own
// public demo key. Cracking tools try these first.
var weakSecrets = []string{
	"", "secret", "Secret", "SECRET", "secret123", "secretkey", "secret-key", "secret_key", "mysecret", "my-secret", "my_secret",
	"supersecret", "topsecret", "shhhhh", "s3cr3t", "password", "Password", "password123", "changeme", "change-me",
	"123456", "12345678", "qwerty", "letmein", "admin", "test", "key", "default", "jwt", "jwtsecret", "jwt-secret",
	"jwt_secret", "JWT_SECRET", "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret", "your_jwt_secret",
	"hello", "example", "django-insecure", "jwt-lab-demo-signing-secret-not-for-production",
}

var (
	// kidPath matches a kid that walks a file system: a verifier that builds
	// a key path from kid can be pointed at /dev/null (an empty, guessable key).
	kidPath = regexp.MustCompile(`(\.\./|\.\.\\|^/|^[A-Za-z]:\\|/dev/|/etc/|\x00)`)
	// kidSQL matches a kid carrying SQL: a verifier that looks keys up with
	// string-built SQL can be made to return a key the attacker chose.
	kidSQL = regexp.MustCompile(`(?i)('|"|;|--|/\*|\bunion\b|\bselect\b|\bor\s+\d|\bor\s+'|\bdrop\b)`)
)

// Check lists what is risky about t at time now. keys, when given, are
// the keys the user supplied; a typed HMAC secret shorter than the hash is
// reported.
func Check(t *Token, now time.Time, keys ...*Key) []Warning {
	var w []Warning
	add := func(code, format string, args ...any) {
		w = append(w, Warning{Code: code, Message: fmt.Sprintf(format, args...)})
	}
	if len(t.Raw) > maxHeaderToken {
		add(WarnTooLarge, "the token is %d bytes, more than jwtlab serve's prod profile takes in all of a request's headers (max_header_bytes 16 KiB, which Go's net/http stretches by 4 KiB): sent as a bearer token it gets 431 Request Header Fields Too Large", len(t.Raw))
	}
	alg := t.Alg()
	if isNone(alg) {
		add(WarnAlgNone, `alg is %q: the token carries no signature, so anyone can write any claims; a verifier must never accept it`, alg)
	}
	if a, err := Lookup(alg); err == nil && a.Family == HMAC {
		if s, ok := weakSecret(a, t); ok {
			add(WarnWeakSecret, "signed with %q, a well-known secret from jwtlab's list of %d: anyone can forge tokens this server accepts", s, len(weakSecrets))
		}
		for _, k := range keys {
			if k.rawSecret && len(k.Secret) < a.Hash.Size() {
				add(WarnShortSecret, "the HMAC secret is %d bytes; RFC 7518 §3.2 requires at least %d for %s, or it can be brute-forced", len(k.Secret), a.Hash.Size(), a.Name)
				break
			}
		}
	}
	if crit, ok := t.Header["crit"]; ok {
		// Shown as its JSON, as the header holds it: Go's %v would print
		// the names' control characters raw.
		add(WarnCrit, "header has crit %s: extensions a recipient must understand and process or reject the token (RFC 7515 §4.1.11); jwtlab implements none, while golang-jwt v5.3.1 and PyJWT 2.6 ignore crit and accept the token", asJSON(crit))
	}
	// In a JWE these name the recipient's key the token was encrypted to
	// (RFC 7516 §4.1.4-4.1.7), which only its own private key decrypts:
	// no verification key comes from them.
	for _, h := range []struct{ name, code, why string }{
		{"jku", WarnJkuHeader, "a URL to fetch the verification keys from; a verifier that follows it lets the token choose its own key"},
		{"jwk", WarnJwkHeader, "an embedded public key; a verifier that uses it accepts a token signed by anyone"},
		{"x5u", WarnX5uHeader, "a URL to fetch a certificate from; following it lets the token choose its own key (and makes the server fetch URLs)"},
	} {
		if _, ok := t.Header[h.name]; ok && t.JWE == nil {
			add(h.code, "header has %q, %s; keys must come from configuration, never from the token", h.name, h.why)
		}
	}
	if kid := t.HeaderString("kid"); kid != "" {
		if kidPath.MatchString(kid) {
			add(WarnKidPath, "kid %q looks like a file path; if a verifier reads the key from that path, an attacker picks the key (e.g. /dev/null, an empty secret)", kid)
		}
		if kidSQL.MatchString(kid) {
			add(WarnKidSQL, "kid %q contains SQL syntax; if a verifier looks keys up with string-built SQL, an attacker picks the key", kid)
		}
	}
	if t.JWE != nil {
		return w // the claims are encrypted: nothing more to check
	}
	if _, nested := t.Nested(); nested {
		// A Nested JWT is a JWT (RFC 7519 §2, §5.2, §7.2 step 8): its
		// claims are the inner token's, which is checked when opened.
		return w
	}
	if !t.PayloadIsJSON() {
		add(WarnPayloadNotJSON, "the payload is not a JSON object, so it is a JWS but not a JWT: there are no claims to check")
		return w
	}
	return append(w, timeWarnings(t, now)...)
}

// CheckAsAccess lists what is wrong with using t as an access token:
// refresh-as-access for a simplejwt refresh token. Check leaves it out,
// since a refresh token is fine where it belongs (the refresh endpoint);
// call this where a token is, or is about to be, used as an access token.
func CheckAsAccess(t *Token) []Warning {
	if t.StringClaim("token_type") != "refresh" {
		return nil
	}
	return []Warning{{Code: WarnRefreshAsAccess, Message: "token_type is \"refresh\" but it is used as an access token: it is meant only for the refresh endpoint; a server that accepts it lets a day-long token act as a 5-minute one (simplejwt refuses it: \"Token has wrong type\")"}}
}

func timeWarnings(t *Token, now time.Time) []Warning {
	var w []Warning
	add := func(code, format string, args ...any) {
		w = append(w, Warning{Code: code, Message: fmt.Sprintf(format, args...)})
	}
	dates := map[string]time.Time{}
	for _, name := range []string{"exp", "nbf", "iat"} {
		at, ok, err := t.NumericDate(name)
		if raw, _ := t.Claim(name); err == nil && len(raw) > 0 && raw[0] == '"' {
			// Go's json.Number reads "1999999999" as a number, so
			// NumericDate accepts it; RFC 7519 §2 asks for a JSON number.
			add(WarnBadNumericDate, "%q is the string %s, not a JSON number (RFC 7519 §2); some verifiers read it as a number, others refuse the token", name, raw)
		}
		if err != nil {
			add(WarnBadNumericDate, "%v; verifiers disagree on such values", err)
		} else if ok {
			dates[name] = at
		}
	}
	exp, hasExp := dates["exp"]
	_, expPresent, _ := t.NumericDate("exp")
	switch {
	case !expPresent: // an exp that is present but unreadable has its own warning
		add(WarnNoExp, "no exp claim: the token never expires, so a leaked copy works forever (RFC 7519 §4.1.4)")
	case !hasExp:
	case !now.Before(exp):
		add(WarnExpired, "exp passed %s ago: a verifier must reject it (RFC 7519 §4.1.4)", reltime.Approx(now.Sub(exp)))
	}
	if iat, ok := dates["iat"]; ok && iat.After(now) {
		add(WarnIatFuture, "iat is %s in the future: the issuer's clock is wrong or the token was forged; some verifiers reject it", reltime.Approx(iat.Sub(now)))
	}
	if nbf, ok := dates["nbf"]; ok && nbf.After(now) {
		add(WarnNbfFuture, "nbf is %s in the future: verifiers will refuse it until then (RFC 7519 §4.1.5)", reltime.Approx(nbf.Sub(now)))
	}
	if hasExp && t.StringClaim("token_type") != "refresh" {
		// Without iat the lifetime is unknown; what is left of it, from
		// now, is what a thief could use, and the message says which.
		if iat, ok := dates["iat"]; ok {
			if life := exp.Sub(iat); life > maxAccessLifetime {
				add(WarnLongLifetime, "lifetime %s is over a day for what looks like an access token: a stolen copy stays usable that long; keep access tokens to minutes and refresh them", reltime.Approx(life))
			}
		} else if left := exp.Sub(now); left > maxAccessLifetime {
			add(WarnLongLifetime, "no iat, so the lifetime is unknown, but exp is still %s away, over a day for what looks like an access token: a stolen copy stays usable that long", reltime.Approx(left))
		}
	}
	return w
}

// asJSON is v, decoded from a token, written back as compact JSON, which
// escapes the C0 control characters a string held.
func asJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<" stays "<" in a message for people
	if enc.Encode(v) != nil {
		return []byte("(unprintable)") // cannot happen: v was decoded from JSON
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// weakSecret finds the dictionary secret that produced t's HMAC, if any.
func weakSecret(a Algorithm, t *Token) (string, bool) {
	input := []byte(t.SigningInput())
	for _, s := range weakSecrets {
		if hmac.Equal(t.Signature, MAC(a, []byte(s), input)) {
			return s, true
		}
	}
	return "", false
}

// HasCode reports whether ws holds a warning with code.
func HasCode(ws []Warning, code string) bool {
	for _, w := range ws {
		if w.Code == code {
			return true
		}
	}
	return false
}

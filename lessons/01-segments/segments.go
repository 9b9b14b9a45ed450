package segments

import (
	"embed"
	"encoding/base64"
	"errors"
	"strings"
)

//go:embed testdata/access.jwt
var testdata embed.FS

// ErrSegments says a string does not have the three parts of a compact JWS.
var ErrSegments = errors.New("a token has three segments separated by dots")

// AccessToken returns the simplejwt access token kept in testdata.
func AccessToken() string {
	b, err := testdata.ReadFile("testdata/access.jwt")
	if err != nil {
		panic(err) // embedded at build time; missing means a broken build
	}
	return strings.TrimSpace(string(b))
}

// Split cuts a compact token into its three segments. It counts the dots
// first, so "a.b" and "a.b.c.d" fail the same way, before any decoding.
func Split(token string) (header, payload, signature string, err error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", "", "", ErrSegments
	}
	return parts[0], parts[1], parts[2], nil
}

// Decode turns one segment back into its bytes, for reading. JWTs use the
// URL-safe alphabet with no "=" padding and no line breaks (RFC 7515 §2).
// RawURLEncoding reads that, and more: it skips CR and LF, and ignores
// non-zero unused bits, which an encoder must leave zero (RFC 4648 §3.5).
// Lesson 2's Decode refuses both, as a verifier should.
func Decode(segment string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(segment)
}

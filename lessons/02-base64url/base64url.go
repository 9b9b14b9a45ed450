package base64url

import (
	"encoding/base64"
	"errors"
	"strings"
)

// Encode writes bytes the way a JWT segment holds them: URL-safe alphabet,
// no "=" padding.
func Encode(b []byte) string {
	return base64.RawURLEncoding.EncodeToString(b)
}

// strict is RawURLEncoding that also refuses non-zero unused bits, so each
// value has exactly one encoding.
var strict = base64.RawURLEncoding.Strict()

// ErrLineBreak reports a CR or LF inside a segment. encoding/base64 skips
// them silently, even in Strict mode (it was built for MIME), so a JWT
// decoder has to refuse them itself.
var ErrLineBreak = errors.New("line break in a base64url segment")

// Decode reads a segment strictly: "=", "+", "/", line breaks and non-zero
// unused bits are all errors.
func Decode(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, ErrLineBreak
	}
	return strict.DecodeString(s)
}

// DecodeLenient is what many decoders do: the right alphabet, but unused
// bits are ignored. Shown for contrast; verifiers should use Decode.
func DecodeLenient(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(s)
}

// EncodedLen is the length of the segment for n bytes: 4 characters per 3
// bytes, rounded up but never padded.
func EncodedLen(n int) int {
	return base64.RawURLEncoding.EncodedLen(n)
}

// Package segments takes a JSON Web Token apart by hand. A token in compact
// form is three strings joined by two dots: the header, the payload and the
// signature, each one base64url-encoded. Nothing here needs a JWT library:
// strings.Split and encoding/base64 are enough to read one. Reading is not
// trusting, though; lesson 6 checks the signature.
//
// The token studied here is a real access token that Django's simplejwt
// issued to the demo user (testdata/access.jwt).
//
// # Three strings joined by dots
//
// Split on ".": a well-formed token gives exactly three parts. The first two
// nearly always begin "eyJ": base64 writes `{"` followed by a letter (as
// in `{"alg"` or `{"token_type"`) that way, while `{"` alone is "eyI".
// Compact JSON objects start so, and "eyJ" is the quickest sign that a
// string is a JWT.
//
// # Decode the header and the payload
//
// Each segment is base64url without padding (lesson 2). Decoded, the header
// and the payload are plain JSON, readable by anyone who holds the token:
// a JWT is signed, not encrypted. Never put a secret in a claim.
//
// # The signature is raw bytes
//
// The third segment decodes to binary, not JSON: for HS256 it is the 32 bytes
// of an HMAC-SHA256 tag. Printed as hex, it is what lesson 6 will reproduce
// from the key and the first two segments.
//
// # Anything but three parts is not a token
//
// Two parts, four parts or an empty string must be refused before anything
// else happens. (Five parts would be a JWE, an encrypted token, which this
// lab does not cover.) The check counts dots; it does not look inside.
//
// # Try it
//
//	./jwtlab inspect "$(cat lessons/01-segments/testdata/access.jwt)"
//	cut -d. -f2 lessons/01-segments/testdata/access.jwt | basenc --base64url -d 2>/dev/null; echo
//	go test ./lessons/01-segments -run '^ExampleStepSplit$' -v
package segments

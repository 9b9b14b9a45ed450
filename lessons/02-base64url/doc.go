// Package base64url shows the one encoding every JWT segment uses: base64
// with the URL-safe alphabet and without padding (RFC 4648 section 5, as RFC
// 7515 section 2 requires). A token travels in URLs, form fields and HTTP
// headers, so it must not contain characters those places treat specially.
//
// # Two alphabets
//
// Standard base64 (RFC 4648 section 4) uses "+" and "/" for the values 62
// and 63. In a URL, "+" can turn into a space and "/" separates path
// segments. base64url swaps them for "-" and "_"; the other 62 characters
// are the same, so most of a token looks like ordinary base64.
//
// # No padding
//
// Standard base64 pads its output with "=" to a multiple of four
// characters. JWTs drop the padding: "=" is special in query strings and
// form bodies, and the length of the segment already says how many bytes
// it holds. A decoder for JWTs therefore refuses "=", and refuses "+" and
// "/" too.
//
// # One string per value: strict decoding
//
// Four base64 characters carry 24 bits. When the last group is short, some
// of its low bits carry nothing: a 2-byte value takes 3 characters, 18 bits
// for 16. A lenient decoder ignores those bits, so "e30" and "e31" both
// decode to "{}". Decoding strictly (encoding/base64's Strict) makes every
// value have exactly one encoding, so a verifier cannot be told that two
// different strings are the same signature: lesson 6's verifier refuses a
// signature respelled this way, and lesson 9 shows golang-jwt's default
// decoding taking it. One more trap: encoding/base64 skips CR and LF even
// in Strict mode, so Decode refuses them itself.
//
// jwtlab is stricter than simplejwt here. PyJWT 2.6.0 (jwt/utils.py,
// base64url_decode) adds the missing "=" and calls Python's
// base64.urlsafe_b64decode, which does not validate: it accepts "e31" as
// "{}", accepts "e30=" with its padding, and accepts "+" and "/" from the
// standard alphabet. So Django takes some spellings of a token that jwtlab
// refuses; a jwtlab token is always one Django takes.
//
// Strict base64 makes each segment's bytes have one spelling, not each
// token: ECDSA signatures are malleable, so (r, n−s) is a second valid
// ES256 signature over the same bytes (lesson 7 shows it).
//
// # How long is a segment?
//
// Every 3 bytes become 4 characters, and a short last group becomes 2 or 3
// characters. An HS256 tag of 32 bytes is always 43 characters, an RS256
// signature with a 2048-bit key (256 bytes) 342, and ES256 and EdDSA
// signatures (64 bytes, lesson 7) and HS512 tags (64 bytes, SHA-512's
// output) all 86. Length narrows the candidates but does not name one; the
// header's alg names it, and a verifier pins its own (lesson 3).
//
// # Try it
//
//	printf '{}' | base64          # e30= : standard, padded
//	printf '{}' | basenc --base64url | tr -d =   # e30 : base64url, unpadded
//	go test ./lessons/02-base64url -run '^ExampleStepDecodeStrict$' -v
package base64url

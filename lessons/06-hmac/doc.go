// Package hmac computes and checks an HS256 signature by hand, with nothing
// but crypto/hmac and crypto/sha256, and reproduces both RFC 7515's example
// and a token Django issued, byte for byte.
//
// # The signing input
//
// A JWS signature covers the signing input: the encoded header, a dot, and
// the encoded payload -- the ASCII characters of the first two segments,
// not the JSON they decode to. HS256 is HMAC-SHA256 of those bytes under a
// shared secret key; the 32-byte tag, base64url-encoded, is the third
// segment. RFC 7515 appendix A.1 gives a key, a signing input and the
// signature they must produce.
//
// # Verify: recompute and compare
//
// To verify, recompute the tag over the token's own first two segments and
// compare it with the third. Anyone with the key can do this -- which also
// means anyone with the key can mint tokens: with HS256, every verifier is
// a potential issuer. Change one byte of the payload, or use another key,
// and the tags differ.
//
// # Mint a token Django would accept
//
// Minting is the same HMAC over header and payload chosen by the issuer.
// Given simplejwt's exact header bytes, the payload bytes it wrote, and the
// shared secret, Mint rebuilds the Django token of lesson 1 exactly. (Lesson
// 12 mints fresh ones.)
//
// # Compare in constant time, decode strictly
//
// The comparison must be hmac.Equal, which takes the same time wherever the
// first difference is; bytes.Equal or == stop at the first mismatch, and a
// patient attacker can time that to learn a valid tag byte by byte. And the
// signature must be decoded strictly (lesson 2): a lenient decoder lets the
// last character change without changing the bytes, so one token has several
// spellings that all "verify" -- harmless for HMAC's security, but trouble
// for anything that keys on the token string, such as a cache or a search
// through the logs.
//
// # Try it
//
//	printf %s "$(cut -d. -f1,2 lessons/01-segments/testdata/access.jwt)" |
//	  openssl dgst -sha256 -hmac jwt-lab-demo-signing-secret-not-for-production -binary | basenc --base64url | tr -d =
//	go test ./lessons/06-hmac -run '^ExampleStepSign$' -v
package hmac

// Package header reads the first segment of a JWT: the JOSE header (RFC 7515
// section 4). It says how the token claims to be protected -- and "claims"
// is the word to keep in mind, because whoever made the token wrote it.
//
// # alg and typ
//
// "alg" names the signature algorithm (HS256, RS256, ES256, EdDSA, ...) and
// is the only member every JWS header must have. "typ" is a media type for
// the whole token, usually "JWT"; simplejwt and golang-jwt both write it.
// JSON does not fix member order or whitespace, so two headers with
// different bytes can mean the same thing -- and since the signature covers
// the bytes, not the meaning, a header is never re-serialized before
// checking.
//
// # kid and cty
//
// "kid" (key ID) is a hint saying which key signed the token, so a verifier
// holding several keys (lesson 8) can pick one. "cty" (content type) is for
// nested tokens, such as a JWT inside a JWE; plain JWTs leave it out. Both
// are strings chosen by the sender.
//
// # alg is attacker-controlled input
//
// A verifier that asks the token which algorithm to use lets the attacker
// choose: "none" (no signature at all), HS256 with a public RSA key as the
// HMAC secret (lesson 10), or anything weak the library still supports. The
// verifier must decide the algorithm itself, from its configuration or from
// the key, and refuse every other value -- compared exactly, since "none",
// "None" and "NONE" are all on attackers' lists.
//
// # Duplicate members
//
// RFC 7515 §4 says a header with duplicate member names must be rejected,
// or parsed so that only the last one counts. Go's encoding/json keeps the
// last silently. Two parsers that disagree about which "alg" counts are an
// exploit waiting to happen, so ParseHeader refuses duplicates.
//
// # Member names are case-sensitive
//
// RFC 7515 §5.3 compares member names exactly, so "ALG" is not "alg". Go's
// encoding/json does not: decoding into a struct matches names
// case-insensitively, so {"alg":"HS256","ALG":"none"} passes a duplicate
// check that compares exact names and then reads as alg "none", and
// {"ALG":"HS256"} reads as HS256. ParseHeader reads the object into a map
// first, which keeps the names as sent, and takes only the exact ones.
// golang-jwt v5.3.1 reads the header into a map too (parser.go), but
// decodes claims into structs such as RegisteredClaims with encoding/json:
// there "EXP" is exp (lesson 9 shows the check that closes it).
//
// # crit: what the verifier must understand
//
// "crit" lists header members that are extensions the recipient must
// understand and process, or else reject the token (RFC 7515 §4.1.11): a
// verifier that skips the member it does not know would check a different
// token from the one the signer meant. RFC 7797's {"b64":false}, which
// signs the payload unencoded, is the best-known such extension. This lab
// implements none, so ParseHeader refuses every header with "crit".
// golang-jwt v5.3.1 never reads "crit" and would accept such a token;
// lesson 9's CheckHeader closes that before it parses.
//
// # Try it
//
//	./jwtlab inspect "$(cat lessons/01-segments/testdata/access.jwt)"
//	./jwtlab verify -secret anything -alg HS256 eyJhbGciOiJub25lIn0.e30.   # exit status 1
//	go test ./lessons/03-header -run '^ExampleStepCheckAlg$' -v
//	go test ./lessons/03-header -run '^ExampleStepExactCase$' -v
//	go test ./lessons/03-header -run '^ExampleStepCrit$' -v
package header

// Package golangjwt redoes lessons 4 to 7 with github.com/golang-jwt/jwt/v5,
// the library jwtlab's server uses, and shows that it produces and accepts
// the very same bytes. A library saves code, not thought: every option that
// mattered by hand still has to be chosen.
//
// # Parse with the options that matter
//
// jwt.Parse decodes, checks the signature with the key the Keyfunc returns,
// then validates the claims. Left at its defaults it trusts the header's alg
// to pick the verification method, does not require exp, skips iat, and
// reads the clock. So: WithValidMethods pins the algorithm,
// WithExpirationRequired and WithIssuedAt match simplejwt, WithTimeFunc
// fixes the clock (here, lesson 5's Now), and WithStrictDecoding refuses
// base64 with non-zero unused bits (not CR and LF: see Strict decoding).
//
// # Mint the same bytes
//
// golang-jwt marshals the header map with encoding/json, which sorts keys:
// {"alg":"HS256","typ":"JWT"}, exactly simplejwt's header. The claims follow
// the struct's field order, so a struct with token_type, then the embedded
// RegisteredClaims (exp, iat, jti once the empty ones are omitted), then
// user_id, writes simplejwt's payload byte for byte. The token equals both
// lesson 6's hand-made one and Django's.
//
// # The signing methods agree with lesson 7
//
// Under Parse sit the signing methods: jwt.SigningMethodRS256.Sign and
// jwt.SigningMethodEdDSA.Sign reproduce RFC 7515 A.2 and RFC 8037 A.4, the
// same bytes lesson 7 computed with the standard library.
//
// # Errors are joined: use errors.Is
//
// golang-jwt v5 joins its errors, so one error can be both
// ErrTokenInvalidClaims and ErrTokenExpired. Match them with errors.Is,
// never by message. A known alg outside WithValidMethods, alg none
// included, comes back as ErrTokenSignatureInvalid; an unknown or missing
// alg as ErrTokenUnverifiable (v5.3.1 parser.go, ParseUnverified). Treat
// every error as a refusal.
//
// # Strict decoding
//
// By default golang-jwt decodes with RawURLEncoding, which ignores unused
// bits: lesson 6's respelled signature passes. WithStrictDecoding refuses it.
// It is encoding/base64's Strict, though, which still skips CR and LF
// (lesson 2), so a signature with a line break inside verifies as the one
// without; and golang-jwt never reads "crit" (lesson 3). CheckHeader
// refuses both before the parser runs, and Parse calls it first.
//
// # Known answers: Wycheproof
//
// Project Wycheproof's JSON Web Signature vectors (401 of them) try broken
// encodings, modified signatures, alg none, algorithm confusion, embedded
// keys and keys meant for encryption. jwt.Parse needs a JSON payload and
// most vectors sign something else ("foo", "Test", raw bytes), so VerifyJWS
// checks a bare JWS: lesson 3's header
// parser, lesson 8's key rules, strict base64, then golang-jwt's signing
// method. Every valid vector verifies and every invalid one is refused,
// except the few listed below with the reason for each.
//
// # What the parser alone lets through
//
// The options above check the signature, the algorithm and the times, but
// golang-jwt knows nothing of simplejwt's token_type: a refresh token,
// signed with the same key, passes as an access token. And golang-jwt
// v5.3.1 decodes claims with encoding/json, which matches names
// case-insensitively, so RegisteredClaims reads "EXP" as exp. Parse adds
// both checks; a verifier that stops at ParseWithClaims has these holes.
//
// # Try it
//
//	go doc github.com/golang-jwt/jwt/v5 WithValidMethods
//	go test ./lessons/09-golangjwt -run 'TestWycheproof' -v
//	go test ./lessons/09-golangjwt -run '^ExampleStepMint$' -v
//	go test ./lessons/09-golangjwt -run '^ExampleStepParseRefused$' -v
package golangjwt

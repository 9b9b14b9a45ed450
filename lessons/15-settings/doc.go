// Package settings maps the djangorestframework-simplejwt 5.2.2 settings
// that decide how a token is signed and verified onto golang-jwt, and ends
// with what a JWT is not. Every default quoted here is in
// rest_framework_simplejwt/settings.py (DEFAULTS) and every behaviour in
// backends.py (TokenBackend) of simplejwt 5.2.2.
//
// # SIGNING_KEY and VERIFYING_KEY
//
// ALGORITHM defaults to "HS256" and SIGNING_KEY to Django's SECRET_KEY.
// VERIFYING_KEY (default "") is read only for RS256 and the other
// asymmetric algorithms: for an HS algorithm, TokenBackend.get_verifying_key
// returns SIGNING_KEY, whatever VERIFYING_KEY says. With RS256, SIGNING_KEY
// holds the private key and VERIFYING_KEY the public one, or JWK_URL names a
// JWK Set to fetch it from (lesson 8), so another service can verify
// without being able to sign.
//
// # AUDIENCE and ISSUER
//
// Both default to None, and then neither is checked: TokenBackend.decode
// passes verify_aud only when AUDIENCE is set, and PyJWT checks iss only
// when an issuer is given. Set, they are written into every token and
// required in every token presented; a token without aud is then refused.
// Verify does the same with golang-jwt's WithAudience and WithIssuer.
//
// # JWS is signed, not encrypted
//
// A simplejwt token is a JWS (RFC 7515): anyone who holds it reads its
// claims without a key, as lesson 1 did. Put nothing in it that its bearer
// may not see. A JWE (RFC 7516) is the encrypted form, with five parts,
// header.encrypted_key.iv.ciphertext.tag (RFC 7516 §7.1); simplejwt neither
// writes nor reads it, and a JWS verifier refuses it as malformed.
//
// # Try it
//
//	go test ./lessons/15-settings -run '^ExampleStepAudience$' -v
//	./jwtlab inspect "$(cat lessons/01-segments/testdata/access.jwt)"
package settings

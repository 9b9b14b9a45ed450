// Package attacks is a lab: six classic attacks on JWT verification, each
// shown first succeeding against a deliberately vulnerable verifier, then
// failing against safe checks from the earlier lessons and against jwtlab's
// reference server (started in-process). The vulnerable verifiers live in
// vulnerable.go, in this lesson only: the server never uses them, and jwtlab
// learn runs them only to show the attacks. Read them as a list of things
// never to write.
//
// In every attack the attacker holds an ordinary token, or none, and wants
// the server to believe they are user 1.
//
// # Decoding is not verifying
//
// The simplest mistake: read the claims with a decoder (jwt.decode with
// verification off, ParseUnverified, a base64 call in a middleware) and
// trust them. The attacker edits user_id and keeps, or drops, the
// signature. A verifier must check the signature before reading anything.
//
// # alg: none
//
// RFC 7518 §3.6 defines "none" for tokens protected some other way. A verifier
// that lets the token's header choose the algorithm -- and has "none"
// enabled anywhere, for tests, for internal calls -- accepts a token with
// an empty signature. Pinning the algorithm (lesson 3, WithValidMethods in
// lesson 9) closes it.
//
// # A weak HMAC secret
//
// One HS256 token is all an attacker needs to test guesses at the secret
// offline, as fast as they can compute HMACs: no rate limit, no log line.
// Each guess is one HMAC, so a secret in the wordlist falls at its place
// in the list, the 15th guess here (BenchmarkCrack measures a guess on
// your machine). Then the attacker mints whatever they like, and a
// perfectly correct verifier accepts it. The defence is the key. RFC 7518
// §3.2 requires its length: at least the hash size, 32 bytes for HS256.
// RFC 8725 §3.5 requires its randomness: a password a human can remember
// must not be an HMAC key, whatever its length. The reference server's
// prod profile refuses keys shorter than 32 bytes and keys it knows to be
// public, such as the demo key, which is merely absent from this wordlist;
// only you can make a key random (openssl rand -base64 48).
//
// simplejwt 5.2.2 signs with SIGNING_KEY, which defaults to Django's
// SECRET_KEY (rest_framework_simplejwt/settings.py): the key that also
// signs sessions and password-reset links. Django 3.2's startproject writes
// one starting "django-insecure-", a marker that it was committed with the
// code and must be replaced: a token signed with such a key should be
// tried against every leaked settings.py.
//
// # RS256 to HS256: algorithm confusion
//
// A verifier configured with "the key" as bytes -- an RSA public key in PEM
// -- and letting the header pick the algorithm can be told "HS256": it then
// uses the public key's bytes as an HMAC secret. The public key is public,
// so the attacker signs with it. The fix is to tie each key to one
// algorithm and keep keys typed: an *rsa.PublicKey can never be an HMAC
// secret.
//
// # kid path traversal
//
// "kid" is a hint from the sender. A verifier that builds a file name from
// it, path.Join("keys", kid), can be pointed at any file whose content the
// attacker knows -- a public static file, /dev/null -- and that content
// becomes the HMAC key. Pinning HS256 does not help. A kid must only ever
// select from keys loaded in advance.
//
// # Keys from the token: jwk and jku
//
// RFC 7515 lets a header carry the key itself ("jwk", §4.1.3) or a URL to
// fetch it from ("jku", §4.1.2). A verifier that uses them checks the token
// against a key the attacker chose: their own. Wycheproof's "rejectsAttackerProvidedEmbeddedJwk"
// vector (lesson 9) tests exactly this. Verify only with keys from your own
// configuration or a JWK Set URL you configured; ignore jwk, jku, x5u
// (§4.1.5) and x5c (§4.1.6) in tokens.
//
// # Safe means the claims too
//
// A verifier that checks the signature perfectly still lets in a token
// signed with the right key for the wrong purpose: one that expired long
// ago (exp 1000), one with no exp at all, a refresh token presented as an
// access token. Every safe verifier here checks the signature, the pinned
// alg and key type, exp (required), iat and token_type. It leaves aud and
// iss to the caller: a token signed with the same key for another service
// passes until the verifier is given jwt.WithAudience and jwt.WithIssuer
// (lesson 15's AUDIENCE and ISSUER). It also leaves the user, revocation,
// and that jti is present, which revocation by jti needs (simplejwt 5.2.2
// refuses a token without one: "Token has no id", tokens.py, Token.verify).
//
// # Try it
//
//	JWTLAB_SIGNING_KEY=jwt-lab-demo-signing-secret-not-for-production ./jwtlab serve -addr 127.0.0.1:8000 &
//	curl -s -H 'Authorization: Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6MX0.' http://127.0.0.1:8000/api/me/
//	./jwtlab inspect eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6MX0.
//	go test ./lessons/10-attacks -run '^ExampleStepCrack$' -v
//	go test ./lessons/10-attacks -run '^$' -bench Crack
//	go test ./lessons/10-attacks -run '^ExampleStepSafeClaims$' -v
package attacks

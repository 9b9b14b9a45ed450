// Package jwk puts keys in the open: a JSON Web Key (RFC 7517) is a key
// written as JSON, a JWK Set is a list of them, and "kid" ties a token to
// the key that signed it. With asymmetric keys an issuer can publish its
// public keys -- jwtlab serve does, at /.well-known/jwks.json -- so anyone
// can verify without being able to sign.
//
// # A JWK Set
//
// Each key has a "kty" (RSA, EC, OKP, or oct for a symmetric key), the
// numbers that make it up, and optional "kid", "use" ("sig" or "enc") and
// "alg". The RFC 7520 cookbook's keys below are a P-521 key and a 2048-bit
// RSA key, both for signing.
//
// # Publish only public keys
//
// A private JWK holds "d" (and "p", "q", ... for RSA) next to the public
// numbers. Publishing a set built from private keys by mistake gives the
// keys away; Public keeps only the members a verifier needs. A symmetric
// "oct" key has no public half and must never be published at all.
//
// # Thumbprints make good kids
//
// A "kid" is any string, but the JWK thumbprint (RFC 7638) is a natural
// choice: the SHA-256 of the key's required members, in lexicographic
// order, without whitespace. Thumbprint hashes the members as written, so
// the same key gets the same kid on any machine when they are written as
// RFC 7518 requires: RSA's n in the fewest bytes, no leading zero (§2,
// Base64urlUInt; §6.3.1.1), EC's x and y at the curve's full size
// (§6.2.1.2, §6.2.1.3). Written otherwise, the same key gets another kid.
// Different keys get different ones.
//
// # Choose the key by kid, check it fits
//
// A verifier looks the token's kid up in its own set -- never in anything
// the token carries (lesson 10's jwk and jku attacks). The key found must
// be meant for signatures and for the algorithm the verifier expects: its
// type and, for an EC key, the curve the alg names (RFC 7518 §3.4). An
// unknown kid is refused, not tried against every key.
//
// # Rotation
//
// To replace a key without logging everyone out: publish the new key next
// to the old one, wait until every verifier's cached copy of the set has
// expired (a verifier that fetched the set just before sees only the old
// key, and would refuse tokens signed with the new one), start signing
// with the new one, wait until the last token signed by the old key has
// expired (the refresh lifetime, for simplejwt), then remove the old key.
// Verifiers that fetch the set see both keys during the overlap.
//
// simplejwt signs with one SIGNING_KEY (it can verify from a JWK Set at
// JWK_URL, where kid picks the key); with HS256 there is only that key, so
// changing it invalidates every token at once, and everyone is logged
// out. jwtlab serve keeps old keys verifying with -verify-key-file.
//
// # Try it
//
//	openssl genpkey -algorithm ed25519 -out ed.pem
//	./jwtlab serve -key-file ed.pem -addr 127.0.0.1:8000 &   # an HS256 server publishes no keys
//	curl -s http://127.0.0.1:8000/.well-known/jwks.json
//	go test ./lessons/08-jwk -run '^ExampleStepVerifyRotation$' -v
package jwk

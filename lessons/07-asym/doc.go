// Package asym signs with a private key and verifies with the public one:
// RS256, ES256/ES512 and EdDSA, checked against RFC 7515 appendix A.2-A.4 and
// RFC 8037 appendix A.4. Unlike HS256, a verifier here cannot mint tokens:
// it holds only the public half.
//
// # RS256 is deterministic
//
// RS256 is RSASSA-PKCS1-v1_5 with SHA-256: the hash of the signing input,
// padded in a fixed way, raised to the private exponent. There is no
// randomness, so signing RFC 7515 A.2's input with its key must give its
// signature exactly. The signature is as long as the modulus: 256 bytes for
// a 2048-bit key.
//
// # ES256 is randomized, and raw r||s
//
// ECDSA draws a fresh random number for every signature, so two signatures
// of the same input differ and both verify: a test can only check that the
// RFC's signature verifies, never reproduce it. JWS writes the two numbers
// r and s as fixed-size big-endian bytes, one after the other (RFC 7518
// section 3.4): 64 bytes for P-256, 132 for P-521.
//
// # Not DER
//
// Most crypto libraries, Go's ecdsa.SignASN1 and OpenSSL included, write an
// ECDSA signature as a DER SEQUENCE of two INTEGERs, usually 70-72 bytes for
// P-256.
// The numbers are the same; the encoding is not. A JWS verifier must refuse
// the DER form, and a signer must convert.
//
// # The key's curve is pinned too
//
// "ES256" names both a hash (SHA-256) and a curve (P-256), RFC 7518 §3.4.
// A verifier that checks only that the key is an ECDSA key, and reads r
// and s at the key's size, accepts ES256 tokens signed with a P-521 key, a
// key the algorithm does not allow: ecdsa.Verify takes a SHA-256 digest on
// any curve. Verify pins the curve from the alg, the way it pins the alg
// itself.
//
// # ECDSA signatures are malleable
//
// If (r, s) is a valid ECDSA signature, so is (r, n−s), where n is the
// order of the curve: anyone can turn one valid token into a second,
// different string that verifies, without the key. So a token's string is
// not unique for ES256: never use the whole token (or its signature) as
// the identity of a grant; use its jti. RS256 and EdDSA are not malleable
// so: without the private key nobody can make a second valid signature for
// the same input. RS256 has one signature below the modulus, and a
// verifier refuses any other (RFC 8017 §5.2.2, §8.2.2). For EdDSA, RFC 8032
// §5.1.7 requires S < L, the group order, and Go's ed25519 refuses S+L,
// the same scalar spelled otherwise.
//
// # EdDSA
//
// Ed25519 (RFC 8037, "alg":"EdDSA") is deterministic like RS256 but small
// like ES256: a 32-byte public key and a 64-byte signature. Go's
// crypto/ed25519 reproduces RFC 8037's example byte for byte.
//
// # Try it
//
//	go test ./lessons/07-asym -run '^ExampleStepVerifyMalleable$' -v
//	openssl genpkey -algorithm ed25519 -out ed.pem && openssl pkey -in ed.pem -pubout -out ed.pub
//	TOKEN=$(./jwtlab sign -key ed.pem -claims '{"sub":"me"}')
//	./jwtlab verify -key ed.pub "$TOKEN"            # valid
//	./jwtlab verify -key ed.pub -alg ES256 "$TOKEN" # refused: the alg is pinned
//	go test ./lessons/07-asym -run '^ExampleStepSignEddsa$' -v
package asym

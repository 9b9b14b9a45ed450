// Package attacklab shows the attacker's code, not only the verdict: five
// attacks on JWT verification, each run against a deliberately vulnerable
// verifier and then against the fix. The vulnerable verifiers live in this
// lesson only; read them as things never to write.
//
// The attacker holds ordinary tokens, or none, and wants the server to
// believe they are user 1. PortSwigger's Web Security Academy has labs on
// the same ground: algorithm confusion with no exposed key
// (https://portswigger.net/web-security/jwt/algorithm-confusion/lab-jwt-authentication-bypass-via-algorithm-confusion-with-no-exposed-key)
// and a weak signing key
// (https://portswigger.net/web-security/jwt/lab-jwt-authentication-bypass-via-weak-signing-key).
// Here the attacker's side is Go code you can read and run. The clock is
// fixed (Now), and the keys and tokens are in testdata, so every output is
// the same each run.
//
// Each fix also refuses what earlier lessons taught to refuse: an iat in
// the future (lesson 5), a respelled segment and a line break inside one
// (lesson 2: encoding/base64 skips CR and LF even when strict, so golang-jwt
// reads a signature with a line break in it as the same signature), and a
// header with "crit" (lesson 3: RFC 7515 §4.1.11 makes a JWS invalid when
// crit lists an extension the recipient does not understand, this lab
// understands none, and golang-jwt v5.3.1 ignores crit). Lesson 9's
// CheckHeader makes those two checks before golang-jwt parses.
// Each fix's comment says what it checks and what it leaves to the caller;
// TestFixesRefuse tries every check named there on every fix (exp, nbf,
// iat, token_type, a numeric user_id, alg none and another alg, the
// attacker's key in a jwk or jku header, and the three above), beside an
// honest token it accepts.
//
// # Recover the public key from two tokens
//
// An RS256 signature s satisfies s^e ≡ m (mod n), where m is the signing
// input's SHA-256 hash in EMSA-PKCS1-v1_5 form (RFC 8017 §9.2), which anyone
// can compute from the token. So s^e − m is a multiple of n, and from two
// tokens n divides gcd(s₁^e − m₁, s₂^e − m₂). A server that never
// publishes its public key has still handed it out with every token.
//
// Keys are usually made with e = 65537 (openssl's and Go's default); then
// each s^e has about 65537 × 2048 ≈ 134 million bits, more work than a test
// should do. This lab's server key uses e = 3, so the same computation runs
// in go test; the code does not change, only the exponent passed to it.
//
// # Algorithm confusion needs the exact PEM bytes
//
// With the public key, the attacker tries the confusion of lesson 10: sign
// HS256 with the public key as the HMAC secret, against a verifier that
// lets the token's alg choose the method and gives HMAC its key file's
// bytes. Those bytes are what matter, so the attacker tries the four usual
// ways the key is written: SPKI ("PUBLIC KEY") or PKCS#1 ("RSA PUBLIC
// KEY"), with or without the final newline. There are more (CRLF line
// endings, other line wrapping, a JWK or OpenSSH form); here one of the
// four matches the server's file. RFC 8725 §3.1 asks verifiers to pin the
// algorithm; PinnedRS256 does, and refuses every one.
//
// # kid SQL injection
//
// kid is a hint from the sender. A verifier that pastes it into SQL lets
// the sender write the query: a UNION returns a secret of the attacker's
// choosing, and they sign with it. RFC 8725 §3.10 warns of exactly this
// ("SQL or LDAP injection"). The fix passes kid as a query parameter, so
// it is only ever a value: the forged kid names no row, while the server's
// own tokens still verify.
//
// # A self-signed x5c certificate
//
// x5c (RFC 7515 §4.1.6) carries a certificate chain in the header. A
// verifier that takes the key from the first certificate without checking
// who issued it trusts whoever made the token: the attacker signs a
// certificate for their own key and sends both. The fix is the server's own
// pinned key (or, where certificates are really needed, a chain check
// against the verifier's own roots).
//
// # Crack a weak HS256 secret
//
// An HS256 token is an offline oracle for its key: one HMAC per guess, and
// no server to count the tries. hashcat calls this mode 16500 ("JWT (JSON
// Web Token)"): hashcat -a 0 -m 16500 token.txt wordlist.txt. simplejwt's
// SIGNING_KEY defaults to Django's SECRET_KEY, and django-admin
// startproject writes one starting "django-insecure-" (Django 3.2's
// startproject.py), which manage.py check --deploy flags as security.W009.
// Published with the settings, it lands in wordlists. RFC 8725 §3.5 asks for
// keys with enough entropy: 32 random bytes are in no wordlist.
//
// # Try it
//
//	# the lab's Examples, or one of them
//	go test ./lessons/16-attacklab -run Example -v
//	go test ./lessons/16-attacklab -run ExampleStepCrack -v
//	# crack the lab's weak token (the one StepCrack's server issues) with hashcat, if installed
//	hashcat -a 0 -m 16500 lessons/16-attacklab/testdata/weak_token.txt lessons/16-attacklab/testdata/wordlist.txt
package attacklab

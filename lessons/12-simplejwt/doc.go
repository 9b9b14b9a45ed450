// Package simplejwt reads tokens that a real Django server issued -- Django
// 3.2 with djangorestframework-simplejwt 5.2.2 and PyJWT 2.6, recorded into
// testdata/tokens.json -- checks them the way simplejwt does, and mints new
// ones that Django would accept. Everything runs at lesson 5's fixed clock,
// 45 seconds after the tokens were issued.
//
// # What Django writes
//
// PyJWT writes the header with sorted keys and no spaces:
// {"alg":"HS256","typ":"JWT"}. simplejwt builds the payload in a fixed
// order -- token_type, exp, iat, jti, user_id -- and PyJWT keeps that order,
// again without spaces. exp and iat are whole seconds; jti is a random
// UUID4 as 32 hex digits; the access and refresh tokens of one login share
// their iat, and live 300 and 86400 seconds.
//
// # Verify the way simplejwt does
//
// simplejwt lets PyJWT check the signature (HS256 only), and exp, nbf and
// iat when present (PyJWT 2.6, jwt/api_jwt.py _validate_claims), then
// checks for itself that exp is present, that there is a jti -- any value,
// even "": tokens.py asks only whether the claim is in the payload -- and
// that token_type is the one the endpoint expects. Every failure inside
// PyJWT -- bad signature, wrong key, alg none, HS512, expired, nbf or iat
// in the future -- becomes the same "Token is invalid or expired"; only
// simplejwt's own checks have messages of their own. Verify does the same
// as long as the times are integers, as simplejwt writes them: PyJWT reads
// exp and nbf with int(), so an exp of 1795903000.5 passes there and not
// here. Layout does not matter: a token with the header keys the other way
// round, sorted claims and spaces verifies, since the signature covers
// bytes and the checks read values. Decoding is lenient too: PyJWT 2.6.0
// accepts padded and non-canonical base64url (lesson 2), so jwtlab is
// stricter than simplejwt and refuses some spellings of a token Django
// would take.
//
// # Crafted tokens
//
// The capture tool also sent Django tokens it made itself, and recorded
// its answers in server/testdata/simplejwt-cases.json. The step checks
// each as the endpoint it was sent to does: the refresh tokens as
// /api/token/refresh/, the access token as /api/me/. A payload changed
// after signing, a token signed with another key, alg none and a correct
// HS512 signature with the right key are all refused alike. A correctly
// signed access token without a jti is refused on the protected endpoint
// with "Token has no id" (case me_crafted_no_jti_access: Django's 401
// lists it under messages). A refresh token without one crashes the
// refresh endpoint instead, a 500 in both the peer's stacks (cases
// refresh_crafted_no_jti and prod_crafted_no_jti_refresh): with the
// blacklist app installed, BlacklistMixin.verify reads payload["jti"] in
// check_blacklist before Token.verify asks whether it is there (tokens.py,
// 5.2.2), a KeyError. jwtlab serve does not copy that bug.
//
// # Mint one Django accepts
//
// With the shared secret, anyone can mint: same header bytes, same claim
// order, compact JSON, a fresh jti. Given Django's own iat and jti, Mint
// reproduces its token exactly; given new ones, it makes a token that
// Django -- and jwtlab serve, and golang-jwt -- accept.
//
// # Try it
//
//	KEY=jwt-lab-demo-signing-secret-not-for-production
//	./jwtlab inspect -secret $KEY "$(jq -r .ACCESS lessons/12-simplejwt/testdata/tokens.json)"
//	echo demo-password-123 | ./jwtlab users add -db lab.db -username demo
//	JWTLAB_SIGNING_KEY=$KEY ./jwtlab serve -db lab.db -addr 127.0.0.1:8000 &
//	NOW=$(date +%s)
//	TOKEN=$(./jwtlab sign -secret $KEY -claims "{\"token_type\":\"access\",\"exp\":$((NOW+300)),\"iat\":$NOW,\"jti\":\"$(openssl rand -hex 16)\",\"user_id\":1}")
//	curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/me/
//	go test ./lessons/12-simplejwt -run '^ExampleStepMint$' -v
package simplejwt

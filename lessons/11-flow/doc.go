// Package flow walks through simplejwt's access/refresh flow against jwtlab's
// reference server, started in-process (servertest) with the demo user and
// a clock the lesson moves by hand, starting at lesson 5's Now.
//
// # Obtain a pair
//
// POST /api/token/ with a username and password returns two tokens. The
// access token (5 minutes) goes with every API call; the refresh token (1
// day) is only ever sent to /api/token/refresh/. Both are signed JWTs that
// share their iat; token_type tells them apart.
//
// # Use the access token
//
// The client sends "Authorization: Bearer <access>". The server checks the
// signature, exp and token_type, and looks up user_id: no session, no
// database row for the token itself.
//
// # Expiry
//
// Five minutes later the same request fails with 401. Nothing was revoked;
// the token simply says it is over. That short life is the only limit on a
// stolen access token.
//
// # Refresh
//
// The client sends its refresh token to /api/token/refresh/ and gets a new
// access token. With simplejwt's defaults the refresh token is not replaced
// and keeps working for its whole day; the new access token inherits the
// refresh token's iat, the time of login.
//
// # Rotate, and catch reuse
//
// With ROTATE_REFRESH_TOKENS and BLACKLIST_AFTER_ROTATION (jwtlab serve
// -rotate-refresh -blacklist-after-rotation), each refresh also returns a new
// refresh token and blacklists the old one. A refresh token used twice means
// two parties hold it -- the second use is refused as "Token is blacklisted".
//
// # Log out: blacklist
//
// POST /api/token/blacklist/ puts a refresh token on the blacklist: it can
// never be refreshed again. The access tokens already issued stay valid until
// they expire -- blacklisting does not reach them, which is the price of not
// looking every token up.
//
// # Try it
//
//	echo demo-password-123 | jwtlab users add -db lab.db -username demo
//	JWTLAB_SIGNING_KEY=jwt-lab-demo-signing-secret-not-for-production jwtlab serve -db lab.db -addr 127.0.0.1:8000 -rotate-refresh -blacklist-after-rotation &
//	PAIR=$(curl -s -H 'Content-Type: application/json' -d '{"username":"demo","password":"demo-password-123"}' http://127.0.0.1:8000/api/token/)
//	ACCESS=$(echo "$PAIR" | jq -r .access); REFRESH=$(echo "$PAIR" | jq -r .refresh)
//	curl -s -H "Authorization: Bearer $ACCESS" http://127.0.0.1:8000/api/me/
//	curl -s -H 'Content-Type: application/json' -d "{\"refresh\":\"$REFRESH\"}" http://127.0.0.1:8000/api/token/refresh/
//	curl -s -H 'Content-Type: application/json' -d "{\"refresh\":\"$REFRESH\"}" http://127.0.0.1:8000/api/token/refresh/   # now blacklisted
//	jwtlab inspect -server http://127.0.0.1:8000
//	go test ./lessons/11-flow -run '^ExampleStepLabRefresh$' -v
package flow

// Package flow walks through simplejwt's access/refresh flow against jwtlab's
// reference server, started in-process (servertest) with the demo user and
// a clock the lesson moves by hand, starting at lesson 5's Now.
//
// # Obtain a pair
//
// POST /api/token/ with a username and password returns two tokens. The
// access token (5 minutes) goes with every API call; the refresh token (1
// day) is only ever sent to the token endpoints: /api/token/refresh/ to get
// a new access token, /api/token/blacklist/ to log out. Both are signed
// JWTs that share their iat; token_type tells them apart.
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
// the token simply says it is over. Nothing about the token itself can be
// revoked before then.
//
// # Deactivate the user
//
// One thing does stop a stolen access token early: simplejwt's
// JWTAuthentication loads the user named by user_id on every request and
// refuses an inactive one ("User is inactive", get_user in
// authentication.py, 5.2.2), and so does jwtlab's server. So every request
// still reads the users table, by primary key: what JWT saves over Django's
// sessions is the session-table read, not every database read.
//
// # Refresh
//
// The client sends its refresh token to /api/token/refresh/ and gets a new
// access token. With simplejwt's defaults the refresh token is not replaced
// and keeps working for its whole day; the new access token inherits the
// refresh token's iat, the time of login.
//
// # Rotate: the old token is refused, nothing more
//
// With ROTATE_REFRESH_TOKENS and BLACKLIST_AFTER_ROTATION (jwtlab serve
// -rotate-refresh -blacklist-after-rotation), each refresh also returns a new
// refresh token and blacklists the old one. That refuses a later second use
// of the old token, and nothing more: the new token keeps working. Even the
// second use is refused only once the first has written its row: simplejwt
// 5.2.2 reads the blacklist when it parses the token
// (BlacklistMixin.check_blacklist, called from verify, tokens.py) and
// writes the row afterwards, in TokenRefreshSerializer.validate through
// blacklist(), a get_or_create (serializers.py), so two refreshes racing
// with one token can both pass the check and both get a new pair. jwtlab
// serve makes the blacklist INSERT the check: of racing uses only the one
// whose row went in is answered (NOTES.md section 2;
// TestRotationRaceHasOneWinner here, TestRotateRace in server/store). If a
// thief refreshes the stolen token first, the victim's next refresh is the
// one refused, and the thief holds a live token -- and not only for a day.
// The new refresh token gets a fresh jti, iat and exp (now plus
// REFRESH_TOKEN_LIFETIME: TokenRefreshSerializer.validate in
// serializers.py, 5.2.2), and nothing in 5.2.2 ends a chain of refresh
// tokens at a fixed time after login, so a thief who refreshes at least
// once a day keeps access for as long as they keep it up. jwtlab serve
// rotates the same way: the step refreshes every 23 hours and is still let
// in 69 hours after the login, long after the first refresh token's day.
// Catching reuse means revoking the whole family -- every token descended
// from the same login -- when a blacklisted token comes back; simplejwt
// 5.2.2 has no setting for that, and jwtlab serve's -reuse-detection is
// that feature.
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
//	echo demo-password-123 | ./jwtlab users add -db lab.db -username demo
//	JWTLAB_SIGNING_KEY=jwt-lab-demo-signing-secret-not-for-production ./jwtlab serve -db lab.db -addr 127.0.0.1:8000 -rotate-refresh -blacklist-after-rotation &
//	PAIR=$(curl -s -H 'Content-Type: application/json' -d '{"username":"demo","password":"demo-password-123"}' http://127.0.0.1:8000/api/token/)
//	ACCESS=$(echo "$PAIR" | jq -r .access); REFRESH=$(echo "$PAIR" | jq -r .refresh)
//	curl -s -H "Authorization: Bearer $ACCESS" http://127.0.0.1:8000/api/me/
//	curl -s -H 'Content-Type: application/json' -d "{\"refresh\":\"$REFRESH\"}" http://127.0.0.1:8000/api/token/refresh/
//	curl -s -H 'Content-Type: application/json' -d "{\"refresh\":\"$REFRESH\"}" http://127.0.0.1:8000/api/token/refresh/   # now blacklisted
//	./jwtlab inspect -server http://127.0.0.1:8000
//	go test ./lessons/11-flow -run '^ExampleStepLabRefresh$' -v
package flow

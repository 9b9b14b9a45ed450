// Package revocation shows the ways jwtlab's server takes a token back
// before it expires, and what each costs per request. The server runs in
// process on a store that names every call made to it (Counting), with
// lesson 11's hand-moved clock.
//
// # Reuse detection: the whole family goes
//
// Lesson 11 showed that rotation alone refuses a retired refresh token and
// nothing more: a thief who refreshes first keeps a live token. With
// jwtlab serve -rotate-refresh -blacklist-after-rotation -reuse-detection,
// a retired token presented again blacklists its whole family -- every
// refresh token descended from the same login -- because the server cannot
// tell the client from the thief. Both must log in again; only the one who
// knows the password can. The thief's access token still works until its
// exp: a blacklist never reaches access tokens, whose jti is never looked
// up (deactivating the user does, step 5).
// simplejwt 5.2.2 has no such setting (BLACKLIST_AFTER_ROTATION is the
// old-token half only).
//
// # The grace window
//
// Two tabs of one browser may refresh the same token milliseconds apart.
// -reuse-grace (2 s by default, reuse.go) takes a reuse that soon after the
// rotation for such a race: the late request still gets 401, but the
// family is spared. The step sets an hour so that its output does not
// depend on how fast this machine is; the first step set 0. The price: a
// thief who refreshes under 2 s before the client keeps the family.
//
// # Log out everywhere
//
// POST /api/token/revoke-all/ with an access token blacklists every
// refresh token of that user, on every device, in one store call
// (RevokeUser); the operator's twin is jwtlab users revoke -username.
// simplejwt 5.2.2 has no such view, and under rotation its OutstandingToken
// table cannot stand in for one: RefreshToken.for_user writes a row at
// login (tokens.py), but TokenRefreshSerializer.validate gives the rotated
// token a new jti, exp and iat and writes no row for it (serializers.py);
// a row appears only when a token is blacklisted, through blacklist()'s
// get_or_create, and then with no user. A revoke-all over OutstandingToken
// misses every rotated token, a thief's included (simplejwt issues #25 and
// #363; PR #866, in 5.5.0, adds outstand() after the rotation). jwtlab
// records a rotated token as outstanding, in its login's family: the step
// rotates the phone's token first, and revoke-all still reaches it. Again
// the access tokens live on until exp: logging out everywhere takes up to
// ACCESS_TOKEN_LIFETIME (5 minutes) to be complete.
//
// # A new password revokes
//
// jwtlab users passwd stores the new hash and then revokes every refresh
// token of the user (cmd_users.go; ChangePassword here does the same two
// calls), so a stolen refresh token dies with the old password. Django's
// sessions do this by themselves: a session keeps an HMAC of the password
// hash and get_user drops a session whose hash no longer matches (Django
// 3.2, django/contrib/auth/__init__.py). simplejwt 5.2.2 tokens hold no
// such hash: after a password change in Django they keep working. Here,
// as after every revocation, the stolen access token still works until
// its exp.
//
// # Deactivation, and why it must revoke too
//
// Unticking is_active stops access tokens at once (JWTAuthentication's
// get_user refuses an inactive user, simplejwt 5.2.2). It does not stop
// refresh: TokenRefreshSerializer never loads the user, so an inactive
// user's refresh token keeps minting access tokens, which are then
// refused. jwtlab users deactivate therefore also revokes the user's
// refresh tokens.
//
// # Inactive users and the user cache
//
// Looking the user up is what makes deactivation immediate, and it is one
// SELECT per request. The prod profile remembers a user for 2 s
// (user_cache_ttl): the second request reads nothing, and a deactivated
// user keeps access for up to 2 s. NOTES.md's ablation measured that knob
// as the largest single gain on /api/me/ (dev with only user_cache_ttl=2s:
// 1,640 to 16,609 requests/s). Each server process has its
// own cache, so with several instances the bound is still 2 s.
//
// # Sliding tokens: a blacklist read on every request
//
// With -sliding, one token (token_type "sliding") is both the credential
// and what gets refreshed. with the blacklist app installed, simplejwt's
// SlidingToken checks the blacklist in verify (BlacklistMixin, tokens.py,
// 5.2.2), so every request reads it:
// revoke-all stops a sliding token at once, where the access token lives
// on. That read is the price: NOTES.md ("What sliding tokens, families and
// revoke-all cost": prod profile, in process, one client at a time, a
// quiet machine) measured /api/me/ at 30-40 µs a request with an access
// token and 56-64 µs with a sliding one.
//
// # Flushing expired rows
//
// Every login adds an outstanding row and every logout a blacklist row;
// nothing removes them on its own. jwtlab users flush (simplejwt's manage.py
// flushexpiredtokens) deletes the rows of tokens already expired, with
// -leeway to keep them while the server's leeway still accepts the token.
// A flushed blacklist row cannot revive a token: its own exp refuses it
// first. It deletes 1,000 rows a transaction, walking each table's key,
// so a server on the same database goes on committing between chunks:
// NOTES.md ("Two indexes fewer, and a flush in chunks") flushed the
// expired half of a database of 400,000 refresh tokens while prod served
// rotations on it: 64 were refused with 503 while one transaction
// flushed, none in chunks.
//
// # What each costs per request
//
// The step names the store calls each request makes. An access token
// costs the user lookup (or nothing with the cache); everything that can
// be revoked costs a blacklist read, except a request that spends the
// token itself (a rotating refresh, a logout): the blacklist row it
// inserts is the check, since the insert finds a row already there.
// Rotation writes its two rows (the old token's blacklist row, and the new
// token's outstanding row, which names its family and parent) in one
// commit, store.Rotate. NOTES.md ("The blacklist write under rotation: one
// commit, shared") measured a rotating refresh, one client at a time, at
// 5.3 ms when its rows took two fsync'd commits and 2.1 ms once they took
// one; its latest run ("What sliding tokens, families and revoke-all cost")
// reads 0.76-1.10 ms. Group commit then shares that commit among concurrent
// requests. Logout and revoke-all are not in NOTES.md: measure them with a
// sub-benchmark beside BenchmarkTokenExtras (server/sliding_bench_test.go)
// and go test -bench, or under load with jwtlab bench.
//
// # Try it
//
//	export JWTLAB_SIGNING_KEY=$(./jwtlab keygen)
//	echo demo-password-123 | ./jwtlab users add -db lab.db -username demo
//	./jwtlab serve -profile prod -allowed-hosts 127.0.0.1 -db lab.db -addr 127.0.0.1:8000 -rotate-refresh -blacklist-after-rotation -reuse-detection -sliding &
//	PAIR=$(curl -s -H 'Content-Type: application/json' -d '{"username":"demo","password":"demo-password-123"}' http://127.0.0.1:8000/api/token/)
//	ACCESS=$(echo "$PAIR" | jq -r .access)
//	curl -s -X POST -H "Authorization: Bearer $ACCESS" http://127.0.0.1:8000/api/token/revoke-all/
//	./jwtlab users revoke -db lab.db -username demo
//	./jwtlab users flush -db lab.db
//	go test -run XXX -bench TokenExtras -benchtime 1000x ./server/
//	go test ./lessons/17-revocation -run '^ExampleStepReuse$' -v
package revocation

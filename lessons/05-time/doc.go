// Package clock is about the three time claims, exp, nbf and iat, and the
// clocks that read them. All examples run against a fixed clock, Now, set
// between the iat and exp of lesson 1's access token, so their output never
// changes.
//
// # NumericDate
//
// A JWT writes a time as a NumericDate (RFC 7519 section 2): seconds since
// 1970-01-01T00:00:00Z, ignoring leap seconds, as a JSON number. Fractions
// are allowed but rare; simplejwt writes whole seconds. simplejwt's access
// tokens live 5 minutes (exp - iat = 300), its refresh tokens a day.
//
// # Expiry at the boundary
//
// RFC 7519 §4.1.4 says the current time must be before exp. So at exp
// itself the token has expired: it is valid up to, but not including, the
// instant exp names (a nanosecond before still passes, as the output shows).
// nbf is the mirror image (§4.1.5): the token is usable from nbf on,
// inclusive.
//
// # Clock skew and leeway
//
// The issuer's clock and the verifier's never agree exactly. A leeway
// stretches exp later and nbf earlier by that much; RFC 7519 §4.1.4 says
// it is "usually no more than a few minutes". With 5-minute access tokens,
// seconds are plenty: NTP-synced servers differ by far less. simplejwt's
// LEEWAY defaults to 0; jwtlab serve has -leeway. Leeway is a tolerance
// for skew, not a way to lengthen a token's life: the lifetime setting
// does that.
//
// # Issued in the future
//
// A token whose iat is later than now (beyond leeway) was minted by a clock
// that is wrong or by someone forging claims. RFC 7519 §4.1.6 does not
// forbid it: iat only records when the token was issued. PyJWT refuses it
// from 2.6.0 on (changelog: pyjwt#794; _validate_iat in jwt/api_jwt.py
// raises "The token is not yet valid (iat)"), so simplejwt 5.2.2 on PyJWT
// 2.6.0, Debian 12's pair, refuses it; PyJWT 2.0 to 2.5 accept it.
// golang-jwt v5 checks iat only when asked (jwt.WithIssuedAt). Check
// follows PyJWT 2.6.0.
//
// # Try it
//
//	date -u -d @1795902955          # the access token's exp
//	./jwtlab serve -db lab.db -access-lifetime 5s -leeway 2s   # tokens that expire while you watch
//	go test ./lessons/05-time -run '^ExampleStepCheckBoundary$' -v
package clock

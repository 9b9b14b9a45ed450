// Package browser shows where a browser app keeps its tokens, and what
// jwtlab serve -refresh-cookie changes: the refresh token moves into an
// HttpOnly cookie, and a request that uses the cookie must pass Django's
// CSRF checks. The server runs in process; a plain HTTP client plays the
// browser, sending exactly the cookies and headers each step names.
//
// # A token in localStorage
//
// simplejwt answers a login with both tokens in the JSON body, and a
// single-page app often saves them in localStorage. localStorage is per
// origin, and every script that runs on the origin can read it: one XSS
// bug, or one compromised script from a CDN, sends the refresh token away,
// and it works from anywhere until it expires or is blacklisted. The OWASP HTML5 Security
// Cheat Sheet says not to keep session identifiers in local storage for
// that reason. With -refresh-cookie the body holds only the access token;
// the refresh token goes into the refresh_token cookie, and the login sets
// a csrftoken cookie beside it (step 3). Cookie values are random, so the
// step shows them as <value>.
//
// # The refresh cookie
//
// Each attribute stops one thing (RFC 6265 section 4.1.2 defines the first
// three). HttpOnly (4.1.2.6): document.cookie does not show it, so a script
// cannot read the token and take it away (server/web/browser_test.go checks
// in Chromium that document.cookie has csrftoken and no refresh_token). Secure (4.1.2.5): the browser
// sends it only over a secure channel (README says why http://127.0.0.1
// counts). Path=/api/token/ (4.1.2.4): it rides along only to the token
// endpoints, not to every API call; the RFC warns that Path is no security
// boundary. SameSite=Strict (RFC 6265bis, not in RFC 6265): the browser
// leaves it off every request another site starts. Max-Age is the refresh
// lifetime, so the cookie dies with its token.
// HttpOnly stops theft, not use: a script running on the page can still
// ask the server for new access tokens while the page is open, with the
// cookie the browser adds, and each access token it gets works until its
// exp. What it cannot do is carry the refresh token away and use it after
// the page is closed.
//
// # CSRF: the cookie needs a second proof
//
// A browser attaches cookies on its own, so a cookie alone cannot prove
// that the page asked. A refresh or logout through the cookie passes the
// checks of Django's CsrfViewMiddleware, in its order, or gets DRF's 403
// "CSRF Failed: <reason>". An Origin header, when sent, must be the
// server's own origin or one of -trusted-origins; that rule and its words
// are Django 4.0's (Django 3.2 checks no Origin, only Referer on HTTPS
// requests, which jwtlab leaves out). The server's own origin takes its
// scheme from the connection (originTrusted, server/csrf.go), so behind a
// proxy that terminates TLS a browser's https:// Origin never matches the
// http:// one computed and every cookie refresh gets 403 until
// -trusted-origins lists it (TestOriginBehindTLSProxy): it fails closed,
// where Django 4.0 takes the scheme from request.is_secure(), which honours
// SECURE_PROXY_SSL_HEADER (_origin_verified in middleware/csrf.py). The
// csrftoken cookie must be there, and X-CSRFToken must equal it exactly.
// Only the two refusals' words are Django 3.2's; the rule is jwtlab's and
// stricter: Django 3.2 unmasks both values before it compares them
// (_compare_masked_tokens in middleware/csrf.py), so any masking of the
// same secret, or the bare 32-character secret, passes there. What keeps
// another origin from sending the header is not secrecy: a page on another
// port of the same host can read csrftoken (cookies do not isolate ports,
// RFC 6265 section 8.5) and a subdomain can set one (section 8.6). It is
// that an HTML form cannot set a header, and that a cross-origin fetch
// which sets X-CSRFToken needs a CORS preflight the server never approves:
// it sends no Access-Control-Allow-* header at all (TestNoCORSApproval;
// server/web/browser_test.go sees Chromium block that fetch; NOTES.md,
// "Tokens in the browser"). The Origin check is a second layer. A refresh
// token in the body is not an ambient credential: an API client that keeps
// its own token needs no CSRF step.
//
// # Logging out through the cookie
//
// POST /api/token/blacklist/ with no refresh field blacklists the
// cookie's token and answers with a Set-Cookie of the same name and Path
// and Max-Age=0, which expires it at once: a Max-Age of zero or less sets
// the earliest expiry time there is (RFC 6265 section 5.2.2). A copy of the cookie kept elsewhere is refused: the token is
// blacklisted.
//
// # No tokens in URLs or logs; the access token in memory
//
// Never put a token in a URL: browsers, servers and proxies keep URLs in
// history and logs (RFC 6750 section 5.3). The step sends the access token
// once in the query string, as RFC 6750 section 2.3's access_token
// parameter (jwtlab's server does not read it: 401), and once in the
// Authorization header; the access log, like runserver's, keeps the whole
// first URL, token and all (the step prints <JWT> in its place), and
// nothing of the header. Never log a token: the OWASP
// Logging Cheat Sheet lists access tokens among the data to leave out of
// logs, since whoever reads a log could use them. Keep the access token
// in a JavaScript variable, not in storage: it is gone when the tab
// closes, and a reloaded page gets a new one from the refresh cookie.
//
// # Try it
//
//	export JWTLAB_SIGNING_KEY=$(./jwtlab keygen)
//	echo demo-password-123 | ./jwtlab users add -db lab.db -username demo
//	./jwtlab serve -db lab.db -addr 127.0.0.1:8000 -refresh-cookie &
//	# log in: the body has only "access"; the cookies go to jar.txt
//	curl -s -c jar.txt -H 'Content-Type: application/json' -d '{"username":"demo","password":"demo-password-123"}' http://127.0.0.1:8000/api/token/
//	# refresh through the cookie without X-CSRFToken: 403
//	curl -s -b jar.txt -X POST http://127.0.0.1:8000/api/token/refresh/
//	# with it: 200
//	curl -s -b jar.txt -X POST -H "X-CSRFToken: $(awk '$6 == "csrftoken" {print $7}' jar.txt)" http://127.0.0.1:8000/api/token/refresh/
//	# open http://127.0.0.1:8000/: the dev page logs in and out through the cookie and shows document.cookie
//	go test ./lessons/19-browser -run '^ExampleStepCSRF$' -v
package browser

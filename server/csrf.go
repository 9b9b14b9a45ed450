package server

import (
	"crypto/subtle"
	"fmt"
	"net/http"
)

// The reasons Django's CsrfViewMiddleware gives, word for word, as DRF's
// SessionAuthentication.enforce_csrf wraps them ("CSRF Failed: %s").
// reasonNoCookie and reasonBadToken are Django 3.2's
// (django/middleware/csrf.py, REASON_NO_CSRF_COOKIE and REASON_BAD_TOKEN);
// reasonBadOrigin is REASON_BAD_ORIGIN, which Django 4.0 added with the
// Origin check itself - 3.2 checks no Origin header.
const (
	reasonBadOrigin = "Origin checking failed - %s does not match any trusted origins."
	reasonNoCookie  = "CSRF cookie not set."
	reasonBadToken  = "CSRF token missing or incorrect."
)

// csrfHeader is the header the double submit reads: Django's default
// CSRF_HEADER_NAME, HTTP_X_CSRFTOKEN.
const csrfHeader = "X-CSRFToken"

func csrfFailed(reason string) error {
	return detail(http.StatusForbidden, "CSRF Failed: "+reason)
}

// checkCSRF applies Django's rules to a request authenticated by the
// refresh cookie, in Django's order: an Origin header, when present (even
// empty), must be our own origin or a trusted one; the csrftoken cookie
// must be there; X-CSRFToken must equal it. It leaves out what Django
// does besides: the Referer check of an HTTPS request without Origin, the
// csrfmiddlewaretoken form field and token masking (see README).
func (s *Server) checkCSRF(r *http.Request) error {
	if origins, sent := r.Header["Origin"]; sent {
		origin := ""
		if len(origins) > 0 {
			origin = origins[0]
		}
		if !s.originTrusted(r, origin) {
			return csrfFailed(fmt.Sprintf(reasonBadOrigin, origin))
		}
	}
	ck, err := r.Cookie(csrfCookieName)
	if err != nil {
		return csrfFailed(reasonNoCookie)
	}
	sent := r.Header.Get(csrfHeader)
	// Constant time, so that the time to refuse does not tell a guesser
	// how many leading bytes were right.
	if ck.Value == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(ck.Value)) != 1 {
		return csrfFailed(reasonBadToken)
	}
	return nil
}

// originTrusted is Django 4.0's _origin_verified without wildcards: the
// Origin is the request's own scheme://Host, or one of TrustedOrigins,
// compared exactly as Django does.
func (s *Server) originTrusted(r *http.Request, origin string) bool {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if origin == scheme+"://"+r.Host {
		return true
	}
	for _, o := range s.cfg.TrustedOrigins {
		if origin == o {
			return true
		}
	}
	return false
}

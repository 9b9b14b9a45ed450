package server

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"jwtlab/server/web"
)

// ErrOriginsNeedCookie: trusted origins only matter to cookie requests.
var ErrOriginsNeedCookie = errors.New("-trusted-origins needs -refresh-cookie")

// The browser cookie mode's cookies (README, "Browser cookie mode").
const (
	// refreshCookieName holds the refresh token: HttpOnly, so no script
	// reads it, and sent only to the token endpoints (its Path).
	refreshCookieName = "refresh_token"
	refreshCookiePath = "/api/token/"
	// csrfCookieName is Django's default CSRF_COOKIE_NAME. Scripts must
	// read it to echo it in X-CSRFToken, so it is not HttpOnly, and its
	// Path is / so that a page anywhere on the origin can read it.
	csrfCookieName = "csrftoken"
)

// refreshCookie is the cookie that carries a refresh token. Secure keeps
// it off plain-HTTP connections; browsers count http://localhost and
// http://127.0.0.1 as secure, so the dev server on loopback works (the
// browser test checks it with Chromium). SameSite=Strict keeps it off
// every request another site starts.
func (s *Server) refreshCookie(token string) *http.Cookie {
	return &http.Cookie{Name: refreshCookieName, Value: token, Path: refreshCookiePath,
		MaxAge: int(s.cfg.RefreshLifetime.Seconds()), HttpOnly: true, Secure: true,
		SameSite: http.SameSiteStrictMode}
}

// csrfCookie is the double-submit token: as long-lived as the refresh
// token it guards, Secure and SameSite=Strict like it (stricter than
// Django's defaults, Lax and not Secure), readable by scripts.
func (s *Server) csrfCookie(token string) *http.Cookie {
	return &http.Cookie{Name: csrfCookieName, Value: token, Path: "/",
		MaxAge: int(s.cfg.RefreshLifetime.Seconds()), Secure: true,
		SameSite: http.SameSiteStrictMode}
}

// clearRefreshCookie tells the browser to drop the refresh cookie.
func clearRefreshCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: refreshCookieName, Path: refreshCookiePath,
		MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
}

// writeTokens writes a token response. In cookie mode the refresh token
// leaves the body for the refresh cookie, and the csrftoken cookie is set:
// a new value at login (Django's rotate_token), the one the browser
// already has on a refresh.
func (s *Server) writeTokens(w http.ResponseWriter, r *http.Request, resp obj, login bool) {
	if !s.cfg.RefreshCookie {
		encode(w, http.StatusOK, resp)
		return
	}
	body := make(obj, 0, len(resp))
	for _, f := range resp {
		if f.k != "refresh" {
			body = append(body, f)
			continue
		}
		http.SetCookie(w, s.refreshCookie(f.v.(string)))
		csrf := ""
		if ck, err := r.Cookie(csrfCookieName); err == nil && !login {
			csrf = ck.Value
		}
		if csrf == "" || strings.ContainsFunc(csrf, notAlnum) {
			// 26 base32 characters, 130 random bits.
			csrf = rand.Text()
		}
		http.SetCookie(w, s.csrfCookie(csrf))
	}
	encode(w, http.StatusOK, body)
}

func notAlnum(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// presentedRefresh returns the refresh token a request presents: the
// body's refresh field or, in cookie mode when the body has no such field,
// the refresh cookie - once the request has passed the CSRF checks. A
// token in the body needs no CSRF check: it is not an ambient credential.
func (s *Server) presentedRefresh(r *http.Request) (raw string, fromCookie bool, err error) {
	data, err := s.decode(r)
	if err != nil {
		return "", false, err
	}
	if s.cfg.RefreshCookie && !data.has("refresh") {
		if ck, err := r.Cookie(refreshCookieName); err == nil && ck.Value != "" {
			if err := s.checkCSRF(r); err != nil {
				return "", false, err
			}
			return ck.Value, true, nil
		}
	}
	f, err := data.charFields("refresh")
	if err != nil {
		return "", false, err
	}
	return f[0], false, nil
}

// has reports whether the body gives the field at all (blank or not).
func (d requestData) has(name string) bool {
	if d.isForm {
		_, ok := d.form[name]
		return ok
	}
	m, ok := d.json.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[name]
	return ok
}

// ParseTrustedOrigins parses a comma-separated list of origins in Django
// 4.0's CSRF_TRUSTED_ORIGINS form: scheme://host[:port], nothing after.
// Wildcards (https://*.example.com) are refused: only exact origins match.
func ParseTrustedOrigins(s string) ([]string, error) {
	var out []string
	for _, o := range SplitList(s) {
		u, err := url.Parse(o)
		switch {
		case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
			return nil, fmt.Errorf("trusted origin %q: want scheme://host[:port], e.g. https://a.example", o)
		case strings.Contains(u.Host, "*"):
			return nil, fmt.Errorf("trusted origin %q: wildcards are not supported; list each origin", o)
		case u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			// A browser's Origin never has them, so it would never match.
			return nil, fmt.Errorf("trusted origin %q: an origin has no path, query or user (drop the trailing slash)", o)
		case o != strings.ToLower(o):
			return nil, fmt.Errorf("trusted origin %q: browsers send origins in lower case", o)
		}
		out = append(out, o)
	}
	return out, nil
}

// pageRoutes serves the browser demo page (server/web) at /.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	if !s.cfg.Page {
		return
	}
	page := s.onlyGet(web.Handler())
	for _, p := range web.Paths() {
		if p == "/" {
			p = "/{$}" // "/" alone is the fallback's: every unmatched path
		}
		mux.Handle(p, page)
	}
}

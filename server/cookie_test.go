package server_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

const evilOrigin = "https://evil.example"

func cookieServer(t *testing.T, rotate bool, trusted ...string) *servertest.Server {
	t.Helper()
	cfg := server.DevConfig()
	cfg.RefreshCookie, cfg.TrustedOrigins = true, trusted
	cfg.RotateRefresh, cfg.BlacklistAfterRotation = rotate, rotate
	return servertest.Start(t, servertest.WithConfig(cfg))
}

// call sends a request with the given headers and cookies; body "" sends
// none. It returns the response (body read) and the body.
func call(t *testing.T, url, body string, hdr map[string]string, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest("POST", url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header[k] = []string{v} // as given: "X-CSRFToken" is not canonical
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// setCookieLine returns the raw Set-Cookie header for name.
func setCookieLine(resp *http.Response, name string) string {
	for _, l := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(l, name+"=") {
			return l
		}
	}
	return ""
}

// cookieLogin logs in and returns the response, the refresh cookie and the
// csrftoken cookie.
func cookieLogin(t *testing.T, s *servertest.Server) (*http.Response, string, *http.Cookie, *http.Cookie) {
	t.Helper()
	resp, body := call(t, s.URL+"/api/token/", `{"username":"`+servertest.Username+`","password":"`+servertest.Password+`"}`, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login = %d %s", resp.StatusCode, body)
	}
	rc, cc := cookieNamed(resp, "refresh_token"), cookieNamed(resp, "csrftoken")
	if rc == nil || cc == nil {
		t.Fatalf("login set cookies %q; want refresh_token and csrftoken", resp.Header.Values("Set-Cookie"))
	}
	return resp, body, rc, cc
}

// TestCookieAttributes: in cookie mode the login answers the access token
// alone and sets the refresh cookie HttpOnly, Secure, SameSite=Strict,
// Path=/api/token/, Max-Age = the refresh lifetime; csrftoken is readable.
func TestCookieAttributes(t *testing.T) {
	s := cookieServer(t, false)
	resp, body, rc, cc := cookieLogin(t, s)
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil || len(got) != 1 || got["access"] == nil {
		t.Errorf("login body = %s; want {\"access\": ...} only", body)
	}
	wantAge := int(s.Config.RefreshLifetime.Seconds())
	if !rc.HttpOnly || !rc.Secure || rc.SameSite != http.SameSiteStrictMode || rc.Path != "/api/token/" || rc.MaxAge != wantAge || rc.Value == "" {
		t.Errorf("refresh cookie = %q; want HttpOnly; Secure; SameSite=Strict; Path=/api/token/; Max-Age=%d", setCookieLine(resp, "refresh_token"), wantAge)
	}
	if cc.HttpOnly || !cc.Secure || cc.SameSite != http.SameSiteStrictMode || cc.Path != "/" || cc.MaxAge != wantAge || cc.Value == "" {
		t.Errorf("csrftoken cookie = %q; want readable (no HttpOnly), Secure, SameSite=Strict, Path=/, Max-Age=%d", setCookieLine(resp, "csrftoken"), wantAge)
	}
	if _, _, _, again := cookieLogin(t, s); again.Value == cc.Value {
		t.Errorf("a second login kept csrftoken %q; want a new one at each login", cc.Value)
	}
}

// TestNoCookiesWithoutCookieMode: simplejwt's body, and no cookies.
func TestNoCookiesWithoutCookieMode(t *testing.T) {
	s := servertest.Start(t)
	resp, body := call(t, s.URL+"/api/token/", `{"username":"`+servertest.Username+`","password":"`+servertest.Password+`"}`, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"refresh"`) || len(resp.Cookies()) != 0 {
		t.Errorf("login without -refresh-cookie = %d %s, cookies %q; want the pair in the body and no cookie",
			resp.StatusCode, body, resp.Header.Values("Set-Cookie"))
	}
}

// TestCSRFRules: a refresh authenticated by the cookie passes Django's
// checks or gets 403 with Django's reason. Each refused case passes every
// check but one, so each fails if that one check is removed.
func TestCSRFRules(t *testing.T) {
	const trusted = "https://a.example"
	s := cookieServer(t, false, trusted)
	_, _, rc, cc := cookieLogin(t, s)
	good := map[string]string{"X-CSRFToken": cc.Value}
	with := func(k, v string) map[string]string {
		h := map[string]string{"X-CSRFToken": cc.Value}
		if v == "<none>" {
			delete(h, k)
		} else {
			h[k] = v
		}
		return h
	}
	const prefix = `{"detail":"CSRF Failed: `
	for _, tc := range []struct {
		name    string
		hdr     map[string]string
		cookies []*http.Cookie
		want    string // "" for 200
	}{
		{"our own origin and the token pass", with("Origin", s.URL), []*http.Cookie{rc, cc}, ""},
		{"no Origin header and the token pass", good, []*http.Cookie{rc, cc}, ""},
		{"a trusted origin passes", with("Origin", trusted), []*http.Cookie{rc, cc}, ""},
		{"another origin is refused", with("Origin", evilOrigin), []*http.Cookie{rc, cc},
			prefix + `Origin checking failed - https://evil.example does not match any trusted origins."}`},
		{"an empty Origin is refused", with("Origin", ""), []*http.Cookie{rc, cc},
			prefix + `Origin checking failed -  does not match any trusted origins."}`},
		{"the null origin is refused", with("Origin", "null"), []*http.Cookie{rc, cc},
			prefix + `Origin checking failed - null does not match any trusted origins."}`},
		{"our host on another scheme is refused", with("Origin", strings.Replace(s.URL, "http:", "https:", 1)), []*http.Cookie{rc, cc},
			prefix + `Origin checking failed - ` + strings.Replace(s.URL, "http:", "https:", 1) + ` does not match any trusted origins."}`},
		{"no csrftoken cookie is refused", good, []*http.Cookie{rc}, prefix + `CSRF cookie not set."}`},
		{"no X-CSRFToken header is refused", with("X-CSRFToken", "<none>"), []*http.Cookie{rc, cc}, prefix + `CSRF token missing or incorrect."}`},
		{"a wrong X-CSRFToken is refused", with("X-CSRFToken", cc.Value+"x"), []*http.Cookie{rc, cc}, prefix + `CSRF token missing or incorrect."}`},
		{"an empty cookie and header are refused", with("X-CSRFToken", ""), []*http.Cookie{rc, {Name: "csrftoken", Value: ""}},
			prefix + `CSRF token missing or incorrect."}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := call(t, s.URL+"/api/token/refresh/", "", tc.hdr, tc.cookies...)
			if tc.want == "" {
				if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, `{"access":"`) {
					t.Errorf("refresh = %d %s; want 200 with an access token", resp.StatusCode, body)
				}
				return
			}
			if resp.StatusCode != http.StatusForbidden || body != tc.want {
				t.Errorf("refresh = %d %s; want 403 %s", resp.StatusCode, body, tc.want)
			}
		})
	}
}

// TestBodyRefreshNeedsNoCSRF: a refresh token in the body is not an
// ambient credential, so it works from anywhere without the double submit;
// with no token in body or cookie the answer is simplejwt's 400.
func TestBodyRefreshNeedsNoCSRF(t *testing.T) {
	s := cookieServer(t, false)
	_, _, rc, _ := cookieLogin(t, s)
	resp, body := call(t, s.URL+"/api/token/refresh/", `{"refresh":"`+rc.Value+`"}`, map[string]string{"Origin": evilOrigin})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("body refresh from another origin = %d %s; want 200", resp.StatusCode, body)
	}
	const required = `{"refresh":["This field is required."]}`
	if resp, body := call(t, s.URL+"/api/token/refresh/", "", nil); resp.StatusCode != http.StatusBadRequest || body != required {
		t.Errorf("refresh with no token = %d %s; want 400 %s", resp.StatusCode, body, required)
	}
	// A blank field is the body's token, not a reason to use the cookie.
	resp, body = call(t, s.URL+"/api/token/refresh/", `{"refresh":""}`, nil, rc)
	if want := `{"refresh":["This field may not be blank."]}`; resp.StatusCode != http.StatusBadRequest || body != want {
		t.Errorf("blank body token with a cookie = %d %s; want 400 %s", resp.StatusCode, body, want)
	}
}

// TestCookieRotation: a rotating refresh answers the access token alone,
// moves the new refresh token into the cookie and keeps csrftoken.
func TestCookieRotation(t *testing.T) {
	s := cookieServer(t, true)
	_, _, rc, cc := cookieLogin(t, s)
	resp, body := call(t, s.URL+"/api/token/refresh/", "", map[string]string{"X-CSRFToken": cc.Value}, rc, cc)
	var got map[string]any
	json.Unmarshal([]byte(body), &got)
	if resp.StatusCode != http.StatusOK || len(got) != 1 || got["access"] == nil {
		t.Fatalf("rotating refresh = %d %s; want 200 {\"access\": ...} only", resp.StatusCode, body)
	}
	nrc, ncc := cookieNamed(resp, "refresh_token"), cookieNamed(resp, "csrftoken")
	if nrc == nil || nrc.Value == rc.Value || !nrc.HttpOnly {
		t.Fatalf("rotating refresh set %q; want a new HttpOnly refresh_token", resp.Header.Values("Set-Cookie"))
	}
	if ncc == nil || ncc.Value != cc.Value {
		t.Errorf("rotating refresh set csrftoken %v; want the same value %q again", ncc, cc.Value)
	}
	// The rotated-out cookie value is blacklisted; the new one works.
	if resp, _ := call(t, s.URL+"/api/token/refresh/", "", map[string]string{"X-CSRFToken": cc.Value}, rc, cc); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("old cookie after rotation = %d; want 401", resp.StatusCode)
	}
	resp, body = call(t, s.URL+"/api/token/refresh/", "", map[string]string{"X-CSRFToken": cc.Value}, nrc, cc)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("new cookie = %d %s; want 200", resp.StatusCode, body)
	}
	// A token sent in the body rotates into the cookie too.
	third := cookieNamed(resp, "refresh_token")
	resp, body = call(t, s.URL+"/api/token/refresh/", `{"refresh":"`+third.Value+`"}`, nil)
	if c := cookieNamed(resp, "refresh_token"); resp.StatusCode != http.StatusOK || strings.Contains(body, `"refresh"`) || c == nil || c.Value == third.Value {
		t.Errorf("rotating a body token in cookie mode = %d %s, cookies %q; want the access token in the body and the new refresh token in the cookie",
			resp.StatusCode, body, resp.Header.Values("Set-Cookie"))
	}
}

// TestCookieLogout: blacklisting through the cookie revokes its token and
// clears the cookie (Max-Age=0); a CSRF failure neither revokes nor clears.
func TestCookieLogout(t *testing.T) {
	s := cookieServer(t, false)
	_, _, rc, cc := cookieLogin(t, s)
	resp, body := call(t, s.URL+"/api/token/blacklist/", "", map[string]string{"Origin": evilOrigin, "X-CSRFToken": cc.Value}, rc, cc)
	if resp.StatusCode != http.StatusForbidden || cookieNamed(resp, "refresh_token") != nil {
		t.Errorf("blacklist from another origin = %d %s, cookies %q; want 403 and no cookie change", resp.StatusCode, body, resp.Header.Values("Set-Cookie"))
	}
	resp, body = call(t, s.URL+"/api/token/blacklist/", "", map[string]string{"Origin": s.URL, "X-CSRFToken": cc.Value}, rc, cc)
	if resp.StatusCode != http.StatusOK || body != "{}" {
		t.Fatalf("blacklist through the cookie = %d %s; want 200 {}", resp.StatusCode, body)
	}
	line := setCookieLine(resp, "refresh_token")
	if c := cookieNamed(resp, "refresh_token"); c == nil || c.MaxAge >= 0 || !strings.Contains(line, "Max-Age=0") || !strings.Contains(line, "Path=/api/token/") {
		t.Errorf("blacklist set %q; want refresh_token cleared with Max-Age=0 on Path=/api/token/", line)
	}
	if resp, body := call(t, s.URL+"/api/token/refresh/", "", map[string]string{"X-CSRFToken": cc.Value}, rc, cc); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Token is blacklisted") {
		t.Errorf("refresh with the logged-out cookie = %d %s; want 401 Token is blacklisted", resp.StatusCode, body)
	}
	// A browser that kept the dead cookie (another tab) is told to drop it.
	resp, body = call(t, s.URL+"/api/token/blacklist/", "", map[string]string{"X-CSRFToken": cc.Value}, rc, cc)
	if c := cookieNamed(resp, "refresh_token"); resp.StatusCode != http.StatusUnauthorized || c == nil || c.MaxAge >= 0 {
		t.Errorf("blacklist with a dead cookie = %d %s, cookies %q; want 401 and the cookie cleared", resp.StatusCode, body, resp.Header.Values("Set-Cookie"))
	}
}

// TestTrustedOriginsConfig: origins are Django 4.0's scheme://host[:port]
// and need the cookie mode.
func TestTrustedOriginsConfig(t *testing.T) {
	for _, bad := range []string{"a.example", "https://a.example/", "ftp://a.example", "https://*.a.example", "https://A.example", "https://a.example/path"} {
		if _, err := server.ParseTrustedOrigins(bad); err == nil {
			t.Errorf("ParseTrustedOrigins(%q) = nil; want an error", bad)
		}
	}
	got, err := server.ParseTrustedOrigins(" https://a.example, http://127.0.0.1:8000 ,")
	if err != nil || strings.Join(got, " ") != "https://a.example http://127.0.0.1:8000" {
		t.Errorf("ParseTrustedOrigins(two) = %q, %v; want both, trimmed", got, err)
	}
	cfg := server.DevConfig()
	cfg.TrustedOrigins = got
	if err := cfg.Validate(); !errors.Is(err, server.ErrOriginsNeedCookie) {
		t.Errorf("Validate(trusted origins without cookie mode) = %v; want ErrOriginsNeedCookie", err)
	}
}

// TestPage: dev serves the page at / with a CSP; prod leaves / a 404.
func TestPage(t *testing.T) {
	dev := servertest.Start(t)
	resp, err := http.Get(dev.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") || !strings.Contains(string(b), `src="/page.js"`) {
		t.Errorf("dev GET / = %d %s, CSP %q; want the page with a CSP", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Security-Policy"))
	}
	if resp, _ := http.Get(dev.URL + "/page.js"); resp == nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("dev GET /page.js = %v; want 200 text/javascript", resp)
	}
	prodCfg := server.ProdConfig()
	// Ordinary goroutines for hashing: this test is about the page knob,
	// and nice threads would change GOMAXPROCS under the other tests.
	prodCfg.HashNice = 0
	prod := servertest.Start(t, servertest.WithConfig(prodCfg))
	resp, err = http.Get(prod.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("prod GET / = %d; want 404", resp.StatusCode)
	}
}

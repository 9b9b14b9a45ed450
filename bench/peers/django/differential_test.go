//go:build unix

package django

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"jwtlab/server/servertest"
)

// edgeCases are requests the recorded cases do not cover: odd JSON
// types, Python's number formatting, white space, bad encodings.
var edgeCases = []struct {
	name, method, path, contentType, body string
	header                                [2]string
}{
	{"JSON null body", "POST", "/api/token/", "application/json", `null`, [2]string{}},
	{"JSON number body", "POST", "/api/token/", "application/json", `123`, [2]string{}},
	{"JSON float body", "POST", "/api/token/", "application/json", `1.5`, [2]string{}},
	{"JSON true body", "POST", "/api/token/", "application/json", `true`, [2]string{}},
	{"boolean username", "POST", "/api/token/", "application/json", `{"username": true, "password": "x"}`, [2]string{}},
	{"list username", "POST", "/api/token/", "application/json", `{"username": ["demo"], "password": "x"}`, [2]string{}},
	{"blank-after-strip username", "POST", "/api/token/", "application/json", `{"username": " \t ", "password": "x"}`, [2]string{}},
	{"password padded with spaces", "POST", "/api/token/", "application/json", `{"username": "demo", "password": "  demo-password-123  "}`, [2]string{}},
	{"float password", "POST", "/api/token/", "application/json", `{"username": "demo", "password": 1.5}`, [2]string{}},
	{"NaN in JSON", "POST", "/api/token/", "application/json", `{"username": NaN}`, [2]string{}},
	{"trailing comma", "POST", "/api/token/", "application/json", `{"username": "demo",}`, [2]string{}},
	{"bad escape", "POST", "/api/token/", "application/json", `{"username": "d\emo"}`, [2]string{}},
	{"invalid UTF-8", "POST", "/api/token/", "application/json", "{\"username\": \"\xff\"}", [2]string{}},
	{"extra data", "POST", "/api/token/", "application/json", `{} {}`, [2]string{}},
	{"multi-line JSON error", "POST", "/api/token/", "application/json", "{\n\"username\":\n}", [2]string{}},
	{"null character in the password", "POST", "/api/token/", "application/json", `{"username": "demo", "password": "demo-password-123\u0000"}`, [2]string{}},
	{"null character in a form field", "POST", "/api/token/", "application/x-www-form-urlencoded", "username=de%00mo&password=x", [2]string{}},
	{"null character in the refresh token", "POST", "/api/token/refresh/", "application/json", `{"refresh": "a\u0000b"}`, [2]string{}},
	{"lone surrogate in the username", "POST", "/api/token/", "application/json", `{"username": "de\ud800mo", "password": "x"}`, [2]string{}},
	{"lone low surrogate and a null in one field", "POST", "/api/token/", "application/json", `{"username": "\udfff\u0000", "password": "\ud83d"}`, [2]string{}},
	{"surrogate pair is one character", "POST", "/api/token/", "application/json", `{"username": "\ud83d\ude00", "password": "x"}`, [2]string{}},
	{"lone surrogate overwritten by a repeated name", "POST", "/api/token/", "application/json", `{"username": "\ud800", "username": "demo", "password": "demo-password-123"}`, [2]string{}},
	{"form value with a bad percent escape", "POST", "/api/token/", "application/x-www-form-urlencoded", "username=demo&password=demo-password-123%zz", [2]string{}},
	{"form name with a semicolon", "POST", "/api/token/", "application/x-www-form-urlencoded", "username=demo&pass;word=x&password=demo-password-123", [2]string{}},
	{"form field with a truncated UTF-8 escape", "POST", "/api/token/", "application/x-www-form-urlencoded", "username=" + strings.Repeat("a", 149) + "%E2%82&password=x", [2]string{}},
	{"form body with a raw Latin-1 byte", "POST", "/api/token/", "application/x-www-form-urlencoded", "username=d\xe9mo&password=x", [2]string{}},
	{"form field that is only a plus", "POST", "/api/token/", "application/x-www-form-urlencoded", "username=+&password=x", [2]string{}},
	{"multipart field that is not UTF-8", "POST", "/api/token/", "multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n" + strings.Repeat("a", 149) + "\xe2\x82\r\n--XX\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nx\r\n--XX--\r\n", [2]string{}},
	{"multipart field with a NUL", "POST", "/api/token/", "multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nde\x00mo\r\n--XX\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nx\r\n--XX--\r\n", [2]string{}},
	{"repeated form field", "POST", "/api/token/", "application/x-www-form-urlencoded", "username=nobody&username=demo&password=demo-password-123", [2]string{}},
	{"numeric refresh", "POST", "/api/token/refresh/", "application/json", `{"refresh": 123}`, [2]string{}},
	{"null token", "POST", "/api/token/verify/", "application/json", `{"token": null}`, [2]string{}},
	{"three empty segments", "POST", "/api/token/verify/", "application/json", `{"token": ".."}`, [2]string{}},
	{"unknown header type", "GET", "/api/me/", "", "", [2]string{"Authorization", "JWT abc"}},
	{"bearer with dots", "GET", "/api/me/", "", "", [2]string{"Authorization", "Bearer a.b.c"}},
	{"PATCH unauthenticated", "PATCH", "/api/me/", "", "", [2]string{}},
	{"OPTIONS wanting XML", "OPTIONS", "/api/token/verify/", "", "", [2]string{"Accept", "application/xml"}},
	{"Accept with a wildcard subtype", "POST", "/api/token/verify/", "application/json", `{}`, [2]string{"Accept", "application/*"}},
	{"GET verify without slash", "GET", "/api/token/verify", "", "", [2]string{}},
	{"query string kept on redirect", "GET", "/api/me?x=1", "", "", [2]string{}},
}

var tokenLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

func rawCall(t *testing.T, base, method, path, ct, body string, header [2]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if header[0] != "" {
		req.Header.Set(header[0], header[1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	loc := resp.Header.Get("Location")
	return resp.StatusCode, tokenLike.ReplaceAllString(string(b), "<jwt>") + loc
}

// TestDifferentialAgainstReference sends the same unusual requests to
// Django + simplejwt and to jwtlab's server, and wants the same answer.
func TestDifferentialAgainstReference(t *testing.T) {
	requirePeer(t)
	p := start(t, "run-dev.sh")
	ours := servertest.Start(t)
	for _, c := range edgeCases {
		t.Run(c.name, func(t *testing.T) {
			dc, db := rawCall(t, p.base, c.method, c.path, c.contentType, c.body, c.header)
			oc, ob := rawCall(t, ours.URL, c.method, c.path, c.contentType, c.body, c.header)
			if dc != oc || db != ob {
				t.Errorf("%s %s %q:\n jwtlab: %d %s\n Django: %d %s", c.method, c.path, c.body, oc, ob, dc, db)
			}
		})
	}
}

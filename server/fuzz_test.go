package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jwtlab/internal/python"
	"jwtlab/server"
)

// handler builds the dev server as an in-process handler.
func handler(tb testing.TB) http.Handler {
	tb.Helper()
	cfg := server.DevConfig()
	cfg.AllowedHosts = []string{"example.com"} // httptest.NewRequest's Host
	cfg.Clock = fixedClock
	return inProcess(tb, cfg, nil)
}

// FuzzAuthorization sends any Authorization header to the protected
// endpoint: never a panic, never a 500, and only 200 or 401.
func FuzzAuthorization(f *testing.F) {
	for _, s := range []string{
		"", "Bearer", "Bearer ", "Bearer a b", "bearer x", "Basic ZGVtbzpkZW1v", "Bearer    x",
		"Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.x",
		"Bearer e30.e30.", "Bearer ..", "Bearer \x00\xff", "Bearer\teyJ.eyJ.sig",
	} {
		f.Add(s)
	}
	h := handler(f)
	f.Fuzz(func(t *testing.T, auth string) {
		req := httptest.NewRequest("GET", "/api/me/", nil)
		req.Header["Authorization"] = []string{auth}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 401 {
			t.Errorf("Authorization %q: status %d %s; want 200 or 401", auth, rec.Code, rec.Body)
		}
		if !strings.HasPrefix(rec.Body.String(), "{") {
			t.Errorf("Authorization %q: body %q is not a JSON object", auth, rec.Body)
		}
	})
}

// FuzzDecodeBody posts any body with any content type to the token
// endpoints that do not hash: never a panic, never a 500.
func FuzzDecodeBody(f *testing.F) {
	for _, tc := range [][2]string{
		{"application/json", `{"refresh":"x"}`},
		{"application/json", `{"refresh": ["a"]}`},
		{"application/json", `[]`},
		{"application/json", `{"refresh": "` + "\xff" + `"}`},
		{"application/json; charset=utf-8", `{"token": 1e999}`},
		{"application/x-www-form-urlencoded", "refresh=%zz&refresh=b"},
		{"multipart/form-data; boundary=X", "--X\r\nContent-Disposition: form-data; name=\"refresh\"\r\n\r\nabc\r\n--X--\r\n"},
		{"multipart/form-data", "--X\r\n"},
		{"text/plain", "refresh=x"},
		{"", "x"},
	} {
		f.Add(tc[0], tc[1])
	}
	for _, doc := range python.ReviewJSONSeeds() {
		f.Add("application/json", string(doc))
	}
	ct, body := server.ReviewMultipartSeed()
	f.Add(ct, body)
	h := handler(f)
	f.Fuzz(func(t *testing.T, ct, body string) {
		for _, path := range []string{"/api/token/refresh/", "/api/token/verify/", "/api/token/blacklist/"} {
			req := httptest.NewRequest("POST", path, strings.NewReader(body))
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Errorf("POST %s (%q, %q): status %d %s", path, ct, body, rec.Code, rec.Body)
			}
		}
	})
}

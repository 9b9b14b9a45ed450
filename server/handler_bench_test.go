package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jwtlab/server"
)

// profileHandler builds a profile's server in process, logging as the
// profile does (to io.Discard), with the demo user.
func profileHandler(b testing.TB, cfg server.Config) (h http.Handler, access, refresh string) {
	b.Helper()
	st := demoStore(b, b.TempDir()+"/b.db", cfg.StoreOptions())
	cfg.AllowedHosts = []string{"example.com"} // httptest.NewRequest's Host
	var logger *slog.Logger
	logger, flush := server.NewLogger(cfg, io.Discard)
	b.Cleanup(flush)
	h = server.New(cfg, st, demoKeys(b), logger)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/token/", strings.NewReader(`{"username":"demo","password":"demo-password-123"}`))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("login = %d %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	access = body[strings.Index(body, `"access":"`)+10 : len(body)-2]
	refresh = body[12:strings.Index(body, `","access"`)]
	return h, access, refresh
}

// BenchmarkHandler measures one request through each profile's whole
// handler stack in process: the server's own cost, without the network.
func BenchmarkHandler(b *testing.B) {
	for _, profile := range []string{"dev", "prod"} {
		cfg, _ := server.Profile(profile)
		cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
		h, access, refresh := profileHandler(b, cfg)
		for _, tc := range []struct{ name, path, auth, body string }{
			{"me", "/api/me/", access, ""},
			{"refresh", "/api/token/refresh/", "", `{"refresh":"` + refresh + `"}`},
			{"verify", "/api/token/verify/", "", `{"token":"` + access + `"}`},
		} {
			b.Run(profile+"/"+tc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					req := httptest.NewRequest("GET", tc.path, nil)
					if tc.body != "" {
						req = httptest.NewRequest("POST", tc.path, strings.NewReader(tc.body))
						req.Header.Set("Content-Type", "application/json")
					}
					if tc.auth != "" {
						req.Header.Set("Authorization", "Bearer "+tc.auth)
					}
					serveOK(b, h, req)
				}
			})
		}
	}
}

func serveOK(b *testing.B, h http.Handler, req *http.Request) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%s %s = %d %s", req.Method, req.URL.Path, rec.Code, rec.Body)
	}
}

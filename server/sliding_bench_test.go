package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jwtlab/server"
)

// BenchmarkTokenExtras measures what issue 12's features cost per
// request in the prod profile, in process: /api/me/ with an access token
// (no store read) against a sliding token (a blacklist read on every
// use), sliding, and a rotating refresh with and without reuse detection
// (which records every rotated token in its family).
func BenchmarkTokenExtras(b *testing.B) {
	cfg := server.ProdConfig()
	cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
	cfg.Sliding = true
	h, access, _ := profileHandler(b, cfg)
	sliding := postOK(b, h, "/api/token/sliding/", `{"username":"demo","password":"demo-password-123"}`, "token")
	for _, tc := range []struct{ name, auth string }{{"me/access", access}, {"me/sliding", sliding}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("GET", "/api/me/", nil)
				req.Header.Set("Authorization", "Bearer "+tc.auth)
				serveOK(b, h, req)
			}
		})
	}
	b.Run("sliding_refresh", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			postOK(b, h, "/api/token/sliding/refresh/", `{"token":"`+sliding+`"}`, "token")
		}
	})
	for _, reuse := range []bool{false, true} {
		cfg := server.ProdConfig()
		cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
		cfg.RotateRefresh, cfg.BlacklistAfterRotation, cfg.ReuseDetection = true, true, reuse
		h, _, refresh := profileHandler(b, cfg)
		b.Run(map[bool]string{false: "refresh/rotate", true: "refresh/rotate+reuse"}[reuse], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				refresh = postOK(b, h, "/api/token/refresh/", `{"refresh":"`+refresh+`"}`, "refresh")
			}
		})
	}
}

// postOK posts a JSON body and returns one string field of the 200 answer.
func postOK(b *testing.B, h http.Handler, path, body, field string) string {
	b.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var m map[string]string
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &m) != nil {
		b.Fatalf("POST %s = %d %s", path, rec.Code, rec.Body)
	}
	return m[field]
}

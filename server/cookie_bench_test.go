package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jwtlab/internal/jose"
	"jwtlab/server"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// plainHandler is profileHandler without the login: a cookie-mode login
// answers no refresh token in its body. The token from profileHandler's
// server works here too: same key, and a refresh reads only the blacklist.
func plainHandler(b *testing.B, cfg server.Config) http.Handler {
	b.Helper()
	st, err := store.OpenSQLite(context.Background(), b.TempDir()+"/c.db",
		store.Options{MaxOpen: cfg.StoreMaxOpen, MaxIdle: cfg.StoreMaxIdle, Prepare: cfg.StorePrepare})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := servertest.AddUsers(context.Background(), st); err != nil {
		b.Fatal(err)
	}
	keys, _ := server.NewKeys(jose.Secret(demoKey))
	logger, flush := server.NewLogger(cfg, io.Discard)
	b.Cleanup(flush)
	return server.New(cfg, st, keys, logger)
}

// BenchmarkRefreshCookie compares a refresh with the token in the body to
// the same refresh through the cookie mode's cookie and CSRF checks (prod
// profile, in process, no rotation): what the cookie mode adds per request.
func BenchmarkRefreshCookie(b *testing.B) {
	cfg := server.ProdConfig()
	cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
	h, _, refresh := profileHandler(b, cfg)
	cfg.RefreshCookie = true
	hc := plainHandler(b, cfg)
	const csrf = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" // any value: the check compares it with the header
	for _, tc := range []struct {
		name string
		h    http.Handler
		req  func() *http.Request
	}{
		{"body", h, func() *http.Request {
			req := httptest.NewRequest("POST", "/api/token/refresh/", strings.NewReader(`{"refresh":"`+refresh+`"}`))
			req.Header.Set("Content-Type", "application/json")
			return req
		}},
		{"cookie", hc, func() *http.Request {
			req := httptest.NewRequest("POST", "/api/token/refresh/", nil)
			req.Header.Set("Origin", "http://example.com") // httptest's Host
			req.Header.Set("X-CSRFToken", csrf)
			req.AddCookie(&http.Cookie{Name: "refresh_token", Value: refresh})
			req.AddCookie(&http.Cookie{Name: "csrftoken", Value: csrf})
			return req
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				serveOK(b, tc.h, tc.req())
			}
		})
	}
}

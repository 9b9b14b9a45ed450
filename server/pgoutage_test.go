package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/internal/testenv"
	"jwtlab/server"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// failClosedBound is issue 13's contract: with the database gone, a
// request that needs it is answered 503 within 2 s.
const failClosedBound = 2 * time.Second

// TestPostgresOutage stops Debian's PostgreSQL cluster under a prod
// server (rotation, blacklisting, group commit) and starts it again:
// while it is down, login, refresh, blacklist and revoke-all answer 503
// with Retry-After and DRF's body within 2 s, /api/me/ answers from the
// user cache while the entry is fresh and 503 after, /readyz is 503 and
// /healthz 200; once it is back the same server serves again, and a token
// blacklisted before the outage is still refused.
//
// It makes a throwaway cluster of its own (pg_createcluster, as root), so
// that stopping it never pulls the database from under the other tests
// `go test ./...` runs at the same time, and drops it at the end; it
// skips without root and Debian's postgresql-common, or fails under
// JWTLAB_INTEGRATION=1.
func TestPostgresOutage(t *testing.T) {
	pg := testenv.NewPostgresCluster(t)
	var offset atomic.Int64
	cfg := outageProd(&offset)
	cfg.RotateRefresh, cfg.BlacklistAfterRotation = true, true
	cfg.UserCacheTTL = time.Minute
	c, _ := serveStore(t, cfg, pg.URL, true)

	login := `{"username":"demo","password":"demo-password-123"}`
	tokens := c.tokens(c.must(200, "POST", "/api/token/", login, ""))
	spent := c.tokens(c.must(200, "POST", "/api/token/", login, ""))["refresh"]
	c.must(200, "POST", "/api/token/blacklist/", `{"refresh":"`+spent+`"}`, "")
	c.must(200, "GET", "/api/me/", "", tokens["access"]) // fills the user cache

	pg.Stop(t)

	refresh := `{"refresh":"` + tokens["refresh"] + `"}`
	for _, r := range []struct{ method, path, body, bearer string }{
		{"POST", "/api/token/", login, ""},
		{"POST", "/api/token/refresh/", refresh, ""},
		{"POST", "/api/token/blacklist/", refresh, ""},
		{"POST", "/api/token/revoke-all/", "", tokens["access"]},
	} {
		c.failsClosed(r.method, r.path, r.body, r.bearer, "with PostgreSQL stopped")
	}
	c.must(200, "GET", "/api/me/", "", tokens["access"])
	offset.Store(int64(2 * cfg.UserCacheTTL))
	c.must(503, "GET", "/api/me/", "", tokens["access"])
	c.must(503, "GET", "/readyz", "", "")
	c.must(200, "GET", "/healthz", "", "")

	pg.Start(t)
	start := time.Now()
	for {
		code, _, _ := c.do("POST", "/api/token/refresh/", refresh, "")
		if code == 200 {
			break
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("refresh a minute after PostgreSQL started = %d; want 200 without a restart", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("serving again %v after pg_ctlcluster start returned", time.Since(start).Round(time.Millisecond))
	code, body, _ := c.do("POST", "/api/token/refresh/", `{"refresh":"`+spent+`"}`, "")
	if code != 401 || !strings.Contains(body, "Token is blacklisted") {
		t.Errorf("refresh with the token blacklisted before the outage = %d %s; want 401 Token is blacklisted", code, body)
	}
}

// outageProd is the prod profile as the outage tests serve it: no login
// throttle (they log in more often than it allows), and a clock that
// offset moves ahead, to age the user cache and readiness.
func outageProd(offset *atomic.Int64) server.Config {
	cfg := server.ProdConfig()
	cfg.AccessLog = "off"
	cfg.AllowedHosts = []string{"127.0.0.1"}
	cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
	cfg.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	return cfg
}

// serveStore serves cfg's server, with the demo key, over the database
// at dsn, a PostgreSQL URL or a SQLite file (the demo users added first
// when users is set), and returns a client for it and its store.
func serveStore(t *testing.T, cfg server.Config, dsn string, users bool) (*outageClient, store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, cfg.StoreOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if users {
		if err := servertest.AddUsers(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := server.NewKeys(jose.Secret(servertest.SigningKey))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(cfg, st, keys, nil))
	t.Cleanup(hs.Close)
	return &outageClient{t: t, url: hs.URL}, st
}

// outageClient calls one server, failing its test on a broken request.
type outageClient struct {
	t   *testing.T
	url string
}

func (c *outageClient) do(method, path, body, bearer string) (int, string, http.Header) {
	c.t.Helper()
	return request(c.t, method, c.url+path, body, bearer)
}

func (c *outageClient) must(want int, method, path, body, bearer string) string {
	c.t.Helper()
	code, b, _ := c.do(method, path, body, bearer)
	if code != want {
		c.t.Fatalf("%s %s = %d %s; want %d", method, path, code, b, want)
	}
	return b
}

// failsClosed wants the request answered 503 with Retry-After and DRF's
// body within failClosedBound, while the database fails as while says.
func (c *outageClient) failsClosed(method, path, body, bearer, while string) {
	c.t.Helper()
	start := time.Now()
	code, got, h := c.do(method, path, body, bearer)
	took := time.Since(start)
	c.t.Logf("%s %s %s: %d in %v", method, path, while, code, took.Round(time.Millisecond))
	if want := `{"detail":"Service temporarily unavailable, try again later."}`; code != 503 || got != want {
		c.t.Errorf("%s %s %s = %d %s; want 503 %s", method, path, while, code, got, want)
	}
	if h.Get("Retry-After") == "" {
		c.t.Errorf("%s %s: 503 without Retry-After", method, path)
	}
	if took > failClosedBound {
		c.t.Errorf("%s %s took %v to fail; the contract is %v", method, path, took, failClosedBound)
	}
}

func (c *outageClient) tokens(body string) map[string]string {
	c.t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		c.t.Fatalf("token response %s: %v", body, err)
	}
	return m
}

// postgresTestSchema is a fresh schema of the test database, dropped
// when the test ends.
func postgresTestSchema(t *testing.T) string {
	t.Helper()
	_, dsn := testenv.PostgresSchema(t, testenv.PostgresURL(t), "jwtlab_outage_")
	return dsn
}

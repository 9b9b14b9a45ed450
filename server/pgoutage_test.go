package server_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
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
	version, cluster, dsn := throwawayCluster(t)
	var offset atomic.Int64
	cfg := postgresProd(&offset)
	cfg.RotateRefresh, cfg.BlacklistAfterRotation = true, true
	cfg.UserCacheTTL = time.Minute
	c, _ := servePostgres(t, cfg, dsn, true)

	login := `{"username":"demo","password":"demo-password-123"}`
	tokens := c.tokens(c.must(200, "POST", "/api/token/", login, ""))
	spent := c.tokens(c.must(200, "POST", "/api/token/", login, ""))["refresh"]
	c.must(200, "POST", "/api/token/blacklist/", `{"refresh":"`+spent+`"}`, "")
	c.must(200, "GET", "/api/me/", "", tokens["access"]) // fills the user cache

	pgctl(t, version, cluster, "stop")
	t.Cleanup(func() { pgctl(t, version, cluster, "start") })

	refresh := `{"refresh":"` + tokens["refresh"] + `"}`
	for _, r := range []struct{ method, path, body, bearer string }{
		{"POST", "/api/token/", login, ""},
		{"POST", "/api/token/refresh/", refresh, ""},
		{"POST", "/api/token/blacklist/", refresh, ""},
		{"POST", "/api/token/revoke-all/", "", tokens["access"]},
	} {
		start := time.Now()
		code, body, h := c.do(r.method, r.path, r.body, r.bearer)
		took := time.Since(start)
		t.Logf("%s %s with PostgreSQL stopped: %d in %v", r.method, r.path, code, took.Round(time.Millisecond))
		if want := `{"detail":"Service temporarily unavailable, try again later."}`; code != 503 || body != want {
			t.Errorf("%s %s with PostgreSQL stopped = %d %s; want 503 %s", r.method, r.path, code, body, want)
		}
		if h.Get("Retry-After") == "" {
			t.Errorf("%s %s: 503 without Retry-After", r.method, r.path)
		}
		if took > failClosedBound {
			t.Errorf("%s %s took %v to fail; the contract is %v", r.method, r.path, took, failClosedBound)
		}
	}
	c.must(200, "GET", "/api/me/", "", tokens["access"])
	offset.Store(int64(2 * cfg.UserCacheTTL))
	c.must(503, "GET", "/api/me/", "", tokens["access"])
	c.must(503, "GET", "/readyz", "", "")
	c.must(200, "GET", "/healthz", "", "")

	pgctl(t, version, cluster, "start")
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

// postgresProd is the prod profile as the PostgreSQL tests serve it: no
// login throttle (they log in more often than it allows), and a clock
// that offset moves ahead, to age the user cache.
func postgresProd(offset *atomic.Int64) server.Config {
	cfg := server.ProdConfig()
	cfg.AccessLog = "off"
	cfg.AllowedHosts = []string{"127.0.0.1"}
	cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
	cfg.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	return cfg
}

// servePostgres serves cfg's server, with the demo key, over the database
// at dsn (the demo users added first when users is set), and returns a
// client for it and its store.
func servePostgres(t *testing.T, cfg server.Config, dsn string, users bool) (*outageClient, store.Store) {
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

func (c *outageClient) tokens(body string) map[string]string {
	c.t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		c.t.Fatalf("token response %s: %v", body, err)
	}
	return m
}

// throwawayCluster creates and starts a PostgreSQL cluster on a free
// loopback port with trust authentication (a test database nobody else
// can reach), drops it when the test ends, and returns its URL.
func throwawayCluster(t *testing.T) (version, cluster, dsn string) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Missing(t, "a throwaway PostgreSQL cluster needs root (pg_createcluster)")
	}
	out, err := exec.Command("pg_lsclusters", "-h").Output()
	if err != nil {
		testenv.Missing(t, "pg_lsclusters (postgresql-common): "+err.Error())
	}
	f := strings.Fields(string(out))
	if len(f) < 1 {
		testenv.Missing(t, "no PostgreSQL version installed")
	}
	version = f[0]
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	b := make([]byte, 4)
	rand.Read(b)
	cluster = "jwtlab_outage_" + hex.EncodeToString(b)
	// Dropped even when creating failed halfway, which leaves a cluster.
	t.Cleanup(func() {
		if out, _ := exec.Command("pg_lsclusters", "-h").Output(); !strings.Contains(string(out), cluster) {
			return
		}
		drop := exec.Command("pg_dropcluster", version, cluster, "--stop")
		drop.Dir = "/"
		if out, err := drop.CombinedOutput(); err != nil {
			t.Errorf("pg_dropcluster %s %s: %v\n%s", version, cluster, err, out)
		}
	})
	// Debian's clusters listen on localhost only: trust reaches no one else.
	create := exec.Command("pg_createcluster", version, cluster, "-p", port, "--start", "--", "--auth=trust")
	create.Dir = "/"
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("pg_createcluster: %v\n%s", err, out)
	}
	return version, cluster, "postgres://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable"
}

// pgctl runs pg_ctlcluster; fast mode disconnects the server's clients
// at once, as a restart by an operator does.
func pgctl(t *testing.T, version, cluster, action string) {
	t.Helper()
	running := exec.Command("pg_ctlcluster", version, cluster, "status").Run() == nil
	if action == "start" && running {
		return // started already, by the test before its cleanup
	}
	args := []string{version, cluster, action}
	if action == "stop" {
		args = append(args, "--mode", "fast")
	}
	cmd := exec.Command("pg_ctlcluster", args...)
	cmd.Dir = "/" // as .ci/start-postgres: user postgres may not read ours
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pg_ctlcluster %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// postgresTestSchema is a fresh schema of the test database, dropped
// when the test ends.
func postgresTestSchema(t *testing.T) string {
	t.Helper()
	_, dsn := testenv.PostgresSchema(t, testenv.PostgresURL(t), "jwtlab_outage_")
	return dsn
}

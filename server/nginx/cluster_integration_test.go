package nginx

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jwtlab/internal/testenv"
)

// userCacheTTL is the prod user cache TTL the instances run with, set
// explicitly so the test does not depend on the profile's default.
const userCacheTTL = 2 * time.Second

// TestClusterOnPostgres runs what issue 13 calls a real deployment: two
// `jwtlab serve -profile prod` instances on one PostgreSQL database, behind
// Debian's nginx with the config Render writes.
//
//	client --> nginx --> instance A --\
//	                 \-> instance B ----> PostgreSQL (a schema of its own)
//
// Requests that must reach one instance in particular go to it directly;
// the rest go through nginx. PostgreSQL is never stopped here:
// TestClusterThroughAPostgresOutage stops a cluster of its own.
func TestClusterOnPostgres(t *testing.T) {
	pg := postgresSchemaURL(t)
	cl := startCluster(t, pg, userCacheTTL)
	const second = "second"
	run(t, cl.exe, demoPassword+"\n", "users", "add", "-db", pg, "-username", second)
	exe, b, edge, baseA, baseB := cl.exe, cl.b, cl.edge, cl.bases[0], cl.bases[1]
	c := clientFrom(t, "127.0.0.1")

	t.Run("a token blacklisted on one instance is refused on the other", func(t *testing.T) {
		_, refresh := pair(t, c, edge, demoUser)
		resp, body := do(t, c, "POST", baseA+"/api/token/blacklist/", "", refreshBody(refresh), nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST /api/token/blacklist/ on A = %d %s; want 200", resp.StatusCode, body)
		}
		resp, body = do(t, c, "POST", baseB+"/api/token/refresh/", "", refreshBody(refresh), nil)
		if resp.StatusCode != http.StatusUnauthorized || !json.Valid(body) || !containsDetail(body, "Token is blacklisted") {
			t.Errorf("POST /api/token/refresh/ on B with the token A blacklisted = %d %s; want 401 Token is blacklisted", resp.StatusCode, body)
		}
	})

	t.Run("twenty racing refreshes of one rotated token across both give one success", func(t *testing.T) {
		_, refresh := pair(t, c, edge, demoUser)
		// Rotate once first: the raced token is one rotation handed out.
		resp, body := do(t, c, "POST", edge+"/api/token/refresh/", "", refreshBody(refresh), nil)
		var rotated struct{ Refresh string }
		if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &rotated) != nil || rotated.Refresh == "" {
			t.Fatalf("POST /api/token/refresh/ = %d %s; want 200 with a rotated refresh token", resp.StatusCode, body)
		}
		const racers = 20
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			codes [racers]int
		)
		for i := range racers {
			// Even racers to A, odd to B: both instances take part.
			base := baseA
			if i%2 == 1 {
				base = baseB
			}
			req, err := http.NewRequest("POST", base+"/api/token/refresh/", refreshBody(rotated.Refresh))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				resp, err := c.Do(req)
				if err != nil {
					codes[i] = -1
					return
				}
				resp.Body.Close()
				codes[i] = resp.StatusCode
			}()
		}
		close(start)
		wg.Wait()
		testenv.OneWinner(t, "refreshes racing over two instances", codes[:])
	})

	t.Run("a deactivation reaches both instances within the user cache TTL", func(t *testing.T) {
		access, _ := pair(t, c, edge, second)
		// Fill both instances' user caches with the active user.
		for _, base := range []string{baseA, baseB} {
			if resp, body := do(t, c, "GET", base+"/api/me/", access, nil, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s/api/me/ = %d %s; want 200 before the deactivation", base, resp.StatusCode, body)
			}
		}
		run(t, exe, "", "users", "deactivate", "-db", pg, "-username", second)
		at := time.Now()
		// A bound for termination, not a speed assertion: the cache must
		// expire once; the rest is slack for a loaded 2-core machine.
		const slack = 20 * time.Second
		for _, tc := range []struct{ name, base string }{{"A", baseA}, {"B", baseB}} {
			for {
				resp, body := do(t, c, "GET", tc.base+"/api/me/", access, nil, nil)
				if resp.StatusCode == http.StatusUnauthorized {
					t.Logf("instance %s refused the deactivated user %v after the deactivation (user_cache_ttl %v)", tc.name, time.Since(at).Round(time.Millisecond), userCacheTTL)
					break
				}
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET /api/me/ on %s after deactivation = %d %s; want 200 (cached) or 401", tc.name, resp.StatusCode, body)
				}
				if time.Since(at) > userCacheTTL+slack {
					t.Fatalf("instance %s still serves the deactivated user %v after the deactivation; want 401 once its user cache (TTL %v) expires", tc.name, time.Since(at).Round(time.Millisecond), userCacheTTL)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
	})

	// Last: it leaves one instance dead.
	t.Run("kill -9 of one instance under load loses under 1% of GET /api/me/", func(t *testing.T) {
		access, _ := pair(t, c, edge, demoUser)
		lost, total, kinds := meUnderKill(t, edge, access, b)
		t.Logf("%d of %d GET /api/me/ lost (%.2f%%) with instance B killed a quarter of the way in: %v", lost, total, 100*float64(lost)/float64(total), kinds)
		// 1% is issue 13's bound: GETs that hit the dead instance are
		// retried on the live one (proxy_next_upstream error timeout).
		if lost*100 >= total {
			t.Errorf("%d of %d requests lost (%v); want under 1%%", lost, total, kinds)
		}
		// Sharper than the 1%: passive health alone (max_fails) keeps the
		// loss small too, but only the retry saves the requests that reach
		// the dead instance before nginx marks it down. A 502 is a GET
		// nginx gave up on while a live instance was there to answer it.
		if n := kinds["502 Bad Gateway"]; n > 0 {
			t.Errorf("%d GET /api/me/ answered 502; want each retried on the live instance (proxy_next_upstream)", n)
		}
	})
}

// cluster is what TestClusterOnPostgres runs: two jwtlab serve -profile
// prod instances on one PostgreSQL database, behind nginx with the config
// Render writes, rotating refresh tokens with blacklisting.
type cluster struct {
	exe   string    // the jwtlab binary they run
	a, b  *served   // the instances
	bases [2]string // their URLs, for a request to one in particular
	edge  string    // nginx's URL
}

// startCluster starts a cluster on the database at pg, with the demo user
// added and each instance's user cache kept for cacheTTL.
func startCluster(t *testing.T, pg string, cacheTTL time.Duration) *cluster {
	t.Helper()
	bin := testenv.Program(t, "nginx")
	exe := buildJwtlab(t)
	run(t, exe, demoPassword+"\n", "users", "add", "-db", pg, "-username", demoUser)
	args := []string{"serve", "-profile", "prod", "-addr", "127.0.0.1:0", "-db", pg,
		"-trusted-proxies", "127.0.0.1/32", "-allowed-hosts", "127.0.0.1", "-rotate-refresh", "-blacklist-after-rotation",
		"-set", "user_cache_ttl=" + cacheTTL.String()}
	a, b := startServeProc(t, exe, args...), startServeProc(t, exe, args...)
	listen := "127.0.0.1:" + testenv.FreePort(t)
	prefix, file := writeConf(t, Config{Upstreams: []string{a.addr, b.addr}, Listen: listen})
	startNginx(t, bin, prefix, file, listen)
	return &cluster{exe: exe, a: a, b: b, bases: [2]string{"http://" + a.addr, "http://" + b.addr}, edge: "http://" + listen}
}

// Bounds of the kill test's load: meRequests spread over about
// meRequests/meRate seconds (four), sent by meWorkers at once at most.
const (
	meRequests = 2000
	meRate     = 500 // per second
	meWorkers  = 16
)

// meUnderKill sends meRequests GET /api/me/ through the edge at meRate and
// kills victim with SIGKILL after a quarter of them. It returns how many
// were not answered 200, out of how many, and what the failures were.
func meUnderKill(t *testing.T, edge, access string, victim *served) (lost, total int, kinds map[string]int) {
	t.Helper()
	c := clientFrom(t, "127.0.0.1")
	var (
		mu     sync.Mutex
		failed = map[string]int{}
		bad    atomic.Int64
		wg     sync.WaitGroup
	)
	jobs := make(chan struct{})
	for range meWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				why := getMe(c, edge, access)
				if why != "" {
					bad.Add(1)
					mu.Lock()
					failed[why]++
					mu.Unlock()
				}
			}
		}()
	}
	tick := time.NewTicker(time.Second / meRate)
	defer tick.Stop()
	for i := range meRequests {
		if i == meRequests/4 {
			if err := victim.proc.Kill(); err != nil { // SIGKILL, by PID
				t.Fatalf("kill instance B: %v", err)
			}
		}
		<-tick.C
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	<-victim.exited
	return int(bad.Load()), meRequests, failed
}

// getMe returns "" for a 200, else what went wrong in a few words.
func getMe(c *http.Client, edge, access string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", edge+"/api/me/", nil)
	if err != nil {
		return err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := c.Do(req)
	if err != nil {
		return "transport error"
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.Status
	}
	return ""
}

// pair logs user in at base and returns the access and refresh tokens.
func pair(t *testing.T, c *http.Client, base, user string) (access, refresh string) {
	t.Helper()
	resp, body := do(t, c, "POST", base+"/api/token/", "", loginBody(user, demoPassword), nil)
	var p struct{ Access, Refresh string }
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &p) != nil || p.Access == "" || p.Refresh == "" {
		t.Fatalf("POST /api/token/ as %s = %d %s; want 200 with a token pair", user, resp.StatusCode, body)
	}
	return p.Access, p.Refresh
}

func refreshBody(tok string) io.Reader { return strings.NewReader(`{"refresh":"` + tok + `"}`) }

// containsDetail reports whether a simplejwt error body has this detail.
func containsDetail(body []byte, detail string) bool {
	var e struct{ Detail string }
	return json.Unmarshal(body, &e) == nil && e.Detail == detail
}

// postgresSchemaURL is a fresh schema in the database at
// $JWTLAB_POSTGRES_URL, so the cluster starts on empty tables; it is
// dropped after the test, and registered before the servers start, so it
// outlives them.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	_, dsn := testenv.PostgresSchema(t, testenv.PostgresURL(t), "jwtlab_nginx_test_")
	return dsn
}

package nginx

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"jwtlab/internal/testenv"
)

// failClosedBound is issue 13's contract: with the database gone, a
// request that needs it is answered 503 within 2 s.
const failClosedBound = 2 * time.Second

// TestClusterThroughAPostgresOutage stops PostgreSQL under two prod
// instances behind nginx, and starts it again. While it is down, login
// and refresh through nginx answer 503 with Retry-After and simplejwt's
// body within 2 s, GET /api/me/ with a valid token answers from the
// instances' user caches, and each instance's /readyz is 503 while its
// /healthz stays 200. Once PostgreSQL is back both instances serve again
// without a restart: the refresh token the outage refused is still good,
// and a token blacklisted before the outage is refused by both.
//
// The cluster is the test's own (testenv.NewPostgresCluster), so that
// stopping it leaves the other tests' database alone.
func TestClusterThroughAPostgresOutage(t *testing.T) {
	testenv.Program(t, "nginx") // before making a cluster it could not use
	pg := testenv.NewPostgresCluster(t)
	// A user cache that outlasts the outage, so /api/me/ is answered
	// from it throughout.
	cl := startCluster(t, pg.URL, 10*time.Minute)
	edge, instances := cl.edge, cl.bases[:]
	c := clientFrom(t, "127.0.0.1")

	access, live := pair(t, c, edge, demoUser)
	_, spent := pair(t, c, edge, demoUser)
	if resp, body := do(t, c, "POST", edge+"/api/token/blacklist/", "", refreshBody(spent), nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/token/blacklist/ = %d %s; want 200", resp.StatusCode, body)
	}
	for _, base := range instances { // fills each instance's user cache
		if resp, body := do(t, c, "GET", base+"/api/me/", access, nil, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s/api/me/ = %d %s; want 200", base, resp.StatusCode, body)
		}
	}

	pg.Stop(t)
	const unavailable = `{"detail":"Service temporarily unavailable, try again later."}`
	for _, r := range []struct {
		path, body string
	}{
		{"/api/token/", `{"username":"` + demoUser + `","password":"` + demoPassword + `"}`},
		{"/api/token/refresh/", `{"refresh":"` + live + `"}`},
	} {
		start := time.Now()
		resp, body := do(t, c, "POST", edge+r.path, "", strings.NewReader(r.body), nil)
		took := time.Since(start)
		t.Logf("POST %s through nginx with PostgreSQL stopped: %d in %v", r.path, resp.StatusCode, took.Round(time.Millisecond))
		if resp.StatusCode != http.StatusServiceUnavailable || string(body) != unavailable {
			t.Errorf("POST %s with PostgreSQL stopped = %d %s; want 503 %s", r.path, resp.StatusCode, body, unavailable)
		}
		if resp.Header.Get("Retry-After") == "" {
			t.Errorf("POST %s: 503 without Retry-After", r.path)
		}
		if took > failClosedBound {
			t.Errorf("POST %s took %v to fail; the contract is %v", r.path, took, failClosedBound)
		}
	}
	for range 4 { // round robin: both instances answer
		if resp, body := do(t, c, "GET", edge+"/api/me/", access, nil, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET /api/me/ through nginx with PostgreSQL stopped = %d %s; want 200 from the user cache", resp.StatusCode, body)
		}
	}
	for _, base := range instances {
		if resp, body := do(t, c, "GET", base+"/readyz", "", nil, nil); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("GET %s/readyz with PostgreSQL stopped = %d %s; want 503", base, resp.StatusCode, body)
		}
		if resp, body := do(t, c, "GET", base+"/healthz", "", nil, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s/healthz with PostgreSQL stopped = %d %s; want 200", base, resp.StatusCode, body)
		}
	}

	pg.Start(t)
	start := time.Now()
	for _, base := range instances {
		for {
			resp, _ := do(t, c, "GET", base+"/readyz", "", nil, nil)
			if resp.StatusCode == http.StatusOK {
				break
			}
			// A bound for termination, not a speed assertion.
			if time.Since(start) > time.Minute {
				t.Fatalf("GET %s/readyz a minute after PostgreSQL started = %d; want 200 without a restart", base, resp.StatusCode)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	t.Logf("both instances ready %v after pg_ctlcluster start returned", time.Since(start).Round(time.Millisecond))
	if resp, body := do(t, c, "POST", edge+"/api/token/refresh/", "", refreshBody(live), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("POST /api/token/refresh/ after the outage with the token it refused = %d %s; want 200", resp.StatusCode, body)
	}
	for _, base := range instances {
		resp, body := do(t, c, "POST", base+"/api/token/refresh/", "", refreshBody(spent), nil)
		if resp.StatusCode != http.StatusUnauthorized || !containsDetail(body, "Token is blacklisted") {
			t.Errorf("POST %s/api/token/refresh/ with the token blacklisted before the outage = %d %s; want 401 Token is blacklisted", base, resp.StatusCode, body)
		}
	}
}

package server_test

import (
	"context"
	"sync/atomic"
	"testing"

	"jwtlab/server/servertest"
)

// TestDeactivationAcrossInstances: two prod instances on one PostgreSQL
// database; a user deactivated through one keeps access on the other for
// as long as that instance's cached entry is fresh (user_cache_ttl) and
// loses it after - the cache is per process, its TTL is the bound.
func TestDeactivationAcrossInstances(t *testing.T) {
	dsn := postgresTestSchema(t)
	var offset atomic.Int64
	cfg := outageProd(&offset)
	ctx := context.Background()
	a, st := serveStore(t, cfg, dsn, true)
	b, _ := serveStore(t, cfg, dsn, false)
	access := a.tokens(a.must(200, "POST", "/api/token/", `{"username":"demo","password":"demo-password-123"}`, ""))["access"]
	b.must(200, "GET", "/api/me/", "", access) // B caches the user
	if err := st.SetActive(ctx, servertest.Username, false); err != nil {
		t.Fatal(err)
	}
	a.must(401, "GET", "/api/me/", "", access) // A had not cached it
	b.must(200, "GET", "/api/me/", "", access) // B's entry is still fresh
	offset.Store(int64(cfg.UserCacheTTL))
	b.must(401, "GET", "/api/me/", "", access)
}

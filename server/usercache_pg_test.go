package server_test

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/server"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// TestDeactivationAcrossInstances: two prod instances on one PostgreSQL
// database; a user deactivated through one keeps access on the other for
// as long as that instance's cached entry is fresh (user_cache_ttl) and
// loses it after - the cache is per process, its TTL is the bound.
func TestDeactivationAcrossInstances(t *testing.T) {
	dsn := postgresTestSchema(t)
	var offset atomic.Int64
	cfg := server.ProdConfig()
	cfg.AccessLog = "off"
	cfg.AllowedHosts = []string{"127.0.0.1"}
	cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
	cfg.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	ctx := context.Background()
	keys, _ := server.NewKeys(jose.Secret(servertest.SigningKey))
	var clients [2]*outageClient
	var stores [2]store.Store
	for i := range clients {
		st, err := store.Open(ctx, dsn, cfg.StoreOptions())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if i == 0 {
			if err := servertest.AddUsers(ctx, st); err != nil {
				t.Fatal(err)
			}
		}
		hs := httptest.NewServer(server.New(cfg, st, keys, nil))
		t.Cleanup(hs.Close)
		clients[i], stores[i] = &outageClient{t: t, url: hs.URL}, st
	}
	a, b := clients[0], clients[1]
	access := a.tokens(a.must(200, "POST", "/api/token/", `{"username":"demo","password":"demo-password-123"}`, ""))["access"]
	b.must(200, "GET", "/api/me/", "", access) // B caches the user
	if err := stores[0].SetActive(ctx, servertest.Username, false); err != nil {
		t.Fatal(err)
	}
	a.must(401, "GET", "/api/me/", "", access) // A had not cached it
	b.must(200, "GET", "/api/me/", "", access) // B's entry is still fresh
	offset.Store(int64(cfg.UserCacheTTL))
	b.must(401, "GET", "/api/me/", "", access)
}

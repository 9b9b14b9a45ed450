package server_test

import (
	"context"
	"net/http"
	"testing"

	"jwtlab/internal/jose"
	"jwtlab/server"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// demoStore opens a SQLite store at path (":memory:" for one private to
// the test) with the demo users, closed at cleanup.
func demoStore(tb testing.TB, path string, opts store.Options) store.Store {
	tb.Helper()
	st, err := store.OpenSQLite(context.Background(), path, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := servertest.AddUsers(context.Background(), st); err != nil {
		tb.Fatal(err)
	}
	return st
}

// demoKeys holds the demo HS256 secret the recordings were signed with.
func demoKeys(tb testing.TB) *server.Keys {
	tb.Helper()
	keys, err := server.NewKeys(jose.Secret(demoKey))
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}

// inProcess builds cfg's server as servertest does, over an in-memory
// store with the demo users, seen through wrap (when not nil), logging
// nothing, and serves it in process.
func inProcess(tb testing.TB, cfg server.Config, wrap func(store.Store) store.Store) http.Handler {
	tb.Helper()
	if len(cfg.AllowedHosts) == 0 {
		cfg.AllowedHosts = []string{"127.0.0.1", "example.com"} // the test servers' and httptest.NewRequest's Host
	}
	b, err := servertest.Build(servertest.WithConfig(cfg), servertest.WithStore(wrap))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Store.Close() })
	return b
}

package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/store"
)

// failingStore is a real store whose writes fail, while failing is
// set, as a full disk fails them: reads still work.
type failingStore struct {
	store.Store
	failing atomic.Bool
}

func (f *failingStore) fail(op string) error {
	if f.failing.Load() {
		return fmt.Errorf("%s: %w", op, store.ErrUnavailable)
	}
	return nil
}

func (f *failingStore) AddOutstanding(ctx context.Context, jti string, uid int64, exp time.Time) error {
	if err := f.fail("add outstanding"); err != nil {
		return err
	}
	return f.Store.AddOutstanding(ctx, jti, uid, exp)
}

func (f *failingStore) Blacklist(ctx context.Context, jti string, uid int64, exp time.Time) (bool, error) {
	if err := f.fail("blacklist"); err != nil {
		return false, err
	}
	return f.Store.Blacklist(ctx, jti, uid, exp)
}

// TestStoreFailureIs503: while the store cannot write, a login answers
// 503 with Retry-After in DRF's shape (not 500), /readyz is 503 and
// /healthz stays 200; readiness returns once writes stop failing.
func TestStoreFailureIs503(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC).UnixNano())
	cfg := server.ProdConfig()
	cfg.Clock = func() time.Time { return time.Unix(0, now.Load()) }
	cfg.AllowedHosts = []string{"127.0.0.1"}
	var st *failingStore
	hs := httptest.NewServer(inProcess(t, cfg, func(mem store.Store) store.Store {
		st = &failingStore{Store: mem}
		return st
	}))
	t.Cleanup(hs.Close)

	get := func(path string) int {
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := get("/readyz"); c != 200 {
		t.Fatalf("/readyz before any failure = %d; want 200", c)
	}
	st.failing.Store(true)
	resp, err := http.Post(hs.URL+"/api/token/", "application/json",
		strings.NewReader(`{"username":"demo","password":"demo-password-123"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"detail":"Service temporarily unavailable, try again later."}`; resp.StatusCode != 503 || string(body) != want {
		t.Errorf("login while writes fail = %d %s; want 503 %s", resp.StatusCode, body, want)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if c := get("/readyz"); c != 503 {
		t.Errorf("/readyz while writes fail = %d; want 503", c)
	}
	if c := get("/healthz"); c != 200 {
		t.Errorf("/healthz while writes fail = %d; want 200", c)
	}
	st.failing.Store(false)
	now.Add(int64(time.Minute))
	if c := get("/readyz"); c != 200 {
		t.Errorf("/readyz a minute after the last failure = %d; want 200", c)
	}
}

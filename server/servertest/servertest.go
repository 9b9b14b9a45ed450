// Package servertest starts the reference token server in process, with
// an in-memory store and the demo user, for tests and lesson examples.
package servertest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/password"
	"jwtlab/server/store"
)

// The demo account and key, the same values the recorded simplejwt
// cases use, so tokens from either server work on the other.
const (
	Username   = "demo"
	Password   = "demo-password-123"
	UserID     = 1
	SigningKey = "jwt-lab-demo-signing-secret-not-for-production"
)

// Server is a running in-process server.
type Server struct {
	*httptest.Server
	Config server.Config
	Store  store.Store
}

// settings are what the options change before the server starts.
type settings struct {
	cfg  server.Config
	keys *server.Keys
}

// Option changes the server's settings.
type Option func(*settings)

// WithConfig replaces the profile (dev by default) wholesale.
func WithConfig(c server.Config) Option { return func(s *settings) { s.cfg = c } }

// WithClock fixes the server's clock.
func WithClock(now func() time.Time) Option { return func(s *settings) { s.cfg.Clock = now } }

// WithRotation turns on ROTATE_REFRESH_TOKENS and BLACKLIST_AFTER_ROTATION.
func WithRotation() Option {
	return func(s *settings) { s.cfg.RotateRefresh, s.cfg.BlacklistAfterRotation = true, true }
}

// WithLifetimes sets the access and refresh token lifetimes.
func WithLifetimes(access, refresh time.Duration) Option {
	return func(s *settings) { s.cfg.AccessLifetime, s.cfg.RefreshLifetime = access, refresh }
}

// WithKeys replaces the demo HMAC key with a key set of one's own.
func WithKeys(k *server.Keys) Option { return func(s *settings) { s.keys = k } }

// cheap hashing keeps tests fast; the server's own hashing is tested
// with the real parameters in package password.
var cheap = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}

// New starts a server with the demo user (id 1) and an inactive user
// "inactive-demo" (id 2) with the same password. Close it when done.
func New(opts ...Option) (*Server, error) {
	set := settings{cfg: server.DevConfig()}
	set.cfg.AccessLog = "off"
	for _, o := range opts {
		o(&set)
	}
	cfg := set.cfg
	if len(cfg.AllowedHosts) == 0 {
		// The test server listens on 127.0.0.1; prod names no host.
		cfg.AllowedHosts = []string{"127.0.0.1"}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, ":memory:", store.Options{})
	if err != nil {
		return nil, err
	}
	if err := AddUsers(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	keys := set.keys
	if keys == nil {
		if keys, err = server.NewKeys(server.HMACKey([]byte(SigningKey))); err != nil {
			st.Close()
			return nil, err
		}
	}
	// The real http.Server settings, so timeouts and limits apply.
	srv := server.New(cfg, st, keys, nil)
	hs := httptest.NewUnstartedServer(srv)
	hs.Config = srv.HTTPServer()
	hs.Start()
	return &Server{Server: hs, Config: cfg, Store: st}, nil
}

// AddUsers adds the demo user and the inactive one to st.
func AddUsers(ctx context.Context, st store.Store) error {
	h, err := password.Hash(Password, cheap)
	if err != nil {
		return err
	}
	if _, err := st.AddUser(ctx, Username, h); err != nil {
		return fmt.Errorf("add demo user: %w", err)
	}
	if _, err := st.AddUser(ctx, "inactive-demo", h); err != nil {
		return fmt.Errorf("add inactive user: %w", err)
	}
	return st.SetActive(ctx, "inactive-demo", false)
}

// Start is New for tests: it fails tb on error and closes the server
// when the test ends.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("servertest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server and closes its store.
func (s *Server) Close() {
	s.Server.Close()
	s.Store.Close()
}

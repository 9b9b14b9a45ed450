// Package servertest starts the reference token server in process, with
// an in-memory store and the demo user, for tests and lesson examples.
//
// The lessons run it from the jwtlab binary (jwtlab learn), so it imports
// neither testing nor net/http/httptest: test scaffolding stays out of the
// shipped binary (TestBinaryLinksNoTestPackages checks it).
package servertest

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"jwtlab/internal/jose"
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

// Server is a running in-process server on a loopback port.
type Server struct {
	*Host
	Config server.Config
	Store  store.Store
}

// Host serves a handler on a loopback port until Close: the token server,
// or a stand-in for another site (a jku URL) in lessons and tests.
type Host struct {
	URL string // http://127.0.0.1:PORT, no trailing slash

	hs       *http.Server
	client   *http.Client
	served   chan struct{} // closed when Serve has returned
	handlers sync.WaitGroup
}

// NewHost serves h on a free loopback port.
func NewHost(h http.Handler) (*Host, error) {
	return serve(&http.Server{Handler: h})
}

// serve runs hs on a free loopback port; hs.Handler is wrapped so that
// Close can wait for the handlers still running, as httptest does.
func serve(hs *http.Server) (*Host, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := &Host{URL: "http://" + ln.Addr().String(), hs: hs,
		client: &http.Client{Transport: &http.Transport{}}, served: make(chan struct{})}
	inner := hs.Handler
	hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.handlers.Add(1)
		defer h.handlers.Done()
		inner.ServeHTTP(w, r)
	})
	go func() {
		// Serve returns http.ErrServerClosed once Close is called; any
		// other failure shows up as refused connections to whatever uses
		// the host.
		defer close(h.served)
		hs.Serve(ln)
	}()
	return h, nil
}

// Client returns an HTTP client for the host; Close closes its idle
// connections.
func (h *Host) Client() *http.Client { return h.client }

// Close stops serving, drops every connection and waits for the handlers
// still running.
func (h *Host) Close() {
	h.hs.Close()
	<-h.served
	h.handlers.Wait()
	h.client.CloseIdleConnections()
}

// settings are what the options change before the server starts.
type settings struct {
	cfg  server.Config
	keys *server.Keys
	wrap func(store.Store) store.Store
	log  *slog.Logger
}

// Option changes the server's settings.
type Option func(*settings)

// WithConfig replaces the profile (dev by default) wholesale, but for
// the access log (see WithLogger).
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

// WithStore wraps the store the server uses (the demo users are already
// in it), e.g. to count or fail its calls; Server.Store is the wrapper.
func WithStore(wrap func(store.Store) store.Store) Option {
	return func(s *settings) { s.wrap = wrap }
}

// WithKeys replaces the demo HMAC key with a key set of one's own.
func WithKeys(k *server.Keys) Option { return func(s *settings) { s.keys = k } }

// WithLogger sends the server's log to l. Without it the server logs
// nothing, and its access log is off whatever the config says: no one
// would read the lines it formats.
func WithLogger(l *slog.Logger) Option { return func(s *settings) { s.log = l } }

// cheap hashing keeps tests fast; the server's own hashing is tested
// with the real parameters in package password.
var cheap = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}

// New starts a server with the demo user (id 1) and an inactive user
// "inactive-demo" (id 2) with the same password. Close it when done.
func New(opts ...Option) (*Server, error) {
	b, err := Build(opts...)
	if err != nil {
		return nil, err
	}
	// The real http.Server settings, so timeouts and limits apply.
	host, err := serve(b.HTTPServer())
	if err != nil {
		b.Store.Close()
		return nil, err
	}
	return &Server{Host: host, Config: b.Config, Store: b.Store}, nil
}

// Built is a server made as New makes it, not yet serving: for a lesson
// that serves it the way jwtlab serve does (server.Run on a listener of
// its own). Close its Store when done.
type Built struct {
	*server.Server
	Config server.Config
	Store  store.Store
}

// Build makes the server New serves: the config checked, an in-memory
// store with the demo users, and the demo key unless WithKeys.
func Build(opts ...Option) (*Built, error) {
	set := settings{cfg: server.DevConfig()}
	for _, o := range opts {
		o(&set)
	}
	cfg := set.cfg
	if set.log == nil {
		cfg.AccessLog = "off"
	}
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
		if keys, err = server.NewKeys(jose.Secret(SigningKey)); err != nil {
			st.Close()
			return nil, err
		}
	}
	var used store.Store = st
	if set.wrap != nil {
		used = set.wrap(st)
	}
	return &Built{Server: server.New(cfg, used, keys, set.log), Config: cfg, Store: used}, nil
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

// TB is the part of testing.TB that Start uses; a *testing.T is one. It
// is an interface here so that this package need not import testing.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Start is New for tests: it fails tb on error and closes the server
// when the test ends.
func Start(tb TB, opts ...Option) *Server {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("servertest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server, as Host.Close does, and closes its store.
func (s *Server) Close() {
	s.Host.Close()
	s.Store.Close()
}

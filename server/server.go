package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"jwtlab/server/password"
	"jwtlab/server/store"
)

// Server is the token server. It is an http.Handler; Run serves it.
type Server struct {
	cfg       Config
	store     store.Store
	keys      *Keys
	tokens    *tokens
	log       *slog.Logger
	challenge string // WWW-Authenticate value on every 401
	dummyHash string // checked for unknown usernames, to equalise timing
	hashes    *hashGate
	costs     *hashCosts                                 // how long to hold refused logins
	pause     func(ctx context.Context, d time.Duration) // holds a refusal; tests replace it
	ipLimit   *limiter
	userLimit *limiter
	delayed   chan struct{}  // throttled logins waiting for their 429
	inFlight  chan struct{}  // API requests being served; nil: unbounded
	bodyReads *clientCounter // bodies being read, per client
	users     *userCache
	metrics   *metrics // nil when ops endpoints are off
	handler   http.Handler

	storeFailedAt atomic.Int64 // Unix ns of the last store.IsUnavailable error; 0: none
}

// New builds the server. cfg must have passed Validate: New panics on
// an invalid Config, which is a programming error, not input.
func New(cfg Config, st store.Store, keys *Keys, logger *slog.Logger) *Server {
	if err := cfg.Validate(); err != nil {
		panic(fmt.Sprintf("server.New: invalid config (call Config.Validate first): %v", err))
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:       cfg,
		store:     st,
		keys:      keys,
		log:       logger,
		challenge: fmt.Sprintf("%s realm=%q", cfg.AuthHeaderTypes[0], "api"),
		dummyHash: password.Dummy(cfg.hashParams()),
		hashes:    newHashGate(cfg.HashSlots, cfg.HashQueue, cfg.HashNice, cfg.GCAfterHash),
		ipLimit:   newLimiter(cfg.LoginRateIP, cfg.LoginBurstIP, cfg.now),
		userLimit: newLimiter(cfg.LoginRateUser, cfg.LoginBurstUser, cfg.now),
		users:     newUserCache(cfg.UserCacheTTL, cfg.now),
		delayed:   make(chan struct{}, maxDelayed),
		bodyReads: newClientCounter(cfg.MaxBodyReadsPerClient),
	}
	if cfg.MaxInFlight > 0 {
		s.inFlight = make(chan struct{}, cfg.MaxInFlight)
	}
	s.costs = newHashCosts(st, s.hashes, s.dummyHash, logger)
	s.pause = sleep
	s.tokens = newTokens(&s.cfg, keys)
	if cfg.OpsEndpoints {
		s.metrics = newMetrics(s.hashes)
	}
	s.handler = s.middleware(s.routes())
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Config returns the configuration the server runs with.
func (s *Server) Config() Config { return s.cfg }

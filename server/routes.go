package server

import "net/http"

// routes lists the whole API on one screen.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/token/{$}", s.tokenView(obtainMeta, noStore(s.handleObtain())))
	mux.Handle("/api/token/refresh/{$}", s.tokenView(refreshMeta, noStore(s.handleRefresh())))
	mux.Handle("/api/token/verify/{$}", s.tokenView(verifyMeta, s.handleVerify()))
	mux.Handle("/api/token/blacklist/{$}", s.tokenView(blacklistMeta, s.handleBlacklist()))
	mux.Handle("/api/me/{$}", s.protectedView(meMeta, s.handleMe()))
	s.slidingRoutes(mux)
	s.revokeRoutes(mux)
	s.pageRoutes(mux)
	mux.Handle("/.well-known/jwks.json", s.onlyGet(s.handleJWKS()))
	if s.cfg.OpsEndpoints {
		mux.Handle("/healthz", s.onlyGet(s.handleHealthz()))
		mux.Handle("/readyz", s.onlyGet(s.handleReadyz()))
		mux.Handle("/metrics", s.onlyGet(s.metrics.handler()))
	}
	// Without its slash a path is redirected, as Django's APPEND_SLASH
	// does; registered here so the mux does not send its own 307.
	fallback := s.handleFallback("/api/token/", "/api/token/refresh/", "/api/token/verify/", "/api/token/blacklist/", "/api/me/")
	for _, p := range []string{"/api/token", "/api/token/refresh", "/api/token/verify", "/api/token/blacklist", "/api/me"} {
		mux.Handle(p, fallback)
	}
	mux.Handle("/", fallback)
	return mux
}

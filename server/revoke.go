package server

import (
	"net/http"
)

var revokeAllMeta = viewMeta("Revoke All",
	"POST only; requires a valid access token. Blacklists every refresh token of the user: logout everywhere.", nil)

// revokeRoutes adds logout everywhere.
func (s *Server) revokeRoutes(mux *http.ServeMux) {
	mux.Handle("/api/token/revoke-all/{$}", s.protectedPost(revokeAllMeta, s.handleRevokeAll()))
	mux.Handle("/api/token/revoke-all", s.handleFallback("/api/token/revoke-all/"))
}

// handleRevokeAll is POST /api/token/revoke-all/: every outstanding
// refresh (and sliding) token of the authenticated user is blacklisted.
// Access tokens already issued stay valid until their exp, as after
// simplejwt's logout: they are never looked up.
func (s *Server) handleRevokeAll() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		u := userFrom(r.Context())
		n, err := s.store.RevokeUser(r.Context(), u.ID, s.cfg.now())
		if err != nil {
			return err
		}
		s.log.InfoContext(r.Context(), "revoked every refresh token of a user", "user_id", u.ID, "revoked", n)
		encode(w, http.StatusOK, obj{})
		return nil
	}
}

// protectedPost is protectedView for a POST endpoint: authentication
// first (anonymous is the same 401 as /api/me/'s), then the method.
func (s *Server) protectedPost(meta obj, post func(http.ResponseWriter, *http.Request) error) http.Handler {
	return s.protected(http.MethodPost, meta, post)
}

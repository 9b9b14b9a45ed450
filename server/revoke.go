package server

import (
	"context"
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
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Vary"] = hdrAccept
		h["Allow"] = allowPost
		err := func() error {
			if !acceptsJSON(r.Header.Get("Accept")) {
				return errNotAcceptable
			}
			u, err := s.authenticate(r)
			if err != nil {
				return err
			}
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
			switch r.Method {
			case http.MethodPost:
				return post(w, r)
			case http.MethodOptions:
				encode(w, http.StatusOK, meta)
				return nil
			}
			return methodNotAllowed(r.Method)
		}()
		if err != nil {
			s.writeError(w, r, err)
		}
	})
}

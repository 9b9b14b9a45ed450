package server

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// oneField decodes the body of a view whose serializer has one
// CharField, and returns that field.
func (s *Server) oneField(r *http.Request, name string) (string, error) {
	data, err := s.decode(r)
	if err != nil {
		return "", err
	}
	f, err := data.charFields(name)
	if err != nil {
		return "", err
	}
	return f[0], nil
}

// postedRefresh reads the refresh field of the body (or, in cookie mode,
// the refresh cookie: presentedRefresh) and checks the token in it. A
// request that spends the token (logout, a refresh that blacklists what
// it rotates) skips the blacklist read: its own blacklist insert finds a
// spent token, and answers it the same way, one store round trip sooner.
func (s *Server) postedRefresh(r *http.Request, spends bool) (*claims, string, bool, error) {
	raw, fromCookie, err := s.presentedRefresh(r)
	if err != nil {
		return nil, "", false, err
	}
	if spends {
		c, err := s.tokens.parse(raw, typeRefresh)
		if err != nil {
			return nil, "", fromCookie, err
		}
		jti, _ := c.str(claimJTI)
		return c, jti, fromCookie, nil
	}
	c, jti, err := s.refreshToken(r.Context(), raw)
	return c, jti, fromCookie, err
}

// refreshToken parses a refresh token and checks it is not blacklisted,
// as simplejwt's RefreshToken(...) with the blacklist app does.
func (s *Server) refreshToken(ctx context.Context, raw string) (*claims, string, error) {
	c, err := s.tokens.parse(raw, typeRefresh)
	if err != nil {
		return nil, "", err
	}
	jti, _ := c.str(claimJTI)
	black, err := s.timedBlacklisted(ctx, jti)
	if err != nil {
		return nil, "", err
	}
	if black {
		return nil, "", s.retiredPresented(ctx, jti)
	}
	return c, jti, nil
}

func (s *Server) timedBlacklisted(ctx context.Context, jti string) (bool, error) {
	start := time.Now()
	black, err := s.store.IsBlacklisted(ctx, jti)
	s.metrics.storeLatency("is_blacklisted", time.Since(start))
	return black, err
}

// blacklist revokes a parsed refresh token. It fails with
// ErrTokenBlacklisted when another request revoked it first, so a
// refresh token can be spent only once even by two racing requests.
func (s *Server) blacklist(ctx context.Context, c *claims, jti string) error {
	uid, _, _ := c.userID(s.cfg.UserIDClaim)
	start := time.Now()
	added, err := s.store.Blacklist(ctx, jti, uid, c.expTime())
	s.metrics.storeLatency("blacklist", time.Since(start))
	if err != nil {
		return err
	}
	if !added {
		return s.retiredPresented(ctx, jti)
	}
	s.metrics.blacklisted()
	return nil
}

// handleRefresh is POST /api/token/refresh/: a new access token, and with
// rotation a new refresh token while the old one is blacklisted.
func (s *Server) handleRefresh() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, jti, _, err := s.postedRefresh(r, s.cfg.RotateRefresh && s.cfg.BlacklistAfterRotation)
		if err != nil {
			return err
		}
		now := s.cfg.now()
		access, err := s.tokens.sign(s.tokens.accessFrom(c, now))
		if err != nil {
			return err
		}
		resp := obj{{"access", access}}
		if s.cfg.RotateRefresh {
			uid, _, _ := c.userID(s.cfg.UserIDClaim)
			oldExp := c.expTime()
			s.tokens.rotate(c, now)
			refresh, err := s.tokens.sign(c)
			if err != nil {
				return err
			}
			if s.cfg.BlacklistAfterRotation {
				err = s.rotateStored(r.Context(), c, jti, uid, oldExp)
			} else {
				err = s.recordRotated(r.Context(), c, jti)
			}
			if err != nil {
				return err
			}
			resp = append(resp, kv{"refresh", refresh})
		}
		s.metrics.issued("refresh")
		s.writeTokens(w, r, resp, false)
		return nil
	}
}

// handleVerify is POST /api/token/verify/: 200 {} for any valid token,
// access or refresh. Only with blacklist-after-rotation does it consult
// the blacklist, and then a revoked token is a 400, as in simplejwt.
func (s *Server) handleVerify() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		raw, err := s.oneField(r, "token")
		if err != nil {
			return err
		}
		c, err := s.tokens.parse(raw, "")
		if err != nil {
			return err
		}
		if s.cfg.BlacklistAfterRotation {
			jti, _ := c.str(claimJTI)
			black, err := s.timedBlacklisted(r.Context(), jti)
			if err != nil {
				return err
			}
			if black {
				return nonFieldError("Token is blacklisted")
			}
		}
		encode(w, http.StatusOK, obj{})
		return nil
	}
}

// handleBlacklist is POST /api/token/blacklist/: revoke a refresh token
// (logout). Access tokens already issued stay valid until they expire.
func (s *Server) handleBlacklist() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, jti, fromCookie, err := s.postedRefresh(r, true)
		if err == nil {
			err = s.blacklist(r.Context(), c, jti)
		}
		if fromCookie && (err == nil || isTokenError(err)) {
			// Logged out, or the cookie's token was dead already:
			// either way the browser has no use for it.
			clearRefreshCookie(w)
		}
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, obj{})
		return nil
	}
}

// handleMe is GET /api/me/, the protected resource.
func (s *Server) handleMe() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		u := userFrom(r.Context())
		encode(w, http.StatusOK, obj{{"id", u.ID}, {"username", u.Username}})
		return nil
	}
}

func (s *Server) handleJWKS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		// Verifiers may cache the key set for 5 minutes: a new key should
		// be published at least that long before it starts signing.
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("Content-Length", strconv.Itoa(len(s.keys.JWKS())))
		w.Write(s.keys.JWKS())
	})
}

// handleHealthz says the process is alive: it answers without touching
// the store, so a slow database does not get a healthy process killed.
func (s *Server) handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		encode(w, http.StatusOK, obj{{"status", "ok"}})
	})
}

// handleReadyz says the server can take traffic: the store answers.
func (s *Server) handleReadyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// 2 s: a load balancer polls every few seconds; a store that
		// cannot answer a ping in 2 s cannot serve logins either.
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.store.Ping(ctx); err != nil || s.storeFailing() {
			s.writeError(w, r, detail(http.StatusServiceUnavailable, "Store unavailable."))
			return
		}
		encode(w, http.StatusOK, obj{{"status", "ready"}})
	})
}

package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"jwtlab/server/password"
	"jwtlab/server/store"
)

// errOverloaded is DRF's ServiceUnavailable, sent when the server sheds
// load: come back in a second.
var errOverloaded = &apiError{status: http.StatusServiceUnavailable,
	body: obj{{"detail", "Service temporarily unavailable, try again later."}}, retryAfter: 1}

// errNoActiveAccount is simplejwt's answer to any failed login: a wrong
// password, an unknown or inactive user all look the same.
var errNoActiveAccount = detail(http.StatusUnauthorized, "No active account found with the given credentials")

// handleObtain is POST /api/token/: username and password in, a refresh
// and an access token out.
func (s *Server) handleObtain() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		// Throttle by client IP before even reading the body, as DRF's
		// throttles run before the view: a refused login costs next to
		// nothing, so a flood of them cannot take the CPU from others.
		if wait, ok := s.ipLimit.take(s.clientIP(r)); !ok {
			return s.throttled(r.Context(), wait)
		}
		data, err := s.decode(r)
		if err != nil {
			return err
		}
		f, err := data.charFields("username", "password")
		if err != nil {
			return err
		}
		username, pw := f[0], f[1]
		if wait, ok := s.userLimit.peek(username); !ok {
			return s.throttled(r.Context(), wait)
		}
		u, err := s.checkPassword(r.Context(), username, pw)
		if err != nil {
			if errors.Is(err, errNoActiveAccount) {
				s.userLimit.take(username)
			}
			return err
		}
		p, err := s.tokens.newPair(u.ID)
		if err != nil {
			return err
		}
		if err := s.store.AddOutstanding(r.Context(), p.refreshJTI, u.ID, p.refreshExp); err != nil {
			return err
		}
		s.metrics.issued("obtain")
		encode(w, http.StatusOK, obj{{"refresh", p.refresh}, {"access", p.access}})
		return nil
	}
}

// checkPassword is Django's ModelBackend.authenticate: exactly one hash
// whatever happens, so the time taken does not tell whether the username
// exists or is active. (A user's first login after users import-django
// adds one: the argon2id hash that replaces the Django one.)
func (s *Server) checkPassword(ctx context.Context, username, pw string) (store.User, error) {
	u, err := s.store.UserByUsername(ctx, username)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.User{}, err
	}
	hash := s.dummyHash
	if known && password.Usable(u.PasswordHash) {
		hash = u.PasswordHash
	}
	var checkErr error
	if err := s.hashes.do(ctx, func() { checkErr = password.Verify(hash, pw) }); err != nil {
		if errors.Is(err, errHashBusy) {
			s.metrics.hashRejected()
			s.delayRefusal(ctx)
			return store.User{}, errOverloaded
		}
		return store.User{}, err
	}
	if !known || checkErr != nil || !u.Active {
		return store.User{}, errNoActiveAccount
	}
	s.upgradeHash(ctx, u, pw)
	return u, nil
}

// delayRefusal holds a refused login for the throttle delay, when a
// waiting place is free, so that refusals pace a bot instead of feeding
// it answers as fast as it can ask.
func (s *Server) delayRefusal(ctx context.Context) {
	if s.cfg.ThrottleDelay <= 0 {
		return
	}
	select {
	case s.delayed <- struct{}{}:
	default:
		return // every place taken: answer at once
	}
	t := time.NewTimer(s.cfg.ThrottleDelay)
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	t.Stop()
	<-s.delayed
}

// maxDelayed bounds the throttled logins that wait at once (see
// Config.ThrottleDelay): 512 goroutines and connections are a few MiB.
const maxDelayed = 512

// throttled is DRF's 429, which says when to come back. It is sent
// after the throttle delay, when a waiting place is free.
func (s *Server) throttled(ctx context.Context, wait time.Duration) error {
	s.delayRefusal(ctx)
	secs := int(wait.Seconds() + 0.999)
	if secs < 1 {
		secs = 1
	}
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	return &apiError{status: http.StatusTooManyRequests,
		body:       obj{{"detail", "Request was throttled. Expected available in " + strconv.Itoa(secs) + " " + unit + "."}},
		retryAfter: secs}
}

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

// postedRefresh reads the refresh field of the body and checks the
// token in it.
func (s *Server) postedRefresh(r *http.Request) (*claims, string, error) {
	raw, err := s.oneField(r, "refresh")
	if err != nil {
		return nil, "", err
	}
	return s.refreshToken(r.Context(), raw)
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
		return nil, "", ErrTokenBlacklisted
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
		return ErrTokenBlacklisted
	}
	s.metrics.blacklisted()
	return nil
}

// handleRefresh is POST /api/token/refresh/: a new access token, and with
// rotation a new refresh token while the old one is blacklisted.
func (s *Server) handleRefresh() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, jti, err := s.postedRefresh(r)
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
			if s.cfg.BlacklistAfterRotation {
				if err := s.blacklist(r.Context(), c, jti); err != nil {
					return err
				}
			}
			s.tokens.rotate(c, now)
			refresh, err := s.tokens.sign(c)
			if err != nil {
				return err
			}
			resp = append(resp, kv{"refresh", refresh})
		}
		s.metrics.issued("refresh")
		encode(w, http.StatusOK, resp)
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
		c, jti, err := s.postedRefresh(r)
		if err != nil {
			return err
		}
		if err := s.blacklist(r.Context(), c, jti); err != nil {
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
		if err := s.store.Ping(ctx); err != nil {
			s.writeError(w, r, detail(http.StatusServiceUnavailable, "Store unavailable."))
			return
		}
		encode(w, http.StatusOK, obj{{"status", "ready"}})
	})
}

package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"jwtlab/server/password"
	"jwtlab/server/store"
)

// errNoActiveAccount is simplejwt's answer to any failed login: a wrong
// password, an unknown or inactive user all look the same.
var errNoActiveAccount = detail(http.StatusUnauthorized, "No active account found with the given credentials")

// handleObtain is POST /api/token/: username and password in, a refresh
// and an access token out.
func (s *Server) handleObtain() func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.login(r)
		if err != nil {
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
		s.writeTokens(w, r, obj{{"refresh", p.refresh}, {"access", p.access}}, true)
		return nil
	}
}

// login reads and checks the credentials of a login request (the pair
// and the sliding views share it), behind the throttles and hash slots.
func (s *Server) login(r *http.Request) (store.User, error) {
	// Throttle by client IP before even reading the body, as DRF's
	// throttles run before the view: a refused login costs next to
	// nothing, so a flood of them cannot take the CPU from others.
	if wait, ok := s.ipLimit.take(s.ipThrottleKey(r)); !ok {
		return store.User{}, s.throttled(r.Context(), wait)
	}
	data, err := s.decode(r)
	if err != nil {
		return store.User{}, err
	}
	f, err := data.boundedCharFields(loginFields, "username", "password")
	if err != nil {
		return store.User{}, err
	}
	username, pw := f[0], f[1]
	// The username's token is spent before hashing and given back
	// unless the password was wrong: checked first and spent after,
	// concurrent guesses would all pass the check.
	giveBack, wait, ok := s.userLimit.reserve(username)
	if !ok {
		return store.User{}, s.throttled(r.Context(), wait)
	}
	u, err := s.checkPassword(r.Context(), username, pw)
	if !errors.Is(err, errNoActiveAccount) {
		giveBack()
	}
	return u, err
}

// checkPassword is Django's ModelBackend.authenticate: exactly one hash
// whatever happens (a user's first login after users import-django adds
// one: the argon2id hash that replaces the Django one). A refusal is
// then held for the gap between its check and one of the slowest work
// factor in the store, scaled by the load (hashCosts), so that its time
// does not tell whether the username exists, is active, or came from
// Django with a slower hash.
func (s *Server) checkPassword(ctx context.Context, username, pw string) (store.User, error) {
	u, err := s.store.UserByUsername(ctx, username)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.User{}, err
	}
	if err := s.costs.ready(ctx); err != nil {
		return store.User{}, s.hashFailed(ctx, err)
	}
	hash := s.dummyHash
	if known && password.Usable(u.PasswordHash) {
		hash = u.PasswordHash
	}
	var checkErr error
	var took time.Duration
	if err := s.hashes.do(ctx, func() {
		start := time.Now()
		checkErr = password.Verify(hash, pw)
		took = time.Since(start)
	}); err != nil {
		return store.User{}, s.hashFailed(ctx, err)
	}
	hold := s.costs.observe(hash, took)
	if !known || checkErr != nil || !u.Active {
		// Held after the slot is given back: the wait costs no core
		// and keeps no other login from its hash.
		s.pause(ctx, hold)
		return store.User{}, errNoActiveAccount
	}
	s.upgradeHash(ctx, u, pw)
	return u, nil
}

// hashFailed is the answer to a login whose hash could not run: every
// slot taken and the queue full is 503, after the throttle delay.
func (s *Server) hashFailed(ctx context.Context, err error) error {
	if errors.Is(err, errHashBusy) {
		s.metrics.hashRejected()
		s.delayRefusal(ctx)
		return errOverloaded
	}
	return err
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

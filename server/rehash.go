package server

import (
	"context"
	"errors"

	"jwtlab/server/password"
	"jwtlab/server/store"
)

// upgradeHash replaces a user's imported Django hash (users
// import-django) with our argon2id, after a login proved pw right, so
// the Django hash is checked once. The new hash is one more argon2id
// hash, so it takes a hash slot like any other; when none is free, or
// the store fails, the login still succeeds and the next one retries.
// It never overwrites a hash that changed since the check (users passwd).
func (s *Server) upgradeHash(ctx context.Context, u store.User, pw string) {
	if !password.NeedsRehash(u.PasswordHash) {
		return
	}
	var h string
	var hashErr error
	if err := s.hashes.do(ctx, func() { h, hashErr = password.Hash(pw, s.cfg.hashParams()) }); err != nil || hashErr != nil {
		s.log.Warn("password hash upgrade postponed", "user_id", u.ID, "err", errors.Join(err, hashErr))
		return
	}
	if _, err := s.store.UpgradePasswordHash(ctx, u.ID, u.PasswordHash, h); err != nil {
		s.log.Warn("password hash upgrade failed", "user_id", u.ID, "err", err)
		return
	}
	s.log.Info("password hash upgraded", "user_id", u.ID, "from", password.Scheme(u.PasswordHash), "to", password.SchemeArgon2id)
}

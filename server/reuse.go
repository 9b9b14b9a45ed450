package server

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"jwtlab/server/store"
)

// ErrReuseNeedsRotation: reuse detection watches for retired refresh
// tokens, and only rotation with blacklisting retires them.
var ErrReuseNeedsRotation = errors.New("-reuse-detection needs -rotate-refresh and -blacklist-after-rotation")

// defaultReuseGrace is how long after a refresh token was rotated its
// reuse counts as a race rather than theft. Two tabs of one browser that
// refresh on the same timer send the same token milliseconds apart; 2 s
// covers that and a slow round trip. The store keeps whole seconds, so the
// window in effect is between 1 s and 2 s. Inside it the late request
// still gets simplejwt's 401 and no tokens: the grace only spares the
// family. Its cost: a thief who refreshes less than 2 s before the
// legitimate client keeps the family (the client is logged out and must
// sign in again, which revokes nothing of the thief's).
const defaultReuseGrace = 2 * time.Second

// validateTokenExtras checks the settings issue 12 added.
func (c *Config) validateTokenExtras() error {
	switch {
	case c.Sliding && (c.SlidingLifetime <= 0 || c.SlidingRefreshLifetime <= 0):
		return errors.New("sliding token lifetimes must be positive")
	case c.ReuseDetection && !(c.RotateRefresh && c.BlacklistAfterRotation):
		return ErrReuseNeedsRotation
	case c.ReuseGrace < 0:
		return errors.New("reuse grace must not be negative")
	case len(c.TrustedOrigins) > 0 && !c.RefreshCookie:
		return ErrOriginsNeedCookie
	}
	return nil
}

// retiredPresented answers a refresh token found already blacklisted:
// simplejwt's "Token is blacklisted". With reuse detection, a token
// presented again after rotation retired it means two parties hold the
// family - the client and a thief - and we cannot tell which is which, so
// every token of the family is blacklisted, including the one the thief
// may have got first. Reuse within the grace window of its retirement is
// taken for two racing requests of one client and spares the family.
func (s *Server) retiredPresented(ctx context.Context, jti string) error {
	if !s.cfg.ReuseDetection {
		return ErrTokenBlacklisted
	}
	at, err := s.store.BlacklistedAt(ctx, jti)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	// Real time, not the token clock: this measures the gap between two
	// requests.
	if err == nil && time.Since(at) < s.cfg.ReuseGrace {
		s.log.InfoContext(ctx, "retired refresh token presented within the reuse grace window", slog.String("jti", jti))
		return ErrTokenBlacklisted
	}
	n, err := s.store.RevokeFamily(ctx, jti, s.cfg.now())
	if err != nil {
		return err
	}
	s.log.WarnContext(ctx, "refresh token reuse: family revoked", slog.String("jti", jti), slog.Int64("revoked", n))
	return ErrTokenBlacklisted
}

// recordRotated records the refresh token rotation just minted from the
// token with jti parent, in parent's family, so that revoke-all and reuse
// detection reach it (simplejwt records only login tokens). When the
// family was revoked meanwhile the new token is dead on arrival: 401.
func (s *Server) recordRotated(ctx context.Context, c *claims, parent string) error {
	jti, _ := c.str(claimJTI)
	uid, _, _ := c.userID(s.cfg.UserIDClaim)
	ok, err := s.store.AddRotated(ctx, jti, parent, uid, c.expTime(), s.cfg.now())
	if err != nil {
		return err
	}
	if !ok {
		return ErrTokenBlacklisted
	}
	return nil
}

// rotateStored spends the refresh token old and records c, just minted
// from it, in one store write (store.Rotate): the blacklist row and the
// new token's rows share a commit, and with group commit share it with
// other requests' rotations. Of two requests spending one token the
// blacklist insert decides; the loser is answered as a presented retired
// token (reuse detection included).
func (s *Server) rotateStored(ctx context.Context, c *claims, old string, uid int64, oldExp time.Time) error {
	next, _ := c.str(claimJTI)
	start := time.Now()
	res, err := s.store.Rotate(ctx, store.Rotation{Old: old, OldExpires: oldExp, Next: next,
		Expires: c.expTime(), UserID: uid, Now: s.cfg.now()})
	s.metrics.storeLatency("rotate", time.Since(start))
	if err != nil {
		return err
	}
	switch res {
	case store.RotateSpent:
		return s.retiredPresented(ctx, old)
	case store.RotateRevoked:
		s.metrics.blacklisted()
		return ErrTokenBlacklisted
	}
	s.metrics.blacklisted()
	return nil
}

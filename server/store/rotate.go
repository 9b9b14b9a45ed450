package store

import (
	"context"
	"fmt"
	"time"
)

// Rotation is one refresh under rotation with blacklisting: the token
// presented (Old) is spent, and Next, minted from it, takes its place.
type Rotation struct {
	Old        string    // jti of the refresh token presented
	OldExpires time.Time // its exp, kept with its blacklist row
	Next       string    // jti of the refresh token minted from it
	Expires    time.Time // Next's exp
	UserID     int64
	Now        time.Time
}

// RotateResult says how a Rotate ended when it did not fail.
type RotateResult int

const (
	// Rotated: Old is blacklisted and Next recorded in Old's family.
	Rotated RotateResult = iota
	// RotateSpent: Old was blacklisted already (by another request, or
	// an earlier rotation); nothing was written, and Next must not be
	// handed out.
	RotateSpent
	// RotateRevoked: the family was revoked; Old and Next are both
	// blacklisted, and Next must not be handed out.
	RotateRevoked
)

// Rotate blacklists r.Old and records r.Next (its outstanding row, in
// Old's family) in one commit - with group commit, in the same commit as the
// rotations of other requests - so that a rotation costs one fsync and
// never spends Old without recording Next. Of two requests rotating one
// token, the blacklist insert decides: the loser writes nothing. The
// family's revocation mark is read after the commit, as AddRotated does
// (with group commit, once for the whole batch).
func (s *sqlStore) Rotate(ctx context.Context, r Rotation) (RotateResult, error) {
	w := &tokenWrite{blacklist: &tokenRow{r.Old, r.UserID, r.OldExpires, ""},
		outstanding: []tokenRow{{r.Next, r.UserID, r.Expires, r.Old}}}
	if s.gc != nil {
		w.checkFamily = r.Next
	}
	if err := s.write(ctx, w); err != nil {
		return 0, fmt.Errorf("rotate: %w", err)
	}
	if !w.added {
		return RotateSpent, nil
	}
	live, err := s.liveAfter(ctx, w, r.Next, r.UserID, r.Expires)
	if err != nil {
		return 0, fmt.Errorf("rotate: %w", err)
	}
	if !live {
		return RotateRevoked, nil
	}
	return Rotated, nil
}

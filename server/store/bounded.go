package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// bounded is a store whose every call ends within timeout, and whose
// lost-connection errors say ErrUnavailable. A dead PostgreSQL must not
// hold a request: with the server stopped a connect fails at once, but an
// unreachable host or a pool waiting for a connection that never frees
// would wait as long as the client does.
type bounded struct {
	s       *sqlStore
	timeout time.Duration // 0: the caller's context alone
}

// call runs f under the timeout and classifies its error.
func call[T any](b *bounded, ctx context.Context, f func(context.Context) (T, error)) (T, error) {
	inner, cancel := ctx, context.CancelFunc(func() {})
	if b.timeout > 0 {
		inner, cancel = context.WithTimeout(ctx, b.timeout)
	}
	defer cancel()
	v, err := f(inner)
	if err == nil {
		return v, nil
	}
	switch {
	case IsUnavailable(err):
	case inner.Err() != nil && ctx.Err() == nil:
		// Our deadline, not the caller's: the database is too slow.
		err = fmt.Errorf("%w: no answer within %v: %w", ErrUnavailable, b.timeout, err)
	case connectionLost(err):
		err = fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return v, err
}

// connectionLost matches a connection that broke under a query: pgx
// returns the network error or the unexpected end of the stream it met
// (wrapped in its own unexported type). It is checked only on errors a
// store returned, never on a request's own network errors.
func connectionLost(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// connDead matches an error that means the connection itself is gone
// (the server restarted or the socket broke), not the database refusing.
func connDead(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")
	}
	return errors.Is(err, driver.ErrBadConn) || connectionLost(err)
}

func call0(b *bounded, ctx context.Context, f func(context.Context) error) error {
	_, err := call(b, ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, f(ctx) })
	return err
}

func (b *bounded) AddUser(ctx context.Context, username, passwordHash string) (User, error) {
	return call(b, ctx, func(ctx context.Context) (User, error) { return b.s.AddUser(ctx, username, passwordHash) })
}

func (b *bounded) UserByUsername(ctx context.Context, username string) (User, error) {
	return call(b, ctx, func(ctx context.Context) (User, error) { return b.s.UserByUsername(ctx, username) })
}

func (b *bounded) UserByID(ctx context.Context, id int64) (User, error) {
	return call(b, ctx, func(ctx context.Context) (User, error) { return b.s.UserByID(ctx, id) })
}

func (b *bounded) Users(ctx context.Context) ([]User, error) {
	return call(b, ctx, b.s.Users)
}

func (b *bounded) SetPasswordHash(ctx context.Context, username, passwordHash string) error {
	return call0(b, ctx, func(ctx context.Context) error { return b.s.SetPasswordHash(ctx, username, passwordHash) })
}

func (b *bounded) SetActive(ctx context.Context, username string, active bool) error {
	return call0(b, ctx, func(ctx context.Context) error { return b.s.SetActive(ctx, username, active) })
}

func (b *bounded) AddOutstanding(ctx context.Context, jti string, userID int64, expires time.Time) error {
	return call0(b, ctx, func(ctx context.Context) error { return b.s.AddOutstanding(ctx, jti, userID, expires) })
}

func (b *bounded) Blacklist(ctx context.Context, jti string, userID int64, expires time.Time) (bool, error) {
	return call(b, ctx, func(ctx context.Context) (bool, error) { return b.s.Blacklist(ctx, jti, userID, expires) })
}

func (b *bounded) IsBlacklisted(ctx context.Context, jti string) (bool, error) {
	return call(b, ctx, func(ctx context.Context) (bool, error) { return b.s.IsBlacklisted(ctx, jti) })
}

func (b *bounded) AddRotated(ctx context.Context, jti, parent string, userID int64, expires, now time.Time) (bool, error) {
	return call(b, ctx, func(ctx context.Context) (bool, error) {
		return b.s.AddRotated(ctx, jti, parent, userID, expires, now)
	})
}

func (b *bounded) Rotate(ctx context.Context, r Rotation) (RotateResult, error) {
	return call(b, ctx, func(ctx context.Context) (RotateResult, error) { return b.s.Rotate(ctx, r) })
}

func (b *bounded) RevokeFamily(ctx context.Context, jti string, now time.Time) (int64, error) {
	return call(b, ctx, func(ctx context.Context) (int64, error) { return b.s.RevokeFamily(ctx, jti, now) })
}

func (b *bounded) RevokeUser(ctx context.Context, userID int64, now time.Time) (int64, error) {
	return call(b, ctx, func(ctx context.Context) (int64, error) { return b.s.RevokeUser(ctx, userID, now) })
}

func (b *bounded) BlacklistedAt(ctx context.Context, jti string) (time.Time, error) {
	return call(b, ctx, func(ctx context.Context) (time.Time, error) { return b.s.BlacklistedAt(ctx, jti) })
}

func (b *bounded) UpgradePasswordHash(ctx context.Context, id int64, oldHash, newHash string) (bool, error) {
	return call(b, ctx, func(ctx context.Context) (bool, error) { return b.s.UpgradePasswordHash(ctx, id, oldHash, newHash) })
}

// Import is an operator's command (users import-django) writing a whole
// user table in one transaction; like Flush it gets no bound but its
// caller's.
func (b *bounded) Import(ctx context.Context, users []ImportUser, tokens []ImportToken) (ImportResult, error) {
	return b.s.Import(ctx, users, tokens)
}

// ForeignHashes reads every imported hash not yet replaced, which on a
// large import takes longer than one query should; the server bounds it
// with a context of its own.
func (b *bounded) ForeignHashes(ctx context.Context, fn func(hash string)) error {
	return b.s.ForeignHashes(ctx, fn)
}

// Flush is an operator's command over every expired row; it gets no
// bound but its caller's, so a large first flush is not cut short.
func (b *bounded) Flush(ctx context.Context, cutoff time.Time) (outstanding, blacklisted int64, err error) {
	return b.s.Flush(ctx, cutoff)
}

func (b *bounded) Ping(ctx context.Context) error { return call0(b, ctx, b.s.Ping) }

func (b *bounded) Close() error { return b.s.Close() }

// Package store keeps jwtlab's users and token blacklist: in an embedded
// SQLite file by default, or in PostgreSQL when several server instances
// share one database behind nginx.
package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Errors a Store returns; callers match them with errors.Is.
var (
	ErrNotFound      = errors.New("not found")
	ErrUsernameTaken = errors.New("username already taken")
	ErrClosed        = errors.New("store closed")
	ErrNoDatabase    = errors.New("no database")
)

// User is one account, shaped like Django's auth_user where it matters:
// an integer primary key, a case-sensitive username and an is_active flag.
type User struct {
	ID           int64
	Username     string
	PasswordHash string // PHC argon2id string ($argon2id$v=19$m=19456,t=2,p=1$...), or a Django hash until the first login after users import-django
	Active       bool
	Joined       time.Time
}

// Store is what the server needs from its database.
type Store interface {
	// AddUser creates an active user; the first user gets ID 1.
	AddUser(ctx context.Context, username, passwordHash string) (User, error)
	UserByUsername(ctx context.Context, username string) (User, error)
	UserByID(ctx context.Context, id int64) (User, error)
	Users(ctx context.Context) ([]User, error)
	SetPasswordHash(ctx context.Context, username, passwordHash string) error
	SetActive(ctx context.Context, username string, active bool) error
	// UpgradePasswordHash, Import and ForeignHashes are in import.go.
	UpgradePasswordHash(ctx context.Context, id int64, oldHash, newHash string) (bool, error)
	Import(ctx context.Context, users []ImportUser, tokens []ImportToken) (ImportResult, error)
	ForeignHashes(ctx context.Context, fn func(hash string)) error

	// AddOutstanding records an issued refresh token, as simplejwt's
	// OutstandingToken table does, so an operator can see and revoke it.
	AddOutstanding(ctx context.Context, jti string, userID int64, expires time.Time) error
	// Blacklist revokes the token with this jti. It reports false when the
	// jti was already blacklisted. It returns only once the row is durable.
	Blacklist(ctx context.Context, jti string, userID int64, expires time.Time) (bool, error)
	IsBlacklisted(ctx context.Context, jti string) (bool, error)

	// Families, logout everywhere and flushing: see revoke.go.
	AddRotated(ctx context.Context, jti, parent string, userID int64, expires, now time.Time) (bool, error)
	RevokeFamily(ctx context.Context, jti string, now time.Time) (int64, error)
	RevokeUser(ctx context.Context, userID int64, now time.Time) (int64, error)
	BlacklistedAt(ctx context.Context, jti string) (time.Time, error)
	Flush(ctx context.Context, cutoff time.Time) (outstanding, blacklisted int64, err error)
	// Rotate retires the refresh token old and records next, minted from
	// it, in one commit: see rotate.go.
	Rotate(ctx context.Context, r Rotation) (RotateResult, error)

	// Ping checks the database answers, for /readyz.
	Ping(ctx context.Context) error
	Close() error
}

// Options tune how a store uses its connections. The server profiles
// set them: dev mirrors Django's defaults, prod pools and prepares.
type Options struct {
	// MaxOpen bounds open connections (0 = unlimited).
	MaxOpen int
	// MaxIdle is how many connections are kept between requests. Zero
	// means a new connection per request, as Django's CONN_MAX_AGE=0.
	MaxIdle int
	// Prepare prepares every statement once at open, instead of parsing
	// the SQL again on each query.
	Prepare bool
	// Timeout bounds each store call, connecting and waiting for a pooled
	// connection included; a call that runs out of it fails with an error
	// IsUnavailable matches. Zero means no bound but the caller's context.
	Timeout time.Duration
	// GroupCommit commits the token writes of concurrent requests
	// (Blacklist, AddOutstanding, AddRotated, Rotate) together: one
	// transaction and one fsync for many rows, each caller answered once
	// its rows are durable. false commits each write on its own. The
	// committer keeps one connection of its own, so MaxOpen must leave
	// the readers at least one (MaxOpen 1 gets no group commit).
	GroupCommit bool
	// GroupRead answers the blacklist lookups (IsBlacklisted) of
	// concurrent requests with one query, each from a read that began
	// after it was asked. false runs a query per lookup. Like the
	// committer, the reader keeps a connection of its own.
	GroupRead bool
}

// Open opens the store named by dsn: a postgres:// or postgresql:// URL
// opens PostgreSQL; anything else is a SQLite file path (":memory:" for a
// private in-memory database).
func Open(ctx context.Context, dsn string, opt Options) (Store, error) {
	if isPostgres(dsn) {
		return OpenPostgres(ctx, dsn, opt)
	}
	return OpenSQLite(ctx, dsn, opt)
}

// OpenExisting is Open for a database that must already be there: a
// SQLite path that does not exist is ErrNoDatabase, and no file is
// created, since SQLite would create one and a typo would look like an
// empty database. PostgreSQL URLs and ":memory:" open as with Open.
func OpenExisting(ctx context.Context, dsn string, opt Options) (Store, error) {
	if !isPostgres(dsn) && dsn != ":memory:" && dsn != "" {
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w at %s", ErrNoDatabase, dsn)
		}
	}
	return Open(ctx, dsn, opt)
}

package store

import (
	"database/sql/driver"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnavailable marks a failure of the database rather than of the
// request: the disk is full, the file read-only, the connection lost.
// A store may wrap it; IsUnavailable also recognises the drivers' own
// errors, so callers need not know which database answered.
var ErrUnavailable = errors.New("store unavailable")

// unavailable lists one check per database driver; a new backend adds
// its own.
var unavailable = []func(error) bool{isSQLiteUnavailable, isPostgresUnavailable}

// IsUnavailable reports whether err means the database cannot serve
// now, so that the request may succeed later (the server answers 503
// with Retry-After), as opposed to a bug or bad input.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) {
		return true
	}
	for _, f := range unavailable {
		if f(err) {
			return true
		}
	}
	return false
}

// isSQLiteUnavailable matches SQLite's primary result codes for a
// database that cannot be written or read now
// (https://www.sqlite.org/rescode.html).
func isSQLiteUnavailable(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff { // the primary code; extended codes add bits above it
	case sqlite3.SQLITE_FULL, // disk or quota full
		sqlite3.SQLITE_READONLY, // file, directory or mount read-only
		sqlite3.SQLITE_IOERR,    // the OS refused a read, write or fsync
		sqlite3.SQLITE_CANTOPEN, // the file or its -wal/-shm cannot be opened
		sqlite3.SQLITE_BUSY,     // the write lock was not free within busy_timeout
		sqlite3.SQLITE_NOMEM:    // SQLite could not allocate
		return true
	}
	return false
}

// isPostgresUnavailable matches pgx's errors for a PostgreSQL server that
// cannot serve now: its SQLSTATE classes for a lost connection, a full
// disk and an operator stopping it
// (https://www.postgresql.org/docs/15/errcodes-appendix.html), and pgx's
// own errors for a connect that failed or a request it never sent.
// A connection that broke mid-query (a network error, an unexpected EOF)
// is matched by the store itself, which knows the error came from the
// database (see bounded).
func isPostgresUnavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"),  // insufficient resources: disk full (53100), out of memory, too many connections
			strings.HasPrefix(pe.Code, "57P"), // admin_shutdown 57P01, crash_shutdown 57P02, cannot_connect_now 57P03
			pe.Code == "25006":                // read_only_sql_transaction: a standby, or default_transaction_read_only
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err)
}

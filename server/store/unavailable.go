package store

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnavailable marks a failure of the database rather than of the
// request: the disk is full, the file read-only, the connection lost.
// A store may wrap it; IsUnavailable also recognises the drivers' own
// errors, so callers need not know which database answered.
var ErrUnavailable = errors.New("store unavailable")

// unavailable lists one check per database driver; a new backend
// (PostgreSQL's connection and disk errors) adds its own.
var unavailable = []func(error) bool{isSQLiteUnavailable}

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

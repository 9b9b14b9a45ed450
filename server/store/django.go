package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"
)

// Errors from ReadDjango.
var (
	ErrNotDjango  = errors.New("not a Django database")
	ErrNoAuthUser = errors.New("no auth_user table")
)

// DjangoData is what ReadDjango found: the rows of Django's auth_user,
// and simplejwt's outstanding refresh tokens with their blacklisting.
type DjangoData struct {
	Users  []ImportUser
	Tokens []ImportToken
	// HasBlacklist is false when the token_blacklist app's tables are
	// missing (a project without rest_framework_simplejwt.token_blacklist).
	HasBlacklist bool
}

// ReadDjango reads a Django project's database without changing it: a
// SQLite file (opened read-only) or a postgres:// URL. It needs the
// django_migrations and auth_user tables (the default user model); the
// token_blacklist_outstandingtoken and token_blacklist_blacklistedtoken
// tables are read when present. Everything is read into memory, so that
// nothing is written until all of it has been checked.
func ReadDjango(ctx context.Context, dsn string) (DjangoData, error) {
	db, exists, err := openDjango(ctx, dsn)
	if err != nil {
		return DjangoData{}, err
	}
	defer db.Close()
	var d DjangoData
	if ok, err := exists("django_migrations"); err != nil {
		return d, err
	} else if !ok {
		return d, fmt.Errorf("%q: %w (no django_migrations table)", Redact(dsn), ErrNotDjango)
	}
	if ok, err := exists("auth_user"); err != nil {
		return d, err
	} else if !ok {
		return d, fmt.Errorf("%q: %w: is django.contrib.auth installed and migrated, with the default user model?", Redact(dsn), ErrNoAuthUser)
	}
	if d.Users, err = readDjangoUsers(ctx, db); err != nil {
		return d, fmt.Errorf("read auth_user: %w", err)
	}
	out, err := exists("token_blacklist_outstandingtoken")
	if err != nil {
		return d, err
	}
	bl, err := exists("token_blacklist_blacklistedtoken")
	if err != nil {
		return d, err
	}
	if d.HasBlacklist = out && bl; d.HasBlacklist {
		if d.Tokens, err = readDjangoTokens(ctx, db); err != nil {
			return d, fmt.Errorf("read token_blacklist tables: %w", err)
		}
	}
	return d, nil
}

// openDjango opens dsn and returns a function that says whether a table
// exists in it.
func openDjango(ctx context.Context, dsn string) (*sql.DB, func(string) (bool, error), error) {
	if isPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", Redact(dsn), err)
		}
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, nil, fmt.Errorf("open %s: %w", Redact(dsn), err)
		}
		// to_regclass follows search_path, as Django's own queries do.
		return db, func(table string) (bool, error) {
			var ok bool
			err := db.QueryRowContext(ctx, `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&ok)
			return ok, err
		}, nil
	}
	// SQLite would create a missing file; a typo must not look like an
	// empty database.
	fi, err := os.Stat(dsn)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%q: %w (not a regular file)", dsn, ErrNotDjango)
	}
	db, err := sql.Open("sqlite", "file:"+dsn+"?"+url.Values{"mode": {"ro"}}.Encode())
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", dsn, err)
	}
	return db, func(table string) (bool, error) {
		var n int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n)
		if err != nil {
			// "file is not a database" and the like.
			return false, fmt.Errorf("%q: %w (%v)", dsn, ErrNotDjango, err)
		}
		return n > 0, nil
	}, nil
}

func readDjangoUsers(ctx context.Context, db *sql.DB) ([]ImportUser, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, username, password, is_active, date_joined FROM auth_user ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r scanner) (ImportUser, error) {
		var u ImportUser
		var joined any
		err := r.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Active, &joined)
		if err != nil {
			return u, err
		}
		if u.Joined, err = djangoTime(joined); err != nil {
			return u, fmt.Errorf("user %q: date_joined: %w", u.Username, err)
		}
		return u, nil
	})
}

func readDjangoTokens(ctx context.Context, db *sql.DB) ([]ImportToken, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT o.jti, o.user_id, o.created_at, o.expires_at, b.blacklisted_at
		FROM token_blacklist_outstandingtoken o
		LEFT JOIN token_blacklist_blacklistedtoken b ON b.token_id = o.id
		ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r scanner) (ImportToken, error) {
		var t ImportToken
		var user sql.NullInt64
		var created, expires, blacklisted any
		err := r.Scan(&t.JTI, &user, &created, &expires, &blacklisted)
		if err != nil {
			return t, err
		}
		t.UserID = user.Int64 // 0 when the user was deleted (SET_NULL)
		for _, f := range []struct {
			dst *time.Time
			src any
		}{{&t.Created, created}, {&t.Expires, expires}, {&t.Blacklisted, blacklisted}} {
			if *f.dst, err = djangoTime(f.src); err != nil {
				return t, fmt.Errorf("token %s: %w", t.JTI, err)
			}
		}
		return t, nil
	})
}

// djangoTime reads a DateTimeField: a time.Time from PostgreSQL (and
// from SQLite when the driver parses it), else the text Django's SQLite
// backend writes (UTC, "2006-01-02 15:04:05.999999"). NULL is the zero
// time.
func djangoTime(v any) (time.Time, error) {
	switch v := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return v.UTC(), nil
	case []byte:
		return djangoTime(string(v))
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", time.RFC3339Nano} {
			if t, err := time.Parse(layout, v); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("unreadable datetime %q", v)
	}
	return time.Time{}, fmt.Errorf("unreadable datetime of type %T", v)
}

// Redact hides the password of a postgres:// URL, for messages; a file
// path comes back unchanged.
func Redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrIDTaken means an imported user's id belongs to another username
// here. Ids must be kept (a token minted elsewhere names its user by
// id), so the import stops rather than let the token act as someone else.
var ErrIDTaken = errors.New("user id held by another username")

// ImportUser is a user brought from another system with its id.
type ImportUser struct {
	ID           int64
	Username     string
	PasswordHash string // kept as it was; the server rehashes at first login
	Active       bool
	Joined       time.Time
}

// ImportToken is a refresh token issued by another system, as
// simplejwt's OutstandingToken and BlacklistedToken rows record it.
type ImportToken struct {
	JTI         string
	UserID      int64 // 0 when the user was deleted there
	Created     time.Time
	Expires     time.Time
	Blacklisted time.Time // zero: not blacklisted
}

// ImportResult counts what an Import wrote and skipped.
type ImportResult struct {
	Users        int // users added
	SkippedUsers int // usernames already here, left as they are
	Outstanding  int // outstanding token rows added
	Blacklisted  int // blacklisted jtis added
}

const (
	qImportIDOwner   = `SELECT username FROM users WHERE id = ?`
	qImportUser      = `INSERT INTO users (id, username, password_hash, active, joined) VALUES (?, ?, ?, ?, ?)`
	qUpgradePassword = `UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?`
	// Ours are PHC argon2id strings; Django's unusable passwords start
	// with "!" (its UNUSABLE_PASSWORD_PREFIX). Neither LIKE pattern holds
	// a wildcard but the final %.
	qForeignHashes = `SELECT password_hash FROM users WHERE password_hash NOT LIKE '$argon2id$%' AND password_hash NOT LIKE '!%'`
	// The sequence only moves up: ids of deleted users are not handed out again either.
	qPostgresReserveIDs = `SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST(
		COALESCE(pg_sequence_last_value(pg_get_serial_sequence('users', 'id')::regclass), 0),
		COALESCE((SELECT MAX(id) FROM users), 0), $1, 1))`
	qSQLiteSeedIDs    = `INSERT INTO sqlite_sequence (name, seq) SELECT 'users', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'users')`
	qSQLiteReserveIDs = `UPDATE sqlite_sequence SET seq = ? WHERE name = 'users' AND seq < ?`
)

// Import adds users with their ids, and their refresh tokens, in one
// transaction: on any error nothing is written. A username already here
// is skipped (so an import can be run again); an id held by another
// username stops the import with ErrIDTaken. Tokens already recorded
// are skipped. Users added later get ids above the imported ones.
// qImportBlacklisted writes a blacklist row with Django's blacklisted_at
// (no RETURNING: the import counts rows, it does not race).
const qImportBlacklisted = insertBlacklisted + rowTokens + onConflictJTI

func (s *sqlStore) Import(ctx context.Context, users []ImportUser, tokens []ImportToken) (ImportResult, error) {
	var r ImportResult
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return r, fmt.Errorf("import: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	for _, u := range users {
		var owner string
		err := tx.QueryRowContext(ctx, s.rebind(qImportIDOwner), u.ID).Scan(&owner)
		switch {
		case err == nil && owner != u.Username:
			return ImportResult{}, fmt.Errorf("import user %q: id %d is %q's here: %w", u.Username, u.ID, owner, ErrIDTaken)
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return ImportResult{}, fmt.Errorf("import user %q: %w", u.Username, err)
		}
		var id int64
		err = tx.QueryRowContext(ctx, s.rebind(`SELECT id FROM users WHERE username = ?`), u.Username).Scan(&id)
		switch {
		case err == nil:
			r.SkippedUsers++
			continue
		case !errors.Is(err, sql.ErrNoRows):
			return ImportResult{}, fmt.Errorf("import user %q: %w", u.Username, err)
		}
		if _, err := tx.ExecContext(ctx, s.rebind(qImportUser), u.ID, u.Username, u.PasswordHash, u.Active, u.Joined.Unix()); err != nil {
			return ImportResult{}, fmt.Errorf("import user %q: %w", u.Username, err)
		}
		r.Users++
	}
	if err := s.reserveIDs(ctx, tx, users); err != nil {
		return ImportResult{}, fmt.Errorf("import: move the id sequence: %w", err)
	}
	for _, t := range tokens {
		res, err := tx.ExecContext(ctx, s.rebind(qAddOutstandingOne), t.JTI, t.UserID, t.Expires.Unix(), t.Created.Unix())
		if err != nil {
			return ImportResult{}, fmt.Errorf("import token %s: %w", t.JTI, err)
		}
		r.Outstanding += affected(res)
		if t.Blacklisted.IsZero() {
			continue
		}
		res, err = tx.ExecContext(ctx, s.rebind(qImportBlacklisted), t.JTI, t.UserID, t.Expires.Unix(), t.Blacklisted.Unix())
		if err != nil {
			return ImportResult{}, fmt.Errorf("import blacklisted token %s: %w", t.JTI, err)
		}
		r.Blacklisted += affected(res)
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	return r, nil
}

// reserveIDs makes users added later get ids above every imported id,
// skipped users' included: a token the other system minted for a skipped
// user names its id there, and a new user here must never answer to it.
// A PostgreSQL identity column does not move its sequence when ids are
// given at all; SQLite's AUTOINCREMENT follows inserted ids, not skipped ones.
func (s *sqlStore) reserveIDs(ctx context.Context, tx *sql.Tx, users []ImportUser) error {
	var top int64
	for _, u := range users {
		top = max(top, u.ID)
	}
	if top == 0 {
		return nil
	}
	if s.d.name == "postgres" {
		_, err := tx.ExecContext(ctx, qPostgresReserveIDs, top)
		return err
	}
	if _, err := tx.ExecContext(ctx, qSQLiteSeedIDs); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, qSQLiteReserveIDs, top, top)
	return err
}

func affected(res sql.Result) int {
	n, err := res.RowsAffected()
	if err != nil {
		return 0
	}
	return int(n)
}

// UpgradePasswordHash replaces user id's password hash with newHash if
// it is still oldHash, and reports whether it did. The login handler
// calls it to swap an imported Django hash for argon2id; the condition
// keeps it from undoing a users passwd that ran in between.
func (s *sqlStore) UpgradePasswordHash(ctx context.Context, id int64, oldHash, newHash string) (bool, error) {
	res, err := s.exec(ctx, qUpgradePassword, newHash, id, oldHash)
	if err != nil {
		return false, fmt.Errorf("upgrade password hash: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("upgrade password hash: %w", err)
	}
	return n == 1, nil
}

// ForeignHashes calls fn with each stored password hash that is neither
// ours (argon2id) nor an unusable password: the hashes users
// import-django brought that no login has replaced yet. It reads the
// users table once, as a stream; fn must not call the store.
func (s *sqlStore) ForeignHashes(ctx context.Context, fn func(hash string)) error {
	rows, err := s.db.QueryContext(ctx, qForeignHashes)
	if err != nil {
		return fmt.Errorf("foreign hashes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return fmt.Errorf("foreign hashes: %w", err)
		}
		fn(h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("foreign hashes: %w", err)
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// revokeSchema holds what logout-everywhere and reuse detection add to
// simplejwt's two tables. It is the same SQL for SQLite and PostgreSQL,
// and every statement may run again, so an existing database upgrades in
// place at open; foldFamilies does the part that needs a transaction.
//
// A refresh token's family is the jti of the login's first refresh
// token. Its outstanding_tokens row names it, with the token's parent,
// when the token was minted by rotation; a login's token has NULL there,
// its family being its own jti. revoked_families marks a family whose
// every token is blacklisted, so that a token rotated while the family
// was being revoked is caught (see AddRotated).
var revokeSchema = []string{
	`CREATE TABLE IF NOT EXISTS revoked_families (
		family TEXT PRIMARY KEY,
		revoked_at BIGINT NOT NULL
	)`,
	// revoke-all reads a user's tokens, and so does a family's
	// revocation (qBlacklistChild).
	`CREATE INDEX IF NOT EXISTS outstanding_tokens_user ON outstanding_tokens (user_id)`,
	// Indexes by expiry served only flush, a maintenance job, and every
	// rotation paid for them: two more B-trees to write of the seven it
	// touches (without them, +17% rotations a second; NOTES.md, "Two
	// indexes fewer"). simplejwt's models have none either. Databases
	// made before lose them at open.
	`DROP INDEX IF EXISTS outstanding_tokens_expires`,
	`DROP INDEX IF EXISTS blacklisted_tokens_expires`,
}

const (
	// familyOf is the family of the jti given twice.
	familyOf = `COALESCE((SELECT family FROM outstanding_tokens WHERE jti = ?), ?)`

	qFamilyRevoked = `SELECT 1 FROM revoked_families WHERE family = ` + familyOf
	// qRevokedAmong, completed with a list of jtis minted by rotation
	// (they have a family), names those whose family is revoked.
	qRevokedAmong = `SELECT o.jti FROM outstanding_tokens o JOIN revoked_families r ON r.family = o.family WHERE o.jti IN `
	qMarkFamily   = `INSERT INTO revoked_families (family, revoked_at) VALUES (` + familyOf + `, ?) ON CONFLICT (family) DO NOTHING`
	// qBlacklistChild finds a family's tokens among its user's, by the
	// user index: every token of a family is its user's (rotation keeps
	// the user), and the jti given is outstanding or, once rotated,
	// blacklisted. An index by family would find them without reading
	// the user's other tokens, but every rotation would write it, at a
	// page of its own (NOTES.md, "A family's tokens by their user").
	qBlacklistChild = `INSERT INTO blacklisted_tokens (jti, user_id, expires, blacklisted_at)
		SELECT o.jti, o.user_id, o.expires, ? FROM outstanding_tokens o
		WHERE o.user_id IN (SELECT user_id FROM outstanding_tokens WHERE jti = ? UNION SELECT user_id FROM blacklisted_tokens WHERE jti = ?)
			AND o.expires > ? AND COALESCE(o.family, o.jti) = ` + familyOf + `
		ON CONFLICT (jti) DO NOTHING`
	// The CAST: PostgreSQL types a parameter under DISTINCT as text.
	qMarkUserFamilies = `INSERT INTO revoked_families (family, revoked_at)
		SELECT DISTINCT COALESCE(o.family, o.jti), CAST(? AS BIGINT) FROM outstanding_tokens o
		WHERE o.user_id = ? AND o.expires > ?
		ON CONFLICT (family) DO NOTHING`
	qBlacklistUser = `INSERT INTO blacklisted_tokens (jti, user_id, expires, blacklisted_at)
		SELECT o.jti, o.user_id, o.expires, ? FROM outstanding_tokens o
		WHERE o.user_id = ? AND o.expires > ?
		ON CONFLICT (jti) DO NOTHING`
	qBlacklistedAt = `SELECT blacklisted_at FROM blacklisted_tokens WHERE jti = ?`
	// A mark goes once no token is left of its family: none rotated into
	// it, nor its first. (IS NOT NULL: NOT IN a list holding NULL is
	// never true.)
	qFlushRevokedFamilies = `DELETE FROM revoked_families
		WHERE family NOT IN (SELECT family FROM outstanding_tokens WHERE family IS NOT NULL)
			AND family NOT IN (SELECT jti FROM outstanding_tokens)`
)

// foldFamilies upgrades a database made when a token's family was a row
// of its own, in refresh_families beside its outstanding row: it gives
// outstanding_tokens the family and parent columns and moves each family
// row into its token's, in one transaction. Each rotation then writes
// two B-trees fewer: the family table and its index by family (NOTES.md,
// "A family's tokens by their user"). An instance of the release before
// still writing refresh_families fails on the dropped table, so stop
// every instance before starting upgraded ones on a shared database.
func foldFamilies(ctx context.Context, db *sql.DB, d dialect) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.lockSchema != "" {
		if _, err := tx.ExecContext(ctx, d.lockSchema); err != nil {
			return err
		}
	}
	cols, err := scanJTIs(tx.QueryContext(ctx, d.columns, "outstanding_tokens"))
	if err != nil {
		return err
	}
	var steps []string
	if !slices.Contains(cols, "family") {
		steps = append(steps, `ALTER TABLE outstanding_tokens ADD COLUMN family TEXT`, `ALTER TABLE outstanding_tokens ADD COLUMN parent TEXT`)
	}
	if old, err := scanJTIs(tx.QueryContext(ctx, d.columns, "refresh_families")); err != nil {
		return err
	} else if len(old) > 0 {
		steps = append(steps, `UPDATE outstanding_tokens SET
			family = (SELECT f.family FROM refresh_families f WHERE f.jti = outstanding_tokens.jti),
			parent = (SELECT f.parent FROM refresh_families f WHERE f.jti = outstanding_tokens.jti)
			WHERE jti IN (SELECT jti FROM refresh_families)`,
			`DROP TABLE refresh_families`)
	}
	if len(steps) == 0 {
		return nil
	}
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// AddRotated records a refresh token minted by rotating parent: an
// outstanding row in parent's family. It reports false when the family
// has been revoked, even by a revocation running at this very moment; the
// new token is then blacklisted and must not be handed out.
//
// Why no revocation is missed: AddRotated writes its rows, then reads the
// family's mark; a revocation writes the mark, then blacklists the rows it
// reads. Each statement commits on its own, so whichever of the two reads
// runs second sees the other's write.
func (s *sqlStore) AddRotated(ctx context.Context, jti, parent string, userID int64, expires, now time.Time) (bool, error) {
	// The mark is read after the commit, never inside it (see above).
	w := &tokenWrite{outstanding: []tokenRow{{jti, userID, expires, parent}}}
	if s.gc != nil {
		w.checkFamily = jti
	}
	if err := s.write(ctx, w); err != nil {
		return false, fmt.Errorf("add rotated: %w", err)
	}
	return s.liveAfter(ctx, w, jti, userID, expires)
}

// liveAfter is familyLive for a write just made: the group committer has
// read the mark already when it was asked to (checkFamily).
func (s *sqlStore) liveAfter(ctx context.Context, w *tokenWrite, jti string, userID int64, expires time.Time) (bool, error) {
	if w.checkFamily == "" {
		return s.familyLive(ctx, jti, userID, expires)
	}
	if !w.revoked {
		return true, nil
	}
	if _, err := s.Blacklist(ctx, jti, userID, expires); err != nil {
		return false, err
	}
	return false, nil
}

// familyLive reads, after jti's rows committed, whether its family has
// been revoked; if so it blacklists jti and reports false.
func (s *sqlStore) familyLive(ctx context.Context, jti string, userID int64, expires time.Time) (bool, error) {
	var one int
	err := s.queryRow(ctx, qFamilyRevoked, jti, jti).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("family lookup: %w", err)
	}
	if _, err := s.Blacklist(ctx, jti, userID, expires); err != nil {
		return false, err
	}
	return false, nil
}

// RevokeFamily blacklists every unexpired refresh token of jti's family
// (the login jti descends from) and marks the family revoked. It returns
// how many tokens it blacklisted that were not blacklisted before. It
// reads all of the user's outstanding tokens (until flush, the expired
// ones too) to find the family's.
func (s *sqlStore) RevokeFamily(ctx context.Context, jti string, now time.Time) (int64, error) {
	if _, err := s.exec(ctx, qMarkFamily, jti, jti, now.Unix()); err != nil {
		return 0, fmt.Errorf("revoke family: %w", err)
	}
	res, err := s.exec(ctx, qBlacklistChild, now.Unix(), jti, jti, now.Unix(), jti, jti)
	if err != nil {
		return 0, fmt.Errorf("revoke family: %w", err)
	}
	return res.RowsAffected()
}

// RevokeUser blacklists every unexpired outstanding token of the user and
// marks their families revoked, so a rotation racing with it is caught.
// It returns how many tokens it blacklisted that were not before.
func (s *sqlStore) RevokeUser(ctx context.Context, userID int64, now time.Time) (int64, error) {
	if _, err := s.exec(ctx, qMarkUserFamilies, now.Unix(), userID, now.Unix()); err != nil {
		return 0, fmt.Errorf("revoke user %d: %w", userID, err)
	}
	res, err := s.exec(ctx, qBlacklistUser, now.Unix(), userID, now.Unix())
	if err != nil {
		return 0, fmt.Errorf("revoke user %d: %w", userID, err)
	}
	return res.RowsAffected()
}

// BlacklistedAt says when the token with this jti was blacklisted, to the
// second; ErrNotFound when it is not.
func (s *sqlStore) BlacklistedAt(ctx context.Context, jti string) (time.Time, error) {
	var at int64
	err := s.queryRow(ctx, qBlacklistedAt, jti).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, ErrNotFound
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("blacklist lookup: %w", err)
	}
	return time.Unix(at, 0), nil
}

// Flush deletes the outstanding and blacklist rows of tokens that expired
// at or before cutoff, as simplejwt's flushexpiredtokens does (there the
// blacklist rows go by cascade), and the marks of revoked families no
// token is left of. A deleted blacklist row cannot bring a token back:
// the token fails its own exp check first, provided cutoff allows for
// the server's leeway. It deletes a chunk at a time (flushExpired) and returns the
// counts; an error leaves the chunks before it deleted.
func (s *sqlStore) Flush(ctx context.Context, cutoff time.Time) (outstanding, blacklisted int64, err error) {
	c := cutoff.Unix()
	if blacklisted, err = s.flushExpired(ctx, "blacklisted_tokens", c); err != nil {
		return 0, 0, err
	}
	if outstanding, err = s.flushExpired(ctx, "outstanding_tokens", c); err != nil {
		return 0, 0, err
	}
	// Last, and in one statement: a mark goes only once nothing is left
	// of its family.
	if _, err = s.db.ExecContext(ctx, s.rebind(qFlushRevokedFamilies)); err != nil {
		return 0, 0, fmt.Errorf("flush: %w", err)
	}
	return outstanding, blacklisted, nil
}

// flushChunk is how many rows one transaction of Flush deletes: each
// holds the database's write lock for milliseconds, so a server on the
// same file commits between them instead of waiting out the whole flush
// (with the store timeout, a 503). A variable for tests.
var flushChunk = 1000

// flushExpired deletes the rows of table (a token table keyed by jti,
// with expires) that expired at or before cutoff. With no index by
// expiry, it walks the primary key from where the last chunk ended, so
// the table is read once however many chunks it takes; the reads take no
// write lock.
func (s *sqlStore) flushExpired(ctx context.Context, table string, cutoff int64) (int64, error) {
	next := s.rebind(`SELECT jti FROM ` + table + ` WHERE jti > ? AND expires <= ? ORDER BY jti LIMIT ?`)
	var deleted int64
	after := ""
	for {
		jtis, err := scanJTIs(s.db.QueryContext(ctx, next, after, cutoff, flushChunk))
		if err != nil {
			return deleted, fmt.Errorf("flush %s: %w", table, err)
		}
		if len(jtis) == 0 {
			return deleted, nil
		}
		args := padded(jtis)
		res, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM `+table+` WHERE jti IN `+inList(len(jtis))), args...)
		if err != nil {
			return deleted, fmt.Errorf("flush %s: %w", table, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return deleted, fmt.Errorf("flush %s: %w", table, err)
		}
		deleted += n
		if len(jtis) < flushChunk {
			return deleted, nil
		}
		after = jtis[len(jtis)-1]
	}
}

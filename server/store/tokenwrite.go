package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// tokenWrite is one caller's token rows: an optional blacklist row that
// decides, and outstanding and family rows written only when there is no
// blacklist row or it was new. Writes are data rather than code so that a
// batch of them runs as one multi-row INSERT per table: three statements
// for any number of rotations, where running each write's statements in
// turn would cost three round trips per rotation (PostgreSQL).
type tokenWrite struct {
	blacklist   *tokenRow // nil: none
	outstanding []tokenRow
	families    []familyRow

	// checkFamily, when set, is a jti whose family's revocation mark
	// the committer reads after the commit, for all of a batch's writes
	// in one query (see AddRotated for why after); revoked is the answer.
	checkFamily string
	revoked     bool
	checkErr    error // the read failed: the rows are committed, the answer unknown

	added bool // set by applyWrites: the blacklist row was new
}

type tokenRow struct {
	jti     string
	userID  int64
	expires time.Time
}

type familyRow struct {
	jti, parent string // the family is parent's, or parent itself
	expires     time.Time
}

// The multi-row statements; a batch of one is in allQueries, so that
// prepared stores prepare it.
const (
	insertBlacklisted  = `INSERT INTO blacklisted_tokens (jti, user_id, expires, blacklisted_at) VALUES `
	insertOutstanding  = `INSERT INTO outstanding_tokens (jti, user_id, expires, created) VALUES `
	insertFamilies     = `INSERT INTO refresh_families (jti, family, parent, expires) VALUES `
	rowTokens          = `(?, ?, ?, ?)`
	rowFamily          = `(?, ` + familyOf + `, ?, ?)`
	onConflictJTI      = ` ON CONFLICT (jti) DO NOTHING`
	returningJTI       = ` RETURNING jti`
	qBlacklistOne      = insertBlacklisted + rowTokens + onConflictJTI + returningJTI
	qAddOutstandingOne = insertOutstanding + rowTokens + onConflictJTI
	qAddFamilyOne      = insertFamilies + rowFamily + onConflictJTI
)

func multiRow(head, row string, n int, tail string) string {
	if n == 1 {
		return head + row + tail // the prepared text
	}
	return head + strings.Repeat(row+", ", n-1) + row + tail
}

// runner runs statements where a batch runs: a transaction, or the pool
// for one statement in autocommit.
type runner interface {
	exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// applyWrites writes the batch's rows, one statement per table, and sets
// each write's added. Of two writes in the batch blacklisting one jti the
// first wins; against another transaction, the database's unique key
// decides (ON CONFLICT DO NOTHING inserts only where no row is, and
// RETURNING names the rows it inserted).
func applyWrites(ctx context.Context, r runner, ws []*tokenWrite) error {
	now := time.Now().Unix()
	var args []any
	claimed := map[string]*tokenWrite{}
	for _, w := range ws {
		if b := w.blacklist; b != nil && claimed[b.jti] == nil {
			claimed[b.jti] = w
			args = append(args, b.jti, b.userID, b.expires.Unix(), now)
		}
	}
	if len(claimed) > 0 {
		rows, err := r.query(ctx, multiRow(insertBlacklisted, rowTokens, len(claimed), onConflictJTI+returningJTI), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var jti string
			if err := rows.Scan(&jti); err != nil {
				rows.Close()
				return err
			}
			claimed[jti].added = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	var out, fam []any
	for _, w := range ws {
		if w.blacklist != nil && !w.added {
			continue // spent by another request: write nothing
		}
		for _, o := range w.outstanding {
			out = append(out, o.jti, o.userID, o.expires.Unix(), now)
		}
		for _, f := range w.families {
			fam = append(fam, f.jti, f.parent, f.parent, f.parent, f.expires.Unix())
		}
	}
	if len(out) > 0 {
		if _, err := r.exec(ctx, multiRow(insertOutstanding, rowTokens, len(out)/4, onConflictJTI), out...); err != nil {
			return err
		}
	}
	if len(fam) > 0 {
		if _, err := r.exec(ctx, multiRow(insertFamilies, rowFamily, len(fam)/5, onConflictJTI), fam...); err != nil {
			return err
		}
	}
	return nil
}

// statements is how many statements applyWrites runs for w alone.
func (w *tokenWrite) statements() int {
	n := len(w.outstanding) + len(w.families)
	if w.blacklist != nil {
		n++
	}
	return n
}

// txRunner runs a batch's statements in its transaction.
type txRunner struct {
	tx     *sql.Tx
	rebind func(string) string
}

func (t txRunner) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.rebind(q), args...)
}

func (t txRunner) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.rebind(q), args...)
}

// write applies w: in the next group commit, or alone - in autocommit
// when it is one statement, else in a transaction of its own.
func (s *sqlStore) write(ctx context.Context, w *tokenWrite) error {
	if s.gc != nil {
		return s.gc.do(ctx, w)
	}
	if w.statements() == 1 {
		return applyWrites(ctx, s, []*tokenWrite{w})
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := applyWrites(ctx, txRunner{tx, s.rebind}, []*tokenWrite{w}); err != nil {
		return err
	}
	return tx.Commit()
}

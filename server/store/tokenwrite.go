package store

import (
	"context"
	"database/sql"
	"math/bits"
	"strings"
	"time"
)

// tokenWrite is one caller's token rows: an optional blacklist row that
// decides, and outstanding rows written only when there is no blacklist
// row or it was new. Writes are data rather than code so that a batch of
// them runs as one multi-row INSERT per statement kind (on SQLite a few:
// statementsFor), where running each write's statements in turn would
// cost two round trips per rotation (PostgreSQL).
type tokenWrite struct {
	blacklist   *tokenRow // nil: none
	outstanding []tokenRow

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
	// parent, on an outstanding row, is the refresh token this one was
	// rotated from: the row joins parent's family. "" for a login's.
	parent string
}

// The multi-row statements; a batch of one is in allQueries, so that
// prepared stores prepare it.
const (
	insertBlacklisted  = `INSERT INTO blacklisted_tokens (jti, user_id, expires, blacklisted_at) VALUES `
	insertOutstanding  = `INSERT INTO outstanding_tokens (jti, user_id, expires, created) VALUES `
	insertRotated      = `INSERT INTO outstanding_tokens (jti, user_id, expires, created, family, parent) VALUES `
	rowTokens          = `(?, ?, ?, ?)`
	rowRotated         = `(?, ?, ?, ?, ` + familyOf + `, ?)`
	onConflictJTI      = ` ON CONFLICT (jti) DO NOTHING`
	returningJTI       = ` RETURNING jti`
	qBlacklistOne      = insertBlacklisted + rowTokens + onConflictJTI + returningJTI
	qAddOutstandingOne = insertOutstanding + rowTokens + onConflictJTI
	qAddRotatedOne     = insertRotated + rowRotated + onConflictJTI
)

func multiRow(head, row string, n int, tail string) string {
	if n == 1 {
		return head + row + tail // the prepared text
	}
	return head + strings.Repeat(row+", ", n-1) + row + tail
}

// eachChunk splits n rows into runs of power-of-two sizes, largest first
// (18 = 16 + 2), and calls f with each run's first row and size: nine
// statement texts then serve every batch up to maxBatch, so each can be
// prepared once where a text per batch size had to be parsed each time.
func eachChunk(n int, f func(first, size int) error) error {
	for first := 0; first < n; {
		size := 1 << (bits.Len(uint(n-first)) - 1)
		if err := f(first, size); err != nil {
			return err
		}
		first += size
	}
	return nil
}

// runner runs statements where a batch runs: a transaction, or the pool
// for one statement in autocommit.
type runner interface {
	exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	// chunked says the runner prepares its statements, so a batch goes
	// in power-of-two chunks (eachChunk) that reuse a few texts.
	chunked() bool
}

// statementsFor calls f with the rows of each statement r runs for n
// rows: power-of-two chunks where r prepares its statements (SQLite),
// else all n in one, as every statement is a round trip to PostgreSQL,
// whose driver already keeps a prepared statement per text.
func statementsFor(r runner, n int, f func(first, size int) error) error {
	if r.chunked() {
		return eachChunk(n, f)
	}
	if n == 0 {
		return nil
	}
	return f(0, n)
}

// applyWrites writes the batch's rows, one statement per table (or per
// chunk: statementsFor), and sets each write's added. Of two writes in
// the batch blacklisting one jti the first wins; against another
// transaction, the database's unique key decides (ON CONFLICT DO NOTHING
// inserts only where no row is, and RETURNING names the rows it
// inserted).
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
	err := statementsFor(r, len(args)/4, func(first, size int) error {
		q := multiRow(insertBlacklisted, rowTokens, size, onConflictJTI+returningJTI)
		added, err := scanJTIs(r.query(ctx, q, args[4*first:4*(first+size)]...))
		for _, jti := range added {
			claimed[jti].added = true
		}
		return err
	})
	if err != nil {
		return err
	}
	var logins, rotated []any
	for _, w := range ws {
		if w.blacklist != nil && !w.added {
			continue // spent by another request: write nothing
		}
		for _, o := range w.outstanding {
			if o.parent == "" {
				logins = append(logins, o.jti, o.userID, o.expires.Unix(), now)
			} else {
				rotated = append(rotated, o.jti, o.userID, o.expires.Unix(), now, o.parent, o.parent, o.parent)
			}
		}
	}
	if err := insertRows(ctx, r, insertOutstanding, rowTokens, 4, logins); err != nil {
		return err
	}
	return insertRows(ctx, r, insertRotated, rowRotated, 7, rotated)
}

// insertRows inserts args, width to a row, with head and row as the
// statement's text.
func insertRows(ctx context.Context, r runner, head, row string, width int, args []any) error {
	return statementsFor(r, len(args)/width, func(first, size int) error {
		_, err := r.exec(ctx, multiRow(head, row, size, onConflictJTI), args[width*first:width*(first+size)]...)
		return err
	})
}

// statements is how many statements applyWrites runs for w alone.
func (w *tokenWrite) statements() int {
	n := len(w.outstanding)
	if w.blacklist != nil {
		n++
	}
	return n
}

// txRunner runs a batch's statements in its transaction, prepared once
// when prepared is set.
type txRunner struct {
	tx       *sql.Tx
	rebind   func(string) string
	prepared *stmtCache // nil: the text is parsed on each run
}

func (t txRunner) chunked() bool { return t.prepared != nil }

func (t txRunner) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if t.prepared == nil {
		return t.tx.ExecContext(ctx, t.rebind(q), args...)
	}
	st, err := t.prepared.get(ctx, t.rebind(q))
	if err != nil {
		return nil, err
	}
	return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

func (t txRunner) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if t.prepared == nil {
		return t.tx.QueryContext(ctx, t.rebind(q), args...)
	}
	st, err := t.prepared.get(ctx, t.rebind(q))
	if err != nil {
		return nil, err
	}
	return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

// stmtCache holds a committer's prepared statements by text. database/sql
// prepares each again on the connection a transaction uses, once, and
// keeps it there; only the committer's goroutine uses the cache. A
// statement of the pool is prepared first on a pool connection too: at
// most nine chunk sizes times three statements in a process's life, each
// under the batch's deadline.
type stmtCache struct {
	db    *sql.DB
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, q string) (*sql.Stmt, error) {
	if st := c.stmts[q]; st != nil {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[q] = st
	return st, nil
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
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
	if err := applyWrites(ctx, txRunner{tx: tx, rebind: s.rebind}, []*tokenWrite{w}); err != nil {
		return err
	}
	return tx.Commit()
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"strings"
	"time"
)

// qBlacklistedAmong, completed with a list of placeholders, finds which
// of the listed jtis are blacklisted.
const qBlacklistedAmong = `SELECT jti FROM blacklisted_tokens WHERE jti IN `

// groupRead answers the blacklist lookups of concurrent requests with one
// query. Every refresh reads the blacklist, and on SQLite most of what a
// lookup costs is not the lookup: it is starting a read (two fcntl locks
// on the WAL index), database/sql's bookkeeping and the driver's
// cancellation watcher, all paid once per batch here; on PostgreSQL the
// batch is one round trip. Each lookup is answered by a query that began
// after the lookup was handed over, so it sees every blacklist row
// committed before its request asked: as fresh as a query of its own.
type groupRead struct {
	*batcher[*pendingRead]
	own     ownConn
	rebind  func(string) string
	timeout time.Duration // bounds each batch; 0: none
}

type pendingRead struct {
	ctx    context.Context
	jti    string
	result chan readResult // buffered: the reader never waits for a caller
}

type readResult struct {
	black bool
	err   error
}

// newGroupRead starts a reader; prepare makes it prepare its queries
// once (see ownConn).
func newGroupRead(db *sql.DB, rebind func(string) string, timeout time.Duration, prepare bool) *groupRead {
	g := &groupRead{own: ownConn{db: db, prepare: prepare}, rebind: rebind, timeout: timeout}
	g.batcher = newBatcher(g.lookup)
	return g
}

// isBlacklisted reports whether jti is blacklisted, from the next batch.
func (g *groupRead) isBlacklisted(ctx context.Context, jti string) (bool, error) {
	p := &pendingRead{ctx: ctx, jti: jti, result: make(chan readResult, 1)}
	if err := g.submit(ctx, p); err != nil {
		return false, err
	}
	select {
	case r := <-p.result:
		return r.black, r.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// lookup answers a batch with one query, skipping the lookups whose
// caller has already gone; a failed query fails every lookup in it.
func (g *groupRead) lookup(batch []*pendingRead) {
	live := batch[:0]
	jtis := make([]string, 0, len(batch))
	asked := make(map[string]bool, len(batch))
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.result <- readResult{err: err}
			continue
		}
		live = append(live, p)
		if !asked[p.jti] {
			asked[p.jti] = true
			jtis = append(jtis, p.jti)
		}
	}
	if len(live) == 0 {
		return
	}
	ctx, cancel := batchContext(g.timeout)
	defer cancel()
	black, err := g.query(ctx, jtis)
	if err = batchErr(ctx, "group read", err); err != nil {
		err = fmt.Errorf("blacklist lookup: %w", err)
	}
	for _, p := range live {
		p.result <- readResult{black: black[p.jti], err: err}
	}
}

// query returns the blacklisted among jtis.
func (g *groupRead) query(ctx context.Context, jtis []string) (map[string]bool, error) {
	args := padded(jtis)
	q := g.rebind(qBlacklistedAmong + inList(len(args)))
	black := make(map[string]bool)
	err := g.own.use(ctx, func(*sql.Conn) error {
		jtis, err := scanJTIs(g.own.query(ctx, q, args...))
		for _, jti := range jtis {
			black[jti] = true
		}
		return err
	})
	return black, err
}

// padded is the arguments of an IN list of jtis, padded to a power of two
// by repeating the first, so that nine statement texts serve every batch
// size: each is prepared once (SQLite: ownConn.prepare; pgx keeps a
// prepared statement per text).
func padded(jtis []string) []any {
	args := make([]any, 1<<bits.Len(uint(len(jtis)-1)))
	for i := range args {
		args[i] = jtis[0]
		if i < len(jtis) {
			args[i] = jtis[i]
		}
	}
	return args
}

// inList is a parenthesised list of n placeholders, for IN.
func inList(n int) string {
	return "(" + strings.Repeat("?, ", n-1) + "?)"
}

// scanJTIs reads the rows of a query that returns one jti a row; it
// takes the query's results as they come, so that each caller queries
// where it runs (a connection, a transaction).
func scanJTIs(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var jtis []string
	for rows.Next() {
		var jti string
		if err := rows.Scan(&jti); err != nil {
			return nil, err
		}
		jtis = append(jtis, jti)
	}
	return jtis, rows.Err()
}

// close stops the reader after the batch in hand; lookups not yet handed
// over get ErrClosed.
func (g *groupRead) close() {
	g.batcher.close()
	g.own.drop()
}

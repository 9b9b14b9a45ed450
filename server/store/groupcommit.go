package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// groupCommit commits concurrent writes together. One goroutine takes a
// write, then every write that queued while the previous commit was
// syncing, runs them all in one transaction and commits once: under load
// many rows share one fsync; alone, a write waits for no timer. Every
// caller gets the batch's outcome only after the commit has returned, so
// an acknowledged row is durable, and a failed batch fails every write in
// it (the transaction rolled back: none of its rows was written).
type groupCommit struct {
	*batcher[*pendingWrite]
	own     ownConn
	rebind  func(string) string
	timeout time.Duration // bounds each batch; 0: none
	stmts   *stmtCache    // nil: statement texts are run as they are
}

type pendingWrite struct {
	ctx    context.Context
	w      *tokenWrite
	result chan error // buffered: the committer never waits for a caller
}

// newGroupCommit starts a committer; prepare makes it prepare its
// statements once (SQLite, whose driver parses a text on every run).
func newGroupCommit(db *sql.DB, rebind func(string) string, timeout time.Duration, prepare bool) *groupCommit {
	g := &groupCommit{own: ownConn{db: db, prepare: prepare}, rebind: rebind, timeout: timeout}
	if prepare {
		g.stmts = &stmtCache{db: db}
	}
	g.batcher = newBatcher(g.commit)
	return g
}

// do runs w in the next batch and returns once that batch has committed
// or failed, or ctx ends first (then w may still commit: the caller
// answers an error, never a success for an unwritten row).
func (g *groupCommit) do(ctx context.Context, w *tokenWrite) error {
	p := &pendingWrite{ctx: ctx, w: w, result: make(chan error, 1)}
	if err := g.submit(ctx, p); err != nil {
		return err
	}
	select {
	case err := <-p.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// commit runs the batch's writes in one transaction, skipping those whose
// caller has already gone.
func (g *groupCommit) commit(batch []*pendingWrite) {
	live := batch[:0]
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.result <- err
			continue
		}
		live = append(live, p)
	}
	if len(live) == 0 {
		return
	}
	ctx, cancel := batchContext(g.timeout)
	defer cancel()
	err := batchErr(ctx, "group commit", g.run(ctx, live))
	for _, p := range live {
		if err == nil {
			p.result <- p.w.checkErr
			continue
		}
		p.result <- err
	}
}

func (g *groupCommit) run(ctx context.Context, live []*pendingWrite) error {
	tx, err := g.begin(ctx)
	if err != nil {
		return fmt.Errorf("group commit: %w", err)
	}
	defer tx.Rollback()
	ws := make([]*tokenWrite, len(live))
	for i, p := range live {
		ws[i] = p.w
	}
	// One failed statement rolls back the batch: PostgreSQL aborts the
	// whole transaction on an error anyway, and the writes are
	// ON CONFLICT inserts that fail only when the database does.
	if err := applyWrites(ctx, txRunner{tx: tx, rebind: g.rebind, prepared: g.stmts}, ws); err != nil {
		return fmt.Errorf("group commit: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("group commit: %w", err)
	}
	g.readRevoked(ctx, ws)
	return nil
}

// readRevoked reads, after the commit, which of the batch's checkFamily
// jtis belong to a revoked family: one query for the batch where each
// write would have made its own. A token whose blacklist row lost wrote
// nothing and is not asked about. A failed read fails only the writes
// that asked: the others' rows are committed and their answer stands.
func (g *groupCommit) readRevoked(ctx context.Context, ws []*tokenWrite) {
	var jtis []string
	asked := map[string]*tokenWrite{}
	for _, w := range ws {
		if w.checkFamily != "" && (w.blacklist == nil || w.added) {
			asked[w.checkFamily] = w
			jtis = append(jtis, w.checkFamily)
		}
	}
	if len(jtis) == 0 {
		return
	}
	if err := batchErr(ctx, "group commit", g.queryRevoked(ctx, asked, jtis)); err != nil {
		for _, w := range asked {
			w.checkErr = fmt.Errorf("family lookup: %w", err)
		}
	}
}

// queryRevoked runs on the connection the batch committed on.
func (g *groupCommit) queryRevoked(ctx context.Context, asked map[string]*tokenWrite, jtis []string) error {
	args := padded(jtis)
	q := g.rebind(qRevokedAmong + inList(len(args)))
	revoked, err := scanJTIs(g.own.query(ctx, q, args...))
	for _, jti := range revoked {
		asked[jti].revoked = true
	}
	return err
}

// begin starts the batch's transaction on the committer's own
// connection.
func (g *groupCommit) begin(ctx context.Context) (*sql.Tx, error) {
	var tx *sql.Tx
	err := g.own.use(ctx, func(c *sql.Conn) error {
		var err error
		tx, err = c.BeginTx(ctx, nil)
		return err
	})
	return tx, err
}

// close stops the committer after the batch in hand; writes not yet
// handed over get ErrClosed.
func (g *groupCommit) close() {
	g.batcher.close()
	g.own.drop()
	if g.stmts != nil {
		g.stmts.close()
	}
}

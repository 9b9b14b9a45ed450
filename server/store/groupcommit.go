package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxBatch bounds the writes one group commit holds: a rotation is three
// small rows, so 256 writes are three statements of at most 1,280
// parameters (SQLite allows 32,766, PostgreSQL 65,535), and the bound
// keeps one transaction's locks short when a flood queues.
const maxBatch = 256

// groupCommit commits concurrent writes together. One goroutine takes a
// write, then every write that queued while the previous commit was
// syncing, runs them all in one transaction and commits once: under load
// many rows share one fsync; alone, a write waits for no timer. Every
// caller gets the batch's outcome only after the commit has returned, so
// an acknowledged row is durable, and a failed batch fails every write in
// it (the transaction rolled back: none of its rows was written).
type groupCommit struct {
	db      *sql.DB
	conn    *sql.Conn // the committer's own connection; nil until the first batch
	rebind  func(string) string
	timeout time.Duration // bounds each batch; 0: none
	ops     chan *pendingWrite
	quit    chan struct{}
	done    sync.WaitGroup

	batches, rows atomic.Int64 // commits made and the writes they held
}

type pendingWrite struct {
	ctx    context.Context
	w      *tokenWrite
	result chan error // buffered: the committer never waits for a caller
}

func newGroupCommit(db *sql.DB, rebind func(string) string, timeout time.Duration) *groupCommit {
	g := &groupCommit{db: db, rebind: rebind, timeout: timeout,
		// Unbuffered: a write is handed over only to a committer that is
		// there to take it, so none is stranded in a buffer at Close.
		ops:  make(chan *pendingWrite),
		quit: make(chan struct{})}
	g.done.Add(1)
	go g.loop()
	return g
}

// do runs w in the next batch and returns once that batch has committed
// or failed, or ctx ends first (then w may still commit: the caller
// answers an error, never a success for an unwritten row).
func (g *groupCommit) do(ctx context.Context, w *tokenWrite) error {
	p := &pendingWrite{ctx: ctx, w: w, result: make(chan error, 1)}
	select {
	case g.ops <- p:
	case <-ctx.Done():
		return ctx.Err()
	case <-g.quit:
		return ErrClosed
	}
	select {
	case err := <-p.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *groupCommit) loop() {
	defer g.done.Done()
	batch := make([]*pendingWrite, 0, maxBatch)
	for {
		select {
		case p := <-g.ops:
			batch = append(batch[:0], p)
		case <-g.quit:
			return
		}
		// Yield a few times before closing the batch, gathering after
		// each: on a busy core the requests about to hand over a write
		// are runnable but not running, and without this the committer
		// cut batches of one to three (measured: avg 1.2-4.6 rows under
		// jwtlab bench's rotate, 20 with it, and 2-3x the rotations a
		// second). On an idle core a yield returns at once.
		for round := range yields + 1 {
			if round > 0 {
				runtime.Gosched()
			}
		gather:
			for len(batch) < maxBatch {
				select {
				case p := <-g.ops:
					batch = append(batch, p)
				default:
					break gather
				}
			}
		}
		g.batches.Add(1)
		g.rows.Add(int64(len(batch)))
		g.commit(batch)
	}
}

// yields is how many times the committer yields the processor while
// gathering a batch; more measured no better.
const yields = 4

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
	// The batch has its own deadline: it serves several callers, so none
	// of their contexts may cut it short for the others.
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if g.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, g.timeout)
	}
	defer cancel()
	err := g.run(ctx, live)
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w: group commit: %w", ErrUnavailable, err)
	}
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
	if err := applyWrites(ctx, txRunner{tx, g.rebind}, ws); err != nil {
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
	var args []any
	asked := map[string]*tokenWrite{}
	for _, w := range ws {
		if w.checkFamily != "" && (w.blacklist == nil || w.added) {
			asked[w.checkFamily] = w
			args = append(args, w.checkFamily)
		}
	}
	if len(args) == 0 {
		return
	}
	if err := g.queryRevoked(ctx, asked, args); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		for _, w := range asked {
			w.checkErr = fmt.Errorf("family lookup: %w", err)
		}
	}
}

func (g *groupCommit) queryRevoked(ctx context.Context, asked map[string]*tokenWrite, args []any) error {
	q := qRevokedAmong + "(" + strings.Repeat("?, ", len(args)-1) + "?)"
	rows, err := g.conn.QueryContext(ctx, g.rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var jti string
		if err := rows.Scan(&jti); err != nil {
			return err
		}
		asked[jti].revoked = true
	}
	return rows.Err()
}

// begin starts the batch's transaction on the committer's own
// connection, so that it never queues for the pool behind the reads of
// the very requests it would answer. A connection the database dropped
// (a restart) is replaced once, so the first batch after an outage does
// not fail for a connection that died during it.
func (g *groupCommit) begin(ctx context.Context) (*sql.Tx, error) {
	for attempt := 0; ; attempt++ {
		if g.conn == nil {
			c, err := g.db.Conn(ctx)
			if err != nil {
				return nil, err
			}
			g.conn = c
		}
		tx, err := g.conn.BeginTx(ctx, nil)
		if err == nil || attempt == 1 || !connDead(err) {
			return tx, err
		}
		g.conn.Close()
		g.conn = nil
	}
}

// close stops the committer after the batch in hand; writes not yet
// handed over get ErrClosed.
func (g *groupCommit) close() {
	close(g.quit)
	g.done.Wait()
	if g.conn != nil {
		g.conn.Close()
	}
}

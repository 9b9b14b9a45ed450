package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// maxBatch bounds the calls one batch holds: a rotation is three small
// rows, so 256 writes are three statements of at most 1,280 parameters
// (SQLite allows 32,766, PostgreSQL 65,535), and the bound keeps one
// transaction's locks short when a flood queues.
const maxBatch = 256

// yields is how many times a batcher yields the processor while gathering
// a batch; more measured no better.
const yields = 4

// batcher hands the store calls of concurrent requests to one goroutine
// that serves them together: it takes a call, then every call that queued
// meanwhile, and passes them to serve in one batch. Under load many calls
// share one transaction (group commit) or one query (group read); alone,
// a call waits for no timer.
type batcher[T any] struct {
	ops   chan T
	quit  chan struct{}
	done  sync.WaitGroup
	serve func([]T)

	batches, items atomic.Int64 // batches served and the calls they held
}

func newBatcher[T any](serve func([]T)) *batcher[T] {
	b := &batcher[T]{serve: serve,
		// Unbuffered: a call is handed over only to a batcher that is
		// there to take it, so none is stranded in a buffer at close.
		ops:  make(chan T),
		quit: make(chan struct{})}
	b.done.Add(1)
	go b.loop()
	return b
}

// submit hands op to the batcher; the caller then waits for the answer
// op carries. It fails when ctx ends first or the batcher is closed.
func (b *batcher[T]) submit(ctx context.Context, op T) error {
	select {
	case b.ops <- op:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-b.quit:
		return ErrClosed
	}
}

func (b *batcher[T]) loop() {
	defer b.done.Done()
	batch := make([]T, 0, maxBatch)
	for {
		select {
		case op := <-b.ops:
			batch = append(batch[:0], op)
		case <-b.quit:
			return
		}
		// Yield a few times before closing the batch, gathering after
		// each: on a busy core the requests about to hand over a call
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
				case op := <-b.ops:
					batch = append(batch, op)
				default:
					break gather
				}
			}
		}
		b.batches.Add(1)
		b.items.Add(int64(len(batch)))
		b.serve(batch)
	}
}

// close stops the batcher after the batch in hand; calls not yet handed
// over get ErrClosed.
func (b *batcher[T]) close() {
	close(b.quit)
	b.done.Wait()
}

// batchContext is a batch's own deadline (none for a zero timeout): it
// serves several callers, so none of their contexts may cut it short for
// the others.
func batchContext(timeout time.Duration) (context.Context, context.CancelFunc) {
	if timeout > 0 {
		return context.WithTimeout(context.Background(), timeout)
	}
	return context.Background(), func() {}
}

// batchErr says ErrUnavailable of a batch that failed because its
// deadline ran out: the database is too slow.
func batchErr(ctx context.Context, what string, err error) error {
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("%w: %s: %w", ErrUnavailable, what, err)
	}
	return err
}

// ownConn is a batcher's own connection, so that its batches never queue
// for the pool behind the very requests they would answer. Only the
// batcher's goroutine uses it.
type ownConn struct {
	db   *sql.DB
	conn *sql.Conn // nil until the first batch, and after a drop
	// prepare makes query prepare each text once on the connection
	// (SQLite, whose driver parses a text on every run; pgx keeps its
	// own statement cache). The statements go with the connection. A
	// transaction's statements cannot come from here: database/sql
	// prepares a connection's statement again in every transaction,
	// which is why the committer's inserts use a stmtCache instead.
	prepare bool
	stmts   map[string]*sql.Stmt
}

// use runs f on the connection. A connection the database dropped (a
// restart) is replaced once, so the first batch after an outage does not
// fail for a connection that died during it; f must be safe to run again
// when it failed with such an error.
func (o *ownConn) use(ctx context.Context, f func(*sql.Conn) error) error {
	for attempt := 0; ; attempt++ {
		if o.conn == nil {
			c, err := o.db.Conn(ctx)
			if err != nil {
				return err
			}
			o.conn = c
		}
		err := f(o.conn)
		if err == nil || attempt == 1 || !connDead(err) {
			return err
		}
		o.drop()
	}
}

// query runs q on the connection, which must be open (inside use, or
// after a batch's transaction on it).
func (o *ownConn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if !o.prepare {
		return o.conn.QueryContext(ctx, q, args...)
	}
	st := o.stmts[q]
	if st == nil {
		var err error
		if st, err = o.conn.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		if o.stmts == nil {
			o.stmts = map[string]*sql.Stmt{}
		}
		o.stmts[q] = st
	}
	return st.QueryContext(ctx, args...)
}

func (o *ownConn) drop() {
	if o.conn == nil {
		return
	}
	for _, st := range o.stmts {
		st.Close()
	}
	o.stmts = nil
	o.conn.Close()
	o.conn = nil
}

package server

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// errHashBusy means every hash slot is taken and the queue is full.
var errHashBusy = errors.New("password hashing at capacity")

// hashGate bounds concurrent password hashes. Each argon2id hash holds
// 19 MiB and a core; without a bound a login flood takes every core and
// all the memory it likes, and token refreshes starve behind it.
type hashGate struct {
	slots   chan struct{} // nil: unbounded
	queue   int64
	niced   *nicedThreads // nil: hash on the caller's goroutine
	collect bool          // a garbage collection ends each hash's turn in its slot
	waiting atomic.Int64

	mu     sync.Mutex
	procs  int // GOMAXPROCS when no hash runs
	active int // hashes running with a P of their own
}

func newHashGate(slots, queue, nice int, collect bool) *hashGate {
	g := &hashGate{queue: int64(queue), procs: runtime.GOMAXPROCS(0), collect: collect}
	if nice > 0 {
		g.niced = newNicedThreads(nice)
	}
	if slots > 0 {
		g.slots = make(chan struct{}, slots)
	}
	return g
}

// do runs fn in a slot, waiting in the queue if there is room in it.
func (g *hashGate) do(ctx context.Context, fn func()) error {
	if g.slots == nil {
		fn()
		return nil
	}
	select {
	case g.slots <- struct{}{}:
	default:
		if g.waiting.Add(1) > g.queue {
			g.waiting.Add(-1)
			return errHashBusy
		}
		select {
		case g.slots <- struct{}{}:
			g.waiting.Add(-1)
		case <-ctx.Done():
			g.waiting.Add(-1)
			return ctx.Err()
		}
	}
	defer func() { <-g.slots }()
	if g.collect {
		// Runs before the slot is given back (defers run last first):
		// the hash's 19 MiB block is garbage now, and collecting it
		// before the next hash in the queue allocates lets that hash
		// take the same pages back, still in the cache; left to the
		// memory limit, the collection started only as the next block
		// was allocated, elsewhere (the reading NOTES.md's profile
		// supports). A process-wide collection, which is why
		// Config.GCAfterHash says so.
		defer runtime.GC()
	}
	if g.niced != nil {
		// Each running hash gets a P of its own, for as long as it
		// runs, so that it never holds the P token checks need: the
		// setup on the niced thread, and the passes that argon2 runs
		// in goroutines of its own, at the server's priority. An idle
		// extra P would cost the request path: the scheduler keeps
		// waking threads to look for work to steal.
		g.addProcs(1)
		defer g.addProcs(-1)
		g.niced.run(fn)
		return nil
	}
	fn()
	return nil
}

func (g *hashGate) addProcs(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active += n
	// This changes GOMAXPROCS for the whole process, not just this
	// gate: a niced hash must not hold one of the Ps that token checks
	// run on (see do), and the Go runtime has no per-goroutine P. It is
	// why Config.HashNice asks for one such server per process and no
	// other GOMAXPROCS setter while it serves: a second gate, or a
	// caller's own runtime.GOMAXPROCS, would be undone here when the
	// next hash starts or ends. Each call also stops the world briefly.
	runtime.GOMAXPROCS(g.procs + g.active)
}

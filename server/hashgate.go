package server

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// errHashBusy means every hash slot is taken and the queue is full.
var errHashBusy = errors.New("password hashing at capacity")

// hashGate bounds concurrent password hashes. Each argon2id hash holds
// 19 MiB and a core; without a bound a login flood takes every core and
// all the memory it likes, and token refreshes starve behind it.
type hashGate struct {
	slots chan struct{} // nil: unbounded
	queue int64
	niced *nicedThreads // nil: hash on the caller's goroutine
	// collect: a garbage collection ends each hash's turn in its slot,
	// and none is paced to start while a hash runs (holdGC).
	collect bool
	waiting atomic.Int64

	mu        sync.Mutex
	procs     int // GOMAXPROCS when no hash runs
	active    int // hashes running with a P of their own
	hashing   int // hashes running, when collect
	gcPercent int // GOGC to restore when the last of them ends
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
		g.holdGC()
		// Runs before the slot is given back (defers run last first):
		// the hash's 19 MiB block is garbage now, and collecting it
		// before the next hash in the queue allocates lets that hash
		// take the same pages back, still in the cache; left to the
		// memory limit, the collection started only as the next block
		// was allocated, elsewhere (the reading NOTES.md's profile
		// supports). A process-wide collection, which is why
		// Config.GCAfterHash says so.
		defer g.releaseGC()
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

// holdGC turns GOGC off while hashes run. After the collection that
// ended the last hash the heap holds about 1 MiB, and GOGC's smallest
// goal (4 MiB x GOGC/100: 16 MiB at prod's 400) is below the next hash's
// 19 MiB block, so allocating it started a collection of its own, two a
// login, the second marking beside the hash on its core and freeing
// nothing: the block is live until the hash ends (NOTES.md, "One
// collection a login"). The memory limit still bounds the heap meanwhile.
// GOGC is the whole process's, like GOMAXPROCS in addProcs: the gate sets
// it back when the last hash ends, to what it was when the first began,
// so a caller's own debug.SetGCPercent while hashes run is undone.
func (g *hashGate) holdGC() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.hashing == 0 {
		g.gcPercent = debug.SetGCPercent(-1)
	}
	g.hashing++
}

// releaseGC collects the hash's garbage, then gives GOGC back if no
// other hash runs.
func (g *hashGate) releaseGC() {
	runtime.GC()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hashing--
	if g.hashing == 0 {
		debug.SetGCPercent(g.gcPercent)
	}
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

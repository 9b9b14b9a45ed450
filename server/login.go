package server

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// errHashBusy means every hash slot is taken and the queue is full.
var errHashBusy = errors.New("password hashing at capacity")

// hashGate bounds concurrent password hashes. Each argon2id hash holds
// 19 MiB and a core; without a bound a login flood takes every core and
// all the memory it likes, and token refreshes starve behind it.
type hashGate struct {
	slots   chan struct{} // nil: unbounded
	queue   int64
	nice    int // > 0: hash on a thread of lower priority
	waiting atomic.Int64

	mu     sync.Mutex
	procs  int // GOMAXPROCS when no hash runs
	active int // hashes running on niced threads
}

func newHashGate(slots, queue, nice int) *hashGate {
	g := &hashGate{queue: int64(queue), nice: nice, procs: runtime.GOMAXPROCS(0)}
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
	if g.nice > 0 {
		// A niced thread only helps if the hash does not hold the P
		// that token checks need, so each running hash gets a P of its
		// own, for as long as it runs. An idle extra P would cost the
		// request path: the scheduler keeps waking threads to look
		// for work to steal.
		g.addProcs(1)
		defer g.addProcs(-1)
		runNiced(g.nice, fn)
		return nil
	}
	fn()
	return nil
}

func (g *hashGate) addProcs(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active += n
	runtime.GOMAXPROCS(g.procs + g.active)
}

// limiter is a set of token buckets, one per key (a client IP or a
// username). Buckets refill, so nobody is locked out for good.
type limiter struct {
	rate  float64 // tokens a second; 0 turns the limiter off
	burst float64
	now   func() time.Time
	mu    sync.Mutex
	b     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the limiter's memory (about 100 bytes a bucket).
// When it is reached, full buckets - keys that have been quiet long
// enough to refill - are dropped: forgetting them changes nothing.
const maxBuckets = 100_000

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: float64(burst), now: now, b: map[string]*bucket{}}
}

// refill brings key's bucket up to date and returns it; mu is held.
func (l *limiter) refill(key string) *bucket {
	now := l.now()
	b, ok := l.b[key]
	if !ok {
		if len(l.b) >= maxBuckets {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.b[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	return b
}

func (l *limiter) sweep(now time.Time) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.b, k)
		}
	}
}

// take spends one token; when there is none it says how long to wait.
func (l *limiter) take(key string) (time.Duration, bool) {
	if l.rate <= 0 {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(key)
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return l.wait(b), false
}

// peek reports whether key has a token left, without spending it.
func (l *limiter) peek(key string) (time.Duration, bool) {
	if l.rate <= 0 {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(key)
	if b.tokens >= 1 {
		return 0, true
	}
	return l.wait(b), false
}

func (l *limiter) wait(b *bucket) time.Duration {
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// clientIP is the address a request came from. X-Forwarded-For is
// believed only when the peer is a trusted proxy, and then only as far
// as the proxies we trust: the first untrusted address from the right
// is the client. Anyone can write X-Forwarded-For; only our nginx's
// entries are true.
func (s *Server) clientIP(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := peer.Addr().Unmap()
	if !s.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr = a.Unmap()
		if !s.trusted(addr) {
			break
		}
	}
	return addr.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

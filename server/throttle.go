package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a set of token buckets (golang.org/x/time/rate), one per
// key: a client address or a username. Buckets refill, so nobody is
// locked out for good.
type limiter struct {
	limit rate.Limit // tokens a second; 0 turns the limiter off
	burst int
	now   func() time.Time

	// Memory is bounded by the number of buckets and by the bytes they
	// take, keys included: a key may be as long as a username.
	maxEntries int
	maxBytes   int

	mu    sync.Mutex
	b     map[string]*rate.Limiter
	bytes int // sum of bucketBytes over b
}

const (
	// maxBuckets: 100,000 buckets of short keys (client addresses) are
	// about 25 MB.
	maxBuckets = 100_000
	// maxBucketBytes: 32 MiB per limiter, under two argon2id hashes'
	// worth (19 MiB each). With 150-character usernames (up to 600
	// bytes of UTF-8) this is what binds, at about 40,000 buckets.
	maxBucketBytes = 32 << 20
	// bucketOverhead is what a bucket costs besides its key: the
	// rate.Limiter (about 90 bytes), the pointer, the string header and
	// the map's share, rounded up.
	bucketOverhead = 200
)

func bucketBytes(key string) int { return len(key) + bucketOverhead }

func newLimiter(perSecond float64, burst int, now func() time.Time) *limiter {
	return &limiter{limit: rate.Limit(perSecond), burst: burst, now: now,
		maxEntries: maxBuckets, maxBytes: maxBucketBytes, b: map[string]*rate.Limiter{}}
}

// bucket returns key's bucket, making room for it if needed; mu is held.
func (l *limiter) bucket(key string, now time.Time) *rate.Limiter {
	if b, ok := l.b[key]; ok {
		return b
	}
	n := bucketBytes(key)
	if len(l.b) >= l.maxEntries || l.bytes+n > l.maxBytes {
		l.shrink(now, n)
	}
	b := rate.NewLimiter(l.limit, l.burst)
	l.b[key] = b
	l.bytes += n
	return b
}

// shrink makes room for a bucket of n bytes. Full buckets - keys quiet
// long enough to refill - go first: forgetting them changes nothing.
// It frees down to 90% of the bounds, so that an attacker who keeps the
// set full costs one sweep per 10% of it, not one per request.
//
// If that is not enough, arbitrary buckets go (Go's map order): their
// keys get a fresh burst. Refusing new keys instead would let whoever
// fills the set lock every other user out of login; and filling it
// takes 100,000 keys that are each still being throttled, which already
// takes as many addresses (or /64s) as the per-IP throttle allows.
func (l *limiter) shrink(now time.Time, n int) {
	entries, bytes := l.maxEntries*9/10, l.maxBytes*9/10-n
	for k, b := range l.b {
		if b.TokensAt(now) >= float64(l.burst) {
			l.drop(k)
		}
	}
	for k := range l.b {
		if len(l.b) < entries && l.bytes <= bytes {
			break
		}
		l.drop(k)
	}
}

func (l *limiter) drop(key string) {
	delete(l.b, key)
	l.bytes -= bucketBytes(key)
}

// reserve spends one of key's tokens and returns the function that
// gives it back; when there is none it spends nothing and says how long
// to wait. The login reserves before hashing, so that concurrent
// guesses cannot all pass a check made before any of them is spent.
func (l *limiter) reserve(key string) (cancel func(), wait time.Duration, ok bool) {
	if l.limit <= 0 {
		return func() {}, 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	r := l.bucket(key, now).ReserveN(now, 1)
	if !r.OK() {
		// A burst below 1 never has a token.
		return nil, time.Duration(float64(time.Second) / float64(l.limit)), false
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return nil, d, false
	}
	// Cancelled at the time it was made: rate restores a reservation
	// only while its time to act has not passed, and ours acted at once.
	// (The bucket then counts its refill from that time again: it gains
	// the login's duration times the rate, ~0.003 tokens for a 35 ms
	// hash at one token per 12 s.)
	return func() { r.CancelAt(now) }, 0, true
}

// take spends one token; when there is none it says how long to wait.
func (l *limiter) take(key string) (time.Duration, bool) {
	_, wait, ok := l.reserve(key)
	return wait, ok
}

// delayRefusal holds a refused login for the throttle delay, when a
// waiting place is free, so that refusals pace a bot instead of feeding
// it answers as fast as it can ask.
func (s *Server) delayRefusal(ctx context.Context) {
	if s.cfg.ThrottleDelay <= 0 {
		return
	}
	select {
	case s.delayed <- struct{}{}:
	default:
		return // every place taken: answer at once
	}
	sleep(ctx, s.cfg.ThrottleDelay)
	<-s.delayed
}

// maxDelayed bounds the throttled logins that wait at once (see
// Config.ThrottleDelay): 512 goroutines and connections are a few MiB.
const maxDelayed = 512

// throttled is DRF's 429, which says when to come back. It is sent
// after the throttle delay, when a waiting place is free.
func (s *Server) throttled(ctx context.Context, wait time.Duration) error {
	s.delayRefusal(ctx)
	secs := int(wait.Seconds() + 0.999)
	if secs < 1 {
		secs = 1
	}
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	return &apiError{status: http.StatusTooManyRequests,
		body:       obj{{"detail", "Request was throttled. Expected available in " + strconv.Itoa(secs) + " " + unit + "."}},
		retryAfter: secs}
}

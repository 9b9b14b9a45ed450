package server

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

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
	t := time.NewTimer(s.cfg.ThrottleDelay)
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	t.Stop()
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

package server

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock               { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

// TestLimiterGivesBack: a token reserved before hashing and given back
// after (a right password) is there again, even though time has moved
// on; one not given back (a wrong password) is spent.
func TestLimiterGivesBack(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(1.0/12, 1, clock.now)
	giveBack, _, ok := l.reserve("demo")
	if !ok {
		t.Fatal("first reserve refused; want a token")
	}
	clock.advance(35 * time.Millisecond) // the hash
	giveBack()
	if _, _, ok := l.reserve("demo"); !ok {
		t.Fatal("reserve after a give-back refused; want the token back")
	}
	clock.advance(35 * time.Millisecond)
	if _, wait, ok := l.reserve("demo"); ok || wait <= 0 {
		t.Errorf("reserve after a spent token = ok %v, wait %v; want refused with a wait", ok, wait)
	}
}

// TestLimiterMemoryBound: however many keys and however long, the
// limiter stays within its entries and bytes, and a recently throttled
// key outlives keys that have refilled.
func TestLimiterMemoryBound(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(1, 1, clock.now)
	l.maxEntries, l.maxBytes = 100, 100*(bucketOverhead+20)
	for i := range 5000 {
		key := strconv.Itoa(i)
		if i%3 == 0 {
			key += strings.Repeat("x", 600) // a long username
		}
		l.take(key)
		clock.advance(100 * time.Millisecond)
		if i == 4990 {
			l.take("victim")
		}
		if len(l.b) > l.maxEntries || l.bytes > l.maxBytes {
			t.Fatalf("after %d keys: %d buckets, %d bytes; want at most %d and %d", i+1, len(l.b), l.bytes, l.maxEntries, l.maxBytes)
		}
	}
	sum := 0
	for k := range l.b {
		sum += bucketBytes(k)
	}
	if sum != l.bytes {
		t.Errorf("limiter counts %d bytes; its buckets hold %d", l.bytes, sum)
	}
	if _, ok := l.take("victim"); ok {
		t.Error("victim's bucket was forgotten while others had refilled; want it still throttled")
	}
}

package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"jwtlab/server/password"
	"jwtlab/server/store"
)

// hashCosts keeps refused logins from telling which usernames exist
// when the store holds hashes of several costs. A login checks exactly
// one hash: the user's, or the dummy argon2id for an unknown name. A
// user brought over by users import-django keeps their Django hash until
// their first login here, and checking it takes 2-10 times as long as
// the dummy (NOTES.md), so without more a refusal that takes longer
// names an imported user.
//
// So a refusal is held for the gap between its check's work factor and
// the slowest the store holds (the ceiling), each at its quickest
// measured cost, times the load: how much slower than their best the
// recent checks ran. Under load a Django hash slows down and a sleep
// would not, so a fixed gap would show again on a busy server. The load
// is one figure for all logins, weighted by each check's cost; a check's
// own noise (a preemption, a GC pause) is left in its time as it would
// be in the slow hash's, not stretched by the hold. A check of the
// ceiling's work factor is not held; a successful login is never held:
// its caller knows the password and learns nothing.
//
// The hold is a sleep, after the hash slot is given back: it costs a
// goroutine and the connection, not a core. A slot that checks a hash
// of cost b hands out (ceiling ÷ b − 1) times that check's time in sleep,
// so at most about slots × (ceiling ÷ the cheapest b − 1) refusals sleep
// at once, whatever the load: 2-5 on 2 cores with pbkdf2_sha256 at
// 260,000 iterations against OWASP argon2id (65-86 ms against 26-37 ms,
// NOTES.md), far inside MaxInFlight.
//
// Django pads in CPU instead: check_password runs harden_runtime (the
// missing PBKDF2 iterations or bcrypt rounds) after a wrong password,
// and only while the hasher is unchanged: "we don't protect against
// enumeration if it does" (Django 3.2, django/contrib/auth/hashers.py);
// its Argon2 hasher does not pad at all.
//
// The store holds no foreign hashes (no import, or every imported user
// has logged in since): the ceiling is zero and nothing is held.
type hashCosts struct {
	store   store.Store
	gate    *hashGate
	dummy   string // the dummy hash Server.checkPassword uses
	dummyWF string
	log     *slog.Logger
	now     func() time.Time // schedules scans; time.Now
	scan    chan struct{}    // held while the store is scanned

	mu      sync.Mutex
	cost    map[string]time.Duration // quickest check seen, per work factor
	foreign map[string]time.Time     // foreign work factors in the store, with when each was last found
	ceiling time.Duration            // slowest cost among foreign and the dummy's; 0 while none is foreign
	tookSum float64                  // recent checks' times, decayed (ns)
	bestSum float64                  // their work factors' quickest times, decayed alike (ns)
	next    time.Time                // when to scan again; zero until the first scan
}

const (
	// rescanEvery: work factors come and go without this process seeing
	// it (users import-django runs as another process; a rehash removes
	// the last user of one), so the store is read again after a minute,
	// when a login comes.
	rescanEvery = time.Minute
	// scanShare: and no sooner than 20 times the last scan took, so that
	// a huge imported table costs at most 5% of one connection's time
	// (a million imported rows took 1.4-2.6 s to read, SQLite and
	// PostgreSQL alike, on 2 busy cores).
	scanShare = 20
	// scanTimeout bounds one scan: ten times what a million rows took.
	scanTimeout = 30 * time.Second
	// calibrationRuns: a new work factor is checked this many times and
	// its quickest run kept. Noise only adds time, so the quickest is the
	// closest to its cost on an idle core.
	calibrationRuns = 3
	// maxSlowdown bounds the load a hold is scaled by: past 8 times
	// slower than their best, checks are counted as 8 times, so that no
	// hold exceeds 8 ceilings.
	maxSlowdown = 8
	// loadDecay weighs each check's slowdown into the load: the last ten
	// checks carry two thirds of it, so it follows the load within a
	// few logins and one odd check moves it little.
	loadDecay = 0.9
)

func newHashCosts(st store.Store, gate *hashGate, dummy string, log *slog.Logger) *hashCosts {
	return &hashCosts{store: st, gate: gate, dummy: dummy, dummyWF: password.WorkFactor(dummy), log: log,
		now: time.Now, scan: make(chan struct{}, 1),
		cost: map[string]time.Duration{}, foreign: map[string]time.Time{}}
}

// ready reads the store's work factors before the first login checks a
// hash: that first scan makes logins wait, and fails the login if it
// fails (with ErrUnavailable, or errHashBusy if calibrating was shed),
// since it could not be answered in even time. When a rescan is due, the
// login that finds it so starts it in the background and goes on with
// what is known; a failed rescan keeps that and is tried again later.
func (c *hashCosts) ready(ctx context.Context) error {
	c.mu.Lock()
	next := c.next
	c.mu.Unlock()
	if next.IsZero() {
		return c.firstScan(ctx)
	}
	if c.now().Before(next) {
		return nil
	}
	select {
	case c.scan <- struct{}{}:
	default:
		return nil // another login started it
	}
	// The goroutine ends with the scan, within scanTimeout.
	go func() {
		defer func() { <-c.scan }()
		if err := c.rescan(ctx); err != nil {
			c.log.Warn("password work factors not rescanned", "err", err)
			c.mu.Lock()
			c.next = c.now().Add(rescanEvery)
			c.mu.Unlock()
		}
	}()
	return nil
}

func (c *hashCosts) firstScan(ctx context.Context) error {
	select {
	case c.scan <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.scan }()
	c.mu.Lock()
	done := !c.next.IsZero()
	c.mu.Unlock()
	if done {
		return nil // scanned while this login waited
	}
	err := c.rescan(ctx)
	switch {
	case err == nil, errors.Is(err, errHashBusy):
		return err
	}
	return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
}

// rescan reads which foreign work factors the store holds and
// calibrates those without a cost yet, and the dummy's.
func (c *hashCosts) rescan(ctx context.Context) error {
	// Not the login's context: a client that leaves must not cut short
	// a scan other logins wait for.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), scanTimeout)
	defer cancel()
	start := c.now()
	found := map[string]string{} // work factor -> one hash of it, to calibrate with
	err := c.store.ForeignHashes(ctx, func(h string) {
		if wf := password.WorkFactor(h); wf != "" && found[wf] == "" {
			found[wf] = h
		}
	})
	if err != nil {
		return fmt.Errorf("scan password work factors: %w", err)
	}
	took := c.now().Sub(start)
	if len(found) > 0 {
		found[c.dummyWF] = c.dummy
	}
	for wf, h := range found {
		c.mu.Lock()
		_, known := c.cost[wf]
		c.mu.Unlock()
		if !known {
			if err := c.calibrate(ctx, wf, h); err != nil {
				return err
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for wf, at := range c.foreign {
		// Met by a login since the scan began: it may postdate the read.
		if _, ok := found[wf]; !ok && at.Before(start) {
			delete(c.foreign, wf)
		}
	}
	for wf := range found {
		if wf != c.dummyWF {
			c.foreign[wf] = start
		}
	}
	c.setCeiling()
	c.next = c.now().Add(max(rescanEvery, scanShare*took))
	return nil
}

// calibrate times calibrationRuns checks of h with a random password, in
// hash slots like any login's check. Shed (errHashBusy), the scan fails
// and the next login tries again.
func (c *hashCosts) calibrate(ctx context.Context, wf, h string) error {
	pw := rand.Text()
	for range calibrationRuns {
		var took time.Duration
		err := c.gate.do(ctx, func() {
			start := time.Now()
			password.Verify(h, pw)
			took = time.Since(start)
		})
		if err != nil {
			return fmt.Errorf("calibrate %s: %w", wf, err)
		}
		c.mu.Lock()
		c.record(wf, took)
		c.mu.Unlock()
	}
	c.log.Info("password work factor calibrated", "work_factor", wf, "cost", c.costOf(wf).String())
	return nil
}

func (c *hashCosts) costOf(wf string) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cost[wf]
}

// record keeps the quickest check of wf; c.mu is held.
func (c *hashCosts) record(wf string, took time.Duration) {
	if cur, ok := c.cost[wf]; !ok || took < cur {
		c.cost[wf] = took
	}
}

// setCeiling recomputes the ceiling; c.mu is held.
func (c *hashCosts) setCeiling() {
	c.ceiling = 0
	if len(c.foreign) == 0 {
		return
	}
	c.ceiling = c.cost[c.dummyWF]
	for wf := range c.foreign {
		c.ceiling = max(c.ceiling, c.cost[wf])
	}
}

// observe records that a login's check of stored (the user's hash or the
// dummy) took took, and returns how much longer to hold the answer if the
// login is refused. A foreign work factor no scan has found yet (an
// import since the last one) counts from now on.
func (c *hashCosts) observe(stored string, took time.Duration) time.Duration {
	wf := password.WorkFactor(stored)
	c.mu.Lock()
	defer c.mu.Unlock()
	// A hash Verify checks nothing for (the login uses the dummy for
	// all it can tell apart) has no cost to learn.
	if wf != "" {
		c.record(wf, took)
		if _, ok := c.foreign[wf]; !ok && password.NeedsRehash(stored) {
			c.foreign[wf] = c.now()
		}
		c.setCeiling()
		c.tookSum = c.tookSum*loadDecay + float64(took)
		c.bestSum = c.bestSum*loadDecay + float64(c.cost[wf])
	}
	load := 1.0
	if c.bestSum > 0 {
		load = c.tookSum / c.bestSum
	}
	best, ok := c.cost[wf]
	if !ok {
		best = took
	}
	return refusalHold(best, load, c.ceiling)
}

// refusalHold is how long to hold a refusal whose check's work factor
// costs best at its quickest: the gap to the ceiling, times the load (at
// least 1, at most maxSlowdown). Zero for the ceiling's own work factor
// or a costlier one, and when there is no ceiling.
func refusalHold(best time.Duration, load float64, ceiling time.Duration) time.Duration {
	if ceiling <= best {
		return 0
	}
	load = min(max(load, 1), maxSlowdown)
	return time.Duration(load * float64(ceiling-best))
}

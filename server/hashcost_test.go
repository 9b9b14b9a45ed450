package server

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/server/password"
	"jwtlab/server/store"
)

func TestRefusalHold(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name    string
		best    time.Duration
		load    float64
		ceiling time.Duration
		want    time.Duration
	}{
		{"no foreign hash: no ceiling, no hold", 10 * ms, 1, 0, 0},
		{"a cheaper work factor is held for the gap to the ceiling", 10 * ms, 1, 50 * ms, 40 * ms},
		{"under twice the load, for twice the gap", 10 * ms, 2, 50 * ms, 80 * ms},
		{"the ceiling's own work factor is not held", 50 * ms, 1, 50 * ms, 0},
		{"nor under load", 50 * ms, 3, 50 * ms, 0},
		{"nor one costlier than the ceiling", 60 * ms, 1, 50 * ms, 0},
		{"a load under 1 counts as 1", 10 * ms, 0.5, 50 * ms, 40 * ms},
		{"a load past maxSlowdown counts as maxSlowdown", 10 * ms, 100, 50 * ms, maxSlowdown * 40 * ms},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := refusalHold(tc.best, tc.load, tc.ceiling)
			// Within 1 µs: the load is a float.
			if d := got - tc.want; d < -time.Microsecond || d > time.Microsecond {
				t.Errorf("refusalHold(%v, %v, %v) = %v; want %v", tc.best, tc.load, tc.ceiling, got, tc.want)
			}
		})
	}
}

// slowIterations makes the imported hash's check far costlier than the
// test dummy's (one argon2id pass over 64 KiB, ~0.3 ms) and than the
// rest of a login in process (~2 ms): 100,000 PBKDF2-SHA256 iterations
// take ~20-35 ms. The race detector makes them ~20 times slower, so
// under it 20,000 do.
var slowIterations = map[bool]int{false: 100_000, true: 20_000}[raceEnabled]

var cheapParams = password.Params{MemoryKiB: 64, Time: 1, Threads: 1}

// djangoPBKDF2 is pw hashed as Django's PBKDF2PasswordHasher writes it.
func djangoPBKDF2(t *testing.T, pw string, iterations int) string {
	t.Helper()
	salt := rand.Text()[:22] // Django 3.2's salt: 22 characters
	key, err := pbkdf2.Key(sha256.New, pw, []byte(salt), iterations, sha256.Size)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("pbkdf2_sha256$%d$%s$%s", iterations, salt, base64.StdEncoding.EncodeToString(key))
}

// holds records the holds a server's refusals get, and whether a hash
// slot was held during any.
type holds struct {
	mu       sync.Mutex
	d        []time.Duration
	slotHeld bool
}

func (h *holds) take() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	d := h.d
	h.d = nil
	return d
}

// memoryStore is an empty in-memory SQLite store, closed at cleanup.
func memoryStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), ":memory:", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// costServer is a server with a cheap dummy hash and one hash slot, over
// a store with these users imported; refusals are recorded, not held.
func costServer(t *testing.T, users ...store.ImportUser) (*Server, store.Store, *holds) {
	t.Helper()
	ctx := context.Background()
	st := memoryStore(t)
	if _, err := st.Import(ctx, users, nil); err != nil {
		t.Fatal(err)
	}
	keys, err := NewKeys(jose.Secret("jwt-lab-demo-signing-secret-not-for-production"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DevConfig()
	cfg.AccessLog = "off"
	cfg.AllowedHosts = []string{"example.com"}
	cfg.HashParams = cheapParams
	cfg.HashSlots, cfg.HashQueue = 1, 8
	s := New(cfg, st, keys, nil)
	h := &holds{}
	s.pause = func(ctx context.Context, d time.Duration) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.d = append(h.d, d)
		h.slotHeld = h.slotHeld || len(s.hashes.slots) > 0
	}
	return s, st, h
}

func hashOf(t *testing.T, pw string, p password.Params) string {
	t.Helper()
	h, err := password.Hash(pw, p)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestRefusalsHeldToSlowestWorkFactor: with a user imported with a slow
// PBKDF2 hash, every other kind of refusal is held until it has taken
// as long as that hash's check; that user's own refusal, and successful
// logins, are not held; no hash slot is held while a refusal waits.
func TestRefusalsHeldToSlowestWorkFactor(t *testing.T) {
	const pw = "right-password-123"
	slow := djangoPBKDF2(t, pw, slowIterations)
	s, _, h := costServer(t,
		store.ImportUser{ID: 1, Username: "imported", PasswordHash: slow, Active: true},
		store.ImportUser{ID: 2, Username: "native", PasswordHash: hashOf(t, pw, cheapParams), Active: true},
		store.ImportUser{ID: 3, Username: "inactive", PasswordHash: hashOf(t, pw, cheapParams)},
		store.ImportUser{ID: 4, Username: "unusable", PasswordHash: "!" + rand.Text()},
	)
	if code, _ := login(t, s, "nobody", pw); code != http.StatusUnauthorized {
		t.Fatalf("unknown name: %d; want 401", code)
	}
	c := s.costs
	c.mu.Lock()
	slowCost, dummyCost, ceiling := c.cost[password.WorkFactor(slow)], c.cost[c.dummyWF], c.ceiling
	_, foreign := c.foreign[password.WorkFactor(slow)]
	c.mu.Unlock()
	if !foreign || ceiling != slowCost || slowCost <= dummyCost {
		t.Fatalf("after the first login: foreign %t, ceiling %v, PBKDF2 %v, dummy %v; want the PBKDF2 work factor foreign, costlier than the dummy, as the ceiling",
			foreign, ceiling, slowCost, dummyCost)
	}
	h.take()

	for _, tc := range []struct{ name, user, pw string }{
		{"an unknown name", "nobody", pw},
		{"a wrong password", "native", "wrong"},
		{"an inactive user", "inactive", pw},
		{"an unusable password", "unusable", pw},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, _ := login(t, s, tc.user, tc.pw); code != http.StatusUnauthorized {
				t.Fatalf("login: %d; want 401", code)
			}
			// The check itself took at least the dummy's quickest, and
			// the hold at least the gap from there to the ceiling.
			if got := h.take(); len(got) != 1 || got[0]+dummyCost < ceiling {
				t.Errorf("holds %v; want one of at least %v (the ceiling %v less the dummy's %v)", got, ceiling-dummyCost, ceiling, dummyCost)
			}
		})
	}
	t.Run("the imported user's wrong password", func(t *testing.T) {
		if code, _ := login(t, s, "imported", "wrong"); code != http.StatusUnauthorized {
			t.Fatalf("login: %d; want 401", code)
		}
		// The check was the ceiling's own work factor: no gap to fill.
		if got := h.take(); len(got) != 1 || got[0] != 0 {
			t.Errorf("holds %v; want one of 0", got)
		}
	})
	t.Run("successful logins", func(t *testing.T) {
		for _, user := range []string{"native", "imported"} {
			if code, body := login(t, s, user, pw); code != http.StatusOK {
				t.Fatalf("%s: %d %v; want 200", user, code, body)
			}
		}
		if got := h.take(); len(got) != 0 {
			t.Errorf("holds %v; want none", got)
		}
	})
	if h.slotHeld {
		t.Error("a refusal waited with a hash slot taken; want it given back first")
	}
}

// TestNoForeignHashesNoHold: a store of our own hashes only (no import,
// or every imported user has logged in since) holds no refusal.
func TestNoForeignHashesNoHold(t *testing.T) {
	s, _, h := costServer(t, store.ImportUser{ID: 1, Username: "native", PasswordHash: hashOf(t, "pw", cheapParams), Active: true})
	for _, user := range []string{"nobody", "native"} {
		if code, _ := login(t, s, user, "wrong"); code != http.StatusUnauthorized {
			t.Fatalf("%s: %d; want 401", user, code)
		}
	}
	for _, d := range h.take() {
		if d != 0 {
			t.Errorf("hold %v; want 0 with no foreign hash in the store", d)
		}
	}
}

// TestForeignWorkFactorsComeAndGo: the hold ends at the rescan after the
// last imported user's first login, and comes back for a user imported
// while the server runs (by users import-django, another process) as
// soon as a login meets them.
func TestForeignWorkFactorsComeAndGo(t *testing.T) {
	const pw = "right-password-123"
	s, st, h := costServer(t, store.ImportUser{ID: 1, Username: "imported", PasswordHash: djangoPBKDF2(t, pw, slowIterations), Active: true})
	var mu sync.Mutex
	now := time.Now()
	s.costs.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	// A due rescan runs in the background, started by the next login.
	rescan := func() {
		t.Helper()
		advance(rescanEvery)
		login(t, s, "nobody", pw)
		s.costs.scan <- struct{}{} // taken until the rescan is done
		<-s.costs.scan
		h.take()
	}
	refusalHeld := func() bool {
		t.Helper()
		if code, _ := login(t, s, "nobody", pw); code != http.StatusUnauthorized {
			t.Fatalf("unknown name: %d; want 401", code)
		}
		got := h.take()
		return len(got) == 1 && got[0] > 0
	}

	if !refusalHeld() {
		t.Fatal("refusal with an imported PBKDF2 user not held")
	}
	if code, _ := login(t, s, "imported", pw); code != http.StatusOK {
		t.Fatalf("imported user's first login: %d; want 200", code)
	}
	if !refusalHeld() {
		t.Error("refusal held no more before the rescan; want the old work factors kept until it")
	}
	rescan()
	if refusalHeld() {
		t.Error("refusal still held after the rescan; want none once every imported hash is replaced")
	}

	ctx := context.Background()
	if _, err := st.Import(ctx, []store.ImportUser{{ID: 2, Username: "late", PasswordHash: djangoPBKDF2(t, pw, slowIterations), Active: true}}, nil); err != nil {
		t.Fatal(err)
	}
	if code, _ := login(t, s, "late", "wrong"); code != http.StatusUnauthorized {
		t.Fatalf("late import, wrong password: %d; want 401", code)
	}
	h.take()
	if !refusalHeld() {
		t.Error("refusal not held after a login met a newly imported PBKDF2 hash")
	}
	rescan()
	if !refusalHeld() {
		t.Error("refusal not held after the rescan, with the late import still in the store")
	}
}

// TestUnknownNameTakesAsLongAsImportedUser is the one real-time check:
// with the real hold, refusals for an unknown name take at least half as
// long as checks of the imported hash (medians of 5, interleaved, so a
// busy machine slows both). Without the hold they take the cheap
// dummy's time, about a twentieth of that.
func TestUnknownNameTakesAsLongAsImportedUser(t *testing.T) {
	slow := djangoPBKDF2(t, "right-password-123", slowIterations)
	s, _, _ := costServer(t, store.ImportUser{ID: 1, Username: "imported", PasswordHash: slow, Active: true})
	s.pause = sleep
	login(t, s, "nobody", "x") // the first login scans and calibrates
	var checks, refusals []time.Duration
	for range 5 {
		start := time.Now()
		password.Verify(slow, "wrong")
		checks = append(checks, time.Since(start))
		start = time.Now()
		if code, _ := login(t, s, "nobody", "x"); code != http.StatusUnauthorized {
			t.Fatalf("unknown name: %d; want 401", code)
		}
		refusals = append(refusals, time.Since(start))
	}
	slices.Sort(checks)
	slices.Sort(refusals)
	if check, refusal := checks[2], refusals[2]; refusal < check/2 {
		t.Errorf("refusals for an unknown name took %v (median of 5); want at least half of %v, the median check of the imported PBKDF2 hash", refusal, check)
	}
}

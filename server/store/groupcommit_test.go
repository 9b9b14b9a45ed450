package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var commitModes = []Options{
	{MaxOpen: 4, MaxIdle: 4, Prepare: true},
	{MaxOpen: 4, MaxIdle: 4, Prepare: true, GroupCommit: true},
}

func modeName(opt Options) string {
	if opt.GroupCommit {
		return "group commit"
	}
	return "commit each"
}

// TestRotateRace: twenty requests rotating one refresh token at once -
// exactly one wins, and the losers write nothing (the family holds one
// new token); meanwhile twenty rotations of distinct tokens all succeed
// and every one of their rows is there once they are answered.
func TestRotateRace(t *testing.T) {
	for _, opt := range commitModes {
		eachStore(t, opt, modeName(opt), func(t *testing.T, st Store) {
			ctx := context.Background()
			exp := time.Now().Add(time.Hour)
			const racers = 20
			if err := st.AddOutstanding(ctx, "login", 1, exp); err != nil {
				t.Fatal(err)
			}
			for i := range racers {
				if err := st.AddOutstanding(ctx, fmt.Sprintf("other-%d", i), 2, exp); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			results := make([]RotateResult, racers)
			others := make([]RotateResult, racers)
			errs := make(chan error, 2*racers)
			for i := range racers {
				wg.Go(func() {
					var err error
					results[i], err = st.Rotate(ctx, Rotation{Old: "login", OldExpires: exp,
						Next: fmt.Sprintf("next-%d", i), Expires: exp, UserID: 1, Now: time.Now()})
					errs <- err
				})
				wg.Go(func() {
					var err error
					others[i], err = st.Rotate(ctx, Rotation{Old: fmt.Sprintf("other-%d", i), OldExpires: exp,
						Next: fmt.Sprintf("other-next-%d", i), Expires: exp, UserID: 2, Now: time.Now()})
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("Rotate: %v", err)
				}
			}
			won := 0
			for _, r := range results {
				switch r {
				case Rotated:
					won++
				case RotateSpent:
				default:
					t.Errorf("Rotate of a raced token = %v; want Rotated or RotateSpent", r)
				}
			}
			if won != 1 {
				t.Errorf("%d of %d racing rotations won; want exactly 1", won, racers)
			}
			// Revoking the family blacklists its live tokens: the
			// winner's new token alone, as "login" is spent already.
			if n, err := st.RevokeFamily(ctx, "login", time.Now()); err != nil || n != 1 {
				t.Errorf("RevokeFamily(login) = %d, %v; want 1 (the one winner's token)", n, err)
			}
			for i, r := range others {
				if r != Rotated {
					t.Errorf("Rotate(other-%d) = %v; want Rotated", i, r)
				}
				if black, err := st.IsBlacklisted(ctx, fmt.Sprintf("other-%d", i)); err != nil || !black {
					t.Errorf("IsBlacklisted(other-%d) after its rotation = %v, %v; want true", i, black, err)
				}
			}
			if n, err := st.RevokeUser(ctx, 2, time.Now()); err != nil || n != racers {
				t.Errorf("RevokeUser(2) = %d, %v; want %d (each rotation's new token)", n, err, racers)
			}
		})
	}
}

// TestFailedBatchFailsAll: while SQLite refuses writes, every request of
// a group commit gets an IsUnavailable error (the server's 503) and none
// of their rows is written; once writes work again, the same committer
// serves again.
func TestFailedBatchFailsAll(t *testing.T) {
	ctx := context.Background()
	st, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "gc.db"), Options{MaxOpen: 2, MaxIdle: 2, GroupCommit: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The pragma holds for one connection: the committer's own, made
	// here before its first batch.
	g := st.(*bounded).s.gc
	if g.own.conn, err = st.(*bounded).s.db.Conn(ctx); err != nil {
		t.Fatal(err)
	}
	db := g.own.conn
	if _, err := db.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	const n = 30
	var failed atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			added, err := st.Blacklist(ctx, fmt.Sprintf("jti-%d", i), 1, time.Now().Add(time.Hour))
			if err == nil || added {
				t.Errorf("Blacklist(jti-%d) on a read-only database = %v, %v; want an error", i, added, err)
				return
			}
			if !IsUnavailable(err) {
				t.Errorf("Blacklist(jti-%d) = %v; want an IsUnavailable error", i, err)
			}
			failed.Add(1)
		})
	}
	wg.Wait()
	if _, err := db.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if black, err := st.IsBlacklisted(ctx, fmt.Sprintf("jti-%d", i)); err != nil || black {
			t.Errorf("IsBlacklisted(jti-%d) after its failed batch = %v, %v; want false", i, black, err)
		}
	}
	if added, err := st.Blacklist(ctx, "after", 1, time.Now().Add(time.Hour)); err != nil || !added {
		t.Errorf("Blacklist once writable again = %v, %v; want added", added, err)
	}
	if failed.Load() != n {
		t.Errorf("%d of %d writes failed; want all", failed.Load(), n)
	}
}

// BenchmarkRotate measures rotations from 16 concurrent requests per
// core, each its own token, with and without group commit: with it,
// their rows share commits (and fsyncs).
func BenchmarkRotate(b *testing.B) {
	for _, opt := range commitModes {
		opt.MaxOpen, opt.MaxIdle = 8, 8
		for _, kind := range benchKinds() {
			b.Run(kind+"/"+modeName(opt), func(b *testing.B) {
				st := openStore(b, kind, opt)
				ctx := context.Background()
				exp := time.Now().Add(time.Hour)
				var seq atomic.Int64
				b.SetParallelism(16)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						i := seq.Add(1)
						r, err := st.Rotate(ctx, Rotation{Old: fmt.Sprintf("old-%d", i), OldExpires: exp,
							Next: fmt.Sprintf("new-%d", i), Expires: exp, UserID: 1, Now: time.Now()})
						if err != nil || r != Rotated {
							b.Fatalf("Rotate = %v, %v", r, err)
						}
					}
				})
			})
		}
	}
}

// benchKinds are the stores the benchmarks run on: PostgreSQL joins
// SQLite when configured; without it a benchmark runs on SQLite alone
// instead of skipping.
func benchKinds() []string {
	if os.Getenv("JWTLAB_POSTGRES_URL") != "" {
		return storeKinds
	}
	return storeKinds[:1]
}

// TestRotateRaceAcrossInstances: twenty rotations of one token spread over
// two instances (each with its own group committer) on one PostgreSQL
// database - exactly one wins: the blacklist row's primary key decides
// between their transactions.
func TestRotateRaceAcrossInstances(t *testing.T) {
	dsn := postgresSchemaURL(t)
	ctx := context.Background()
	var insts [2]Store
	for i := range insts {
		st, err := OpenPostgres(ctx, dsn, Options{MaxOpen: 4, MaxIdle: 4, Prepare: true, GroupCommit: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		insts[i] = st
	}
	exp := time.Now().Add(time.Hour)
	var won, spent atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			r, err := insts[i%2].Rotate(ctx, Rotation{Old: "shared", OldExpires: exp,
				Next: fmt.Sprintf("next-%d", i), Expires: exp, UserID: 1, Now: time.Now()})
			switch {
			case err != nil:
				t.Errorf("Rotate on instance %d: %v", i%2, err)
			case r == Rotated:
				won.Add(1)
			case r == RotateSpent:
				spent.Add(1)
			}
		})
	}
	wg.Wait()
	if won.Load() != 1 || spent.Load() != 19 {
		t.Errorf("20 rotations over two instances: %d won, %d spent; want 1 and 19", won.Load(), spent.Load())
	}
}

// TestGroupCommitBatchesOnOneCore: on one busy core, closed-loop writers
// (each writing again as soon as its last write is answered, as jwtlab
// bench's clients do) share commits: with the committer's yields all 32
// writes go in each; without them it cut batches of 4 to 17 (the race
// detector slows the writers, which makes batches bigger) while the
// others were runnable but not yet running.
func TestGroupCommitBatchesOnOneCore(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	st, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "b.db"), Options{MaxOpen: 8, MaxIdle: 8, Prepare: true, GroupCommit: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	g := st.(*bounded).s.gc
	const writers, each = 32, 20
	exp := time.Now().Add(time.Hour)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				// Some work between writes, as a request has (parsing,
				// signing, answering): a spin the scheduler cannot skip.
				busy := time.Now().Add(50 * time.Microsecond)
				for time.Now().Before(busy) {
				}
				jti := fmt.Sprintf("w%d-%d", w, i)
				r, err := st.Rotate(context.Background(), Rotation{Old: "old-" + jti, OldExpires: exp, Next: "new-" + jti, Expires: exp, UserID: 1, Now: time.Now()})
				if err != nil || r != Rotated {
					t.Errorf("Rotate = %v, %v", r, err)
					return
				}
			}
		})
	}
	wg.Wait()
	batches, rows := g.batches.Load(), g.items.Load()
	if rows != writers*each {
		t.Fatalf("%d writes committed; want %d", rows, writers*each)
	}
	if avg := float64(rows) / float64(batches); avg < 24 {
		t.Errorf("%d writes in %d commits: %.1f a commit; want 32 closed-loop writers on one core to share commits (at least 24 a commit)", rows, batches, avg)
	}
	t.Logf("%d writes in %d commits", rows, batches)
}

// TestEachChunk: a batch's rows go in power-of-two statements, largest
// first, covering every row once.
func TestEachChunk(t *testing.T) {
	for n, want := range map[int][]int{
		0: nil, 1: {1}, 2: {2}, 3: {2, 1}, 18: {16, 2}, 37: {32, 4, 1},
		255: {128, 64, 32, 16, 8, 4, 2, 1}, 256: {256},
	} {
		var got []int
		next := 0
		eachChunk(n, func(first, size int) error {
			if first != next {
				t.Errorf("eachChunk(%d): a chunk starts at %d; want %d", n, first, next)
			}
			next = first + size
			got = append(got, size)
			return nil
		})
		if !slices.Equal(got, want) {
			t.Errorf("eachChunk(%d) = %v; want %v", n, got, want)
		}
	}
}

// TestStatementsFor: a committer that prepares (SQLite) runs a batch in
// power-of-two chunks; one that does not (PostgreSQL, where each
// statement is a round trip) runs it in one statement.
func TestStatementsFor(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    runner
		want []int
	}{
		{"prepared", txRunner{prepared: &stmtCache{}}, []int{16, 2}},
		{"not prepared", txRunner{}, []int{18}},
	} {
		var got []int
		statementsFor(tc.r, 18, func(first, size int) error {
			got = append(got, size)
			return nil
		})
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: 18 rows in statements of %v; want %v", tc.name, got, tc.want)
		}
	}
}

package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

var groupReads = Options{MaxOpen: 4, MaxIdle: 4, Prepare: true, GroupCommit: true, GroupRead: true}

// TestGroupReadAnswersEachLookup: many concurrent lookups, of blacklisted
// and unknown jtis, some asked twice in one batch, each get their own
// answer; and a jti blacklisted is seen by every lookup that starts after
// its Blacklist returned, from any goroutine (no batch answers from a
// read older than the lookup).
func TestGroupReadAnswersEachLookup(t *testing.T) {
	eachStore(t, groupReads, "group read", func(t *testing.T, st Store) {
		ctx := context.Background()
		exp := time.Now().Add(time.Hour)
		const n = 40
		for i := range n {
			if i%2 == 0 {
				if _, err := st.Blacklist(ctx, fmt.Sprintf("jti-%d", i), 1, exp); err != nil {
					t.Fatal(err)
				}
			}
		}
		var wg sync.WaitGroup
		for i := range 4 * n {
			wg.Go(func() {
				jti := fmt.Sprintf("jti-%d", i%n)
				black, err := st.IsBlacklisted(ctx, jti)
				if err != nil || black != (i%n%2 == 0) {
					t.Errorf("IsBlacklisted(%s) = %v, %v; want %v", jti, black, err, i%n%2 == 0)
				}
			})
		}
		wg.Wait()
		for w := range 8 {
			wg.Go(func() {
				for i := range 20 {
					jti := fmt.Sprintf("fresh-%d-%d", w, i)
					if _, err := st.Blacklist(ctx, jti, 1, exp); err != nil {
						t.Error(err)
						return
					}
					if black, err := st.IsBlacklisted(ctx, jti); err != nil || !black {
						t.Errorf("IsBlacklisted(%s) right after Blacklist = %v, %v; want true", jti, black, err)
					}
				}
			})
		}
		wg.Wait()
	})
}

// TestGroupReadBatchesOnOneCore: 32 goroutines on one processor, each
// looking up again as soon as it is answered (as jwtlab bench's clients
// refresh), share queries; without the reader's yields each query would
// serve one or two of them.
func TestGroupReadBatchesOnOneCore(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	st, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "r.db"), groupReads)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const readers, each = 32, 50
	var wg sync.WaitGroup
	for r := range readers {
		wg.Go(func() {
			for i := range each {
				if _, err := st.IsBlacklisted(context.Background(), fmt.Sprintf("r%d-%d", r, i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	g := st.(*bounded).s.gr
	batches, items := g.batches.Load(), g.items.Load()
	if items != readers*each {
		t.Fatalf("the reader saw %d lookups; want %d", items, readers*each)
	}
	if avg := float64(items) / float64(batches); avg < 8 {
		t.Errorf("%d lookups in %d queries: %.1f a query; want at least 8", items, batches, avg)
	}
	checkPrepared(t, &g.own)
	// A new connection prepares again: the old statements went with
	// the old one.
	g.own.drop()
	if _, err := st.IsBlacklisted(context.Background(), "after-drop"); err != nil {
		t.Fatal(err)
	}
	checkPrepared(t, &g.own)
}

// checkPrepared: o holds its statements prepared, one per text.
func checkPrepared(t *testing.T, o *ownConn) {
	t.Helper()
	if len(o.stmts) == 0 {
		t.Fatal("no statement prepared on the reader's connection")
	}
}

// TestPadded: every list of jtis becomes the next power of two long,
// keeping its jtis in order and repeating the first, so that a list of
// any length up to maxBatch is one of nine texts.
func TestPadded(t *testing.T) {
	sizes := map[int]bool{}
	for n := 1; n <= maxBatch; n++ {
		jtis := make([]string, n)
		for i := range jtis {
			jtis[i] = fmt.Sprint("j", i)
		}
		args := padded(jtis)
		if m := len(args); m&(m-1) != 0 || m < n || m >= 2*n && n > 1 {
			t.Fatalf("padded(%d jtis) has %d", n, m)
		}
		for i, a := range args {
			want := jtis[0]
			if i < n {
				want = jtis[i]
			}
			if a != want {
				t.Fatalf("padded(%d jtis)[%d] = %v; want %s", n, i, a, want)
			}
		}
		sizes[len(args)] = true
	}
	if len(sizes) != 9 {
		t.Errorf("%d list lengths serve 1 to %d jtis; want 9", len(sizes), maxBatch)
	}
}

// TestGroupReadFailsClosed: a lookup the database cannot answer is an
// error (the server's 503), never "not blacklisted"; a cancelled caller
// gets its context's error; after Close a lookup gets ErrClosed.
func TestGroupReadFailsClosed(t *testing.T) {
	ctx := context.Background()
	st, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "r.db"), groupReads)
	if err != nil {
		t.Fatal(err)
	}
	s := st.(*bounded).s
	if _, err := s.db.ExecContext(ctx, "DROP TABLE blacklisted_tokens"); err != nil {
		t.Fatal(err)
	}
	if black, err := st.IsBlacklisted(ctx, "jti"); err == nil || black {
		t.Errorf("IsBlacklisted with its table gone = %v, %v; want an error", black, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := st.IsBlacklisted(cancelled, "jti"); !errors.Is(err, context.Canceled) {
		t.Errorf("IsBlacklisted with a cancelled context = %v; want context.Canceled", err)
	}
	st.Close()
	if _, err := s.gr.isBlacklisted(ctx, "jti"); !errors.Is(err, ErrClosed) {
		t.Errorf("a lookup after Close = %v; want ErrClosed", err)
	}
}

package server

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestHashGateCollectsAfterEachHash: with collect, a garbage collection
// has run by the time a bounded gate's hash returns, one per hash; without
// it, none (the runtime's own collections are switched off for the test,
// so any that ran came from the gate).
func TestHashGateCollectsAfterEachHash(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, collect := range []bool{false, true} {
		g := newHashGate(1, 0, 0, collect)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 3 {
			if err := g.do(context.Background(), func() {}); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		want := uint32(0)
		if collect {
			want = 3
		}
		if got := after.NumGC - before.NumGC; got != want {
			t.Errorf("collect=%v: %d collections over three hashes; want %d", collect, got, want)
		}
	}
}

package server

import (
	"context"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
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

// TestHashGateHoldsGOGCWhileHashing: with collect, GOGC is off while a
// hash runs, in any of two concurrent slots, and back to what it was once
// the last one ends; without collect the gate leaves it alone.
func TestHashGateHoldsGOGCWhileHashing(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	for _, collect := range []bool{false, true} {
		g := newHashGate(2, 0, 0, collect)
		want := 400
		if collect {
			want = -1
		}
		first, second := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- g.do(context.Background(), func() {
				close(first)
				<-second // held until the other hash has ended
				if got := gcPercent(); got != want {
					t.Errorf("collect=%v: GOGC %d in the longer hash after the shorter one ended; want %d", collect, got, want)
				}
			})
		}()
		<-first
		if err := g.do(context.Background(), func() {
			if got := gcPercent(); got != want {
				t.Errorf("collect=%v: GOGC %d with two hashes running; want %d", collect, got, want)
			}
		}); err != nil {
			t.Fatal(err)
		}
		close(second)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if got := gcPercent(); got != 400 {
			t.Errorf("collect=%v: GOGC %d after the hashes; want 400 back", collect, got)
		}
	}
}

// gcPercent reads GOGC without setting it.
func gcPercent() int {
	s := []rtmetrics.Sample{{Name: "/gc/gogc:percent"}}
	rtmetrics.Read(s)
	return int(s[0].Value.Uint64())
}

//go:build !linux

package bench

import "runtime"

// pin cannot pin outside Linux: taskset and sched_setaffinity are
// Linux's. The bench runs unpinned and says so with every result.
func pin(want bool) *pinning {
	p := &pinning{restore: func() {}}
	if !want {
		p.note = "not pinned (-pin=false)"
		return p
	}
	p.note = "not pinned: CPU pinning needs Linux (taskset), this is " + runtime.GOOS
	return p
}

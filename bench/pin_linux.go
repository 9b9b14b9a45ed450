//go:build linux

package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// pin moves this process to the second CPU it may use and leaves the
// first to the servers. It never fails the run: without pinning the bench
// still runs, and says so.
func pin(want bool) *pinning {
	p := &pinning{restore: func() {}}
	if !want {
		p.note = "not pinned (-pin=false)"
		return p
	}
	var orig unix.CPUSet
	if err := unix.SchedGetaffinity(0, &orig); err != nil {
		p.note = "not pinned: " + err.Error()
		return p
	}
	cpus := cpusIn(&orig)
	if len(cpus) < 2 {
		p.note = "not pinned: only one CPU available"
		return p
	}
	if _, err := exec.LookPath("taskset"); err != nil {
		p.note = "not pinned: taskset not found on PATH"
		return p
	}
	var mine unix.CPUSet
	mine.Set(cpus[1])
	if err := setAffinityAllThreads(&mine); err != nil {
		p.note = "not pinned: " + err.Error()
		return p
	}
	// GOMAXPROCS follows the one CPU left to us; setting it explicitly keeps
	// the runtime from scheduling two Ps onto one core mid-attack.
	oldProcs := runtime.GOMAXPROCS(1)
	p.on, p.serverCPU, p.attackerCPU = true, cpus[0], cpus[1]
	p.note = fmt.Sprintf("servers on CPU %d (taskset -c %d), attacker on CPU %d (sched_setaffinity, GOMAXPROCS=1)",
		cpus[0], cpus[0], cpus[1])
	p.restore = func() {
		_ = setAffinityAllThreads(&orig)
		runtime.GOMAXPROCS(oldProcs)
	}
	return p
}

func cpusIn(set *unix.CPUSet) []int {
	var cpus []int
	for i := 0; i < len(set)*64; i++ {
		if set.IsSet(i) {
			cpus = append(cpus, i)
		}
	}
	return cpus
}

// setAffinityAllThreads applies set to every thread of this process:
// sched_setaffinity acts on one thread, and Go runs on several. Threads
// started later inherit the mask of the thread that creates them.
func setAffinityAllThreads(set *unix.CPUSet) error {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		// A thread may exit between ReadDir and here; that is not an error.
		if err := unix.SchedSetaffinity(tid, set); err != nil && err != unix.ESRCH {
			return fmt.Errorf("sched_setaffinity: %w", err)
		}
	}
	return nil
}

package server

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestNicedThreadsLowerOnlyTheirThread: a function runs at the lower
// priority, the caller's thread keeps its own, the next function reuses
// the thread while it waits, and a thread left idle is let go.
func TestNicedThreadsLowerOnlyTheirThread(t *testing.T) {
	before, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	if err != nil {
		t.Skip("getpriority:", err)
	}
	n := newNicedThreads(10)
	n.idle = 50 * time.Millisecond
	var inside, tid1, tid2 int
	n.run(func() { inside, _ = unix.Getpriority(unix.PRIO_PROCESS, 0); tid1 = unix.Gettid() })
	after, _ := unix.Getpriority(unix.PRIO_PROCESS, 0)
	// The raw system call answers 20 - nice.
	if inside != before-10 {
		t.Errorf("priority inside = %d; want %d (nice raised by 10)", inside, before-10)
	}
	if after != before {
		t.Errorf("priority after = %d; want %d: the nice value leaked to another thread", after, before)
	}
	// A function that comes while a thread waits goes to it. (One that
	// comes in the instant between the last answer and the thread's
	// wait gets a new thread: the bound below allows for a few.)
	threads := map[int]bool{tid1: true}
	for range 50 {
		time.Sleep(time.Millisecond)
		n.run(func() { threads[unix.Gettid()] = true })
	}
	if len(threads) > 10 {
		t.Errorf("51 functions one after another ran on %d threads; want the waiting thread reused", len(threads))
	}
	time.Sleep(10 * n.idle)
	n.run(func() { tid2 = unix.Gettid() })
	if threads[tid2] {
		t.Errorf("a function after %v idle ran on the old thread %d; want a new one", 10*n.idle, tid2)
	}
}

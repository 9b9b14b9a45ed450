package server

import (
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// nicedIdle is how long a niced thread waits for its next function before
// it is let go.
const nicedIdle = time.Second

// nicedThreads runs functions on OS threads at a lower priority. A thread
// waits for the next function while they keep coming: with a thread made
// and thrown away per hash, one core completed 28.5 logins a second
// against 35 (NOTES.md).
// One idle for nicedIdle is thrown away (its goroutine ends still locked
// to it), because an unprivileged process may lower a thread's priority
// but never raise it back.
type nicedThreads struct {
	nice int
	idle time.Duration
	jobs chan func() // unbuffered: a function goes only to a waiting thread
}

func newNicedThreads(nice int) *nicedThreads {
	return &nicedThreads{nice: nice, idle: nicedIdle, jobs: make(chan func())}
}

// run runs fn on a niced thread and waits for it.
func (n *nicedThreads) run(fn func()) {
	done := make(chan struct{})
	job := func() {
		defer close(done)
		fn()
	}
	select {
	case n.jobs <- job:
	default:
		go n.thread(job)
	}
	<-done
}

func (n *nicedThreads) thread(job func()) {
	runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
	// On Linux each thread has its own nice value; 0 means this thread.
	unix.Setpriority(unix.PRIO_PROCESS, 0, n.nice)
	idle := time.NewTimer(n.idle)
	defer idle.Stop()
	for {
		job()
		idle.Reset(n.idle)
		select {
		case job = <-n.jobs:
		case <-idle.C:
			return
		}
	}
}

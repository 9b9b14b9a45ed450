package server

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// runNiced runs fn on an OS thread of its own at the given niceness and
// waits for it. The thread is thrown away afterwards (the goroutine ends
// still locked to it), because an unprivileged process may lower its
// priority but never raise it back.
func runNiced(nice int, fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		// On Linux each thread has its own nice value; 0 means this thread.
		unix.Setpriority(unix.PRIO_PROCESS, 0, nice)
		fn()
	}()
	<-done
}

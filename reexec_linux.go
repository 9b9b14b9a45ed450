//go:build linux

package main

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
)

// The exec must come from the main thread. A parent-death signal (the
// bench gives its children one, so that no server outlives it) belongs
// to the thread the parent forked, the process's main thread, and an
// exec from any other thread of this Go process drops it: a prod server
// whose bench was killed kept running. main runs on the main thread when
// an init locks it there; serve unlocks it once the exec is behind it
// (unlockAfterReexec).
func init() { runtime.LockOSThread() }

// reexec starts this program again in place of the running one: the same
// PID, arguments and standard files, with GODEBUG set to godebug. It
// returns only if the exec failed.
func reexec(godebug string) error {
	environ := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GODEBUG=") })
	return syscall.Exec("/proc/self/exe", os.Args, append(environ, "GODEBUG="+godebug))
}

// unlockAfterReexec lets main's goroutine leave the main thread once
// serve has decided on the exec. Where the goroutine is not locked (a
// test driving run), it does nothing.
func unlockAfterReexec() { runtime.UnlockOSThread() }

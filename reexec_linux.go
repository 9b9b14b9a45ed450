//go:build linux

package main

import (
	"os"
	"slices"
	"strings"
	"syscall"
)

// reexec starts this program again in place of the running one: the same
// PID, arguments and standard files, with GODEBUG set to godebug. It
// returns only if the exec failed.
func reexec(godebug string) error {
	environ := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GODEBUG=") })
	return syscall.Exec("/proc/self/exe", os.Args, append(environ, "GODEBUG="+godebug))
}

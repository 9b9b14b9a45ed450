//go:build !linux

package main

// reexec is nil where the settings it applies do not exist: GODEBUG's
// madvdontneed only changes how Linux is given memory back.
var reexec func(godebug string) error

// unlockAfterReexec has nothing to undo where nothing is re-executed.
func unlockAfterReexec() {}

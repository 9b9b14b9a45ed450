//go:build !linux

package server

// runNiced runs fn; only Linux can lower one thread's priority.
func runNiced(nice int, fn func()) { fn() }

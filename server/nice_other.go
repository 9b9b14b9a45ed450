//go:build !linux

package server

// nicedThreads runs functions as they are: only Linux can lower one
// thread's priority.
type nicedThreads struct{}

func newNicedThreads(int) *nicedThreads { return &nicedThreads{} }

func (*nicedThreads) run(fn func()) { fn() }

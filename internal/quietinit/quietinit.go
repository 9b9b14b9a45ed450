// Package quietinit keeps bubbletea v1's package initialisation from
// querying the terminal.
//
// bubbletea v1's init asks lipgloss whether the background is dark, and
// on a terminal that sends OSC 11 and a cursor-position query and waits up
// to five seconds for the answer. Every jwtlab command would pay for it,
// not only the inspector: "users add" in a bare pty hung until the
// timeout, and the queries land in whatever captures the terminal.
// termenv does not query when TERM starts with "dumb", so this package
// sets that for the length of the library's init and Restore puts TERM
// back. Only the inspector needs the answer; it asks when it starts.
//
// The ordering is the language's, not luck: since Go 1.21 packages
// initialise in import-path order among those whose imports are done
// (the spec's "Package initialization"). This package imports only os, so
// it is ready as soon as os is; bubbletea imports os/signal, which also
// waits on os and sorts after "jwtlab/...", so this init always runs
// first. TestNoTerminalQuery checks it on the built binary.
package quietinit

import "os"

// The user's TERM, and whether it was set at all.
var term, hadTerm = os.LookupEnv("TERM")

func init() {
	os.Setenv("TERM", "dumb")
}

// Restore gives TERM back its value from before this package's init. The
// package that imports bubbletea calls it from its own init, which runs
// after bubbletea's.
func Restore() {
	if hadTerm {
		os.Setenv("TERM", term)
	} else {
		os.Unsetenv("TERM")
	}
}

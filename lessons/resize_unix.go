//go:build unix

package lessons

import (
	"os"
	"os/signal"
	"syscall"
)

// resizes reports each change of the terminal's size (SIGWINCH), so that
// the walk redraws at once instead of at the next key; stop ends the
// reports.
func resizes() (c <-chan os.Signal, stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGWINCH)
	return ch, func() { signal.Stop(ch) }
}

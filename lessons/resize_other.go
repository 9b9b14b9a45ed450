//go:build !unix

package lessons

import "os"

// resizes reports nothing where there is no SIGWINCH (Windows): the walk
// measures the terminal again at each key instead.
func resizes() (c <-chan os.Signal, stop func()) {
	return nil, func() {}
}

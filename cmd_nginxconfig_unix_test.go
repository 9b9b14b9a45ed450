//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReplaceFileWritesIntoAPipe: -out naming a FIFO (as /dev/stdout
// names a pipe or a terminal) hands the config to its reader and leaves
// the FIFO a FIFO, where a rename would put a plain file in its place.
func TestReplaceFileWritesIntoAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "nginx.conf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	// The reader opens first and does not wait for a writer, so that a
	// replaceFile that renamed over the FIFO fails the test, not hangs it.
	fd, err := syscall.Open(fifo, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	reader := os.NewFile(uintptr(fd), fifo)
	defer reader.Close()
	if err := replaceFile(fifo, func(w io.Writer) error { _, err := io.WriteString(w, "events {}\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(reader); string(got) != "events {}\n" {
		t.Errorf("the FIFO's reader got %q (%v); want the config", got, err)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("after replaceFile the FIFO is %v (%v); want it still a FIFO", st.Mode(), err)
	}
}

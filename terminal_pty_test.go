//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair with only the standard library:
// /dev/ptmx, unlocked, and its /dev/pts slave.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatal(e)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal(e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// echoOff reports whether the terminal has echo turned off.
func echoOff(f *os.File) bool {
	var tio syscall.Termios
	syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio)))
	return tio.Lflag&syscall.ECHO == 0
}

// TestUsersAddOnTerminalNoEcho: users add on a terminal reads the
// password with echo off, so it never appears on the screen.
func TestUsersAddOnTerminalNoEcho(t *testing.T) {
	master, slave := openPTY(t)
	db := filepath.Join(t.TempDir(), "users.db")
	done := make(chan error, 1)
	var stdout bytes.Buffer
	go func() {
		done <- run(context.Background(), []string{"users", "add", "-db", db, "-username", "demo"},
			func(string) string { return "" }, slave, &stdout, slave)
	}()
	// Type each password only once echo is off, as a person would after
	// the prompt; bounded, so a hang fails instead of waiting forever.
	// What the terminal shows; the read ends (EIO) once the slave closes.
	var mu sync.Mutex
	var shown []byte
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		buf := make([]byte, 256)
		for {
			n, err := master.Read(buf)
			mu.Lock()
			shown = append(shown, buf[:n]...)
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	screen := func() string { mu.Lock(); defer mu.Unlock(); return string(shown) }
	// Type each password once its prompt is up and echo is off, as a
	// person would; bounded, so a hang fails instead of waiting forever.
	for _, prompt := range []string{"Password: ", "Password (again): "} {
		deadline := time.Now().Add(10 * time.Second)
		for !strings.HasSuffix(screen(), prompt) || !echoOff(slave) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q prompt with echo off; the screen shows %q", prompt, screen())
			}
			time.Sleep(5 * time.Millisecond)
		}
		io.WriteString(master, "s3cret-typed\n")
		// Wait for the newline users add prints after each password.
		for strings.HasSuffix(screen(), prompt) && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("users add on a terminal: %v", err)
	}
	slave.Close()
	<-readDone
	if strings.Contains(screen(), "s3cret") {
		t.Errorf("the password was echoed: %q", screen())
	}
	if !strings.Contains(stdout.String(), "added user") {
		t.Errorf("stdout %q; want the user added", stdout.String())
	}
}

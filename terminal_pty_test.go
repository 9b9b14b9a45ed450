//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
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
	screen, readDone := recordScreen(master)
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

// ptyRun starts the built binary with a pseudo-terminal as its
// controlling terminal and stdin, stdout and stderr, as a shell would,
// and records everything it writes to the screen. TERM is xterm's and CI
// is unset, so termenv would query the terminal if anything asked it to.
func ptyRun(t *testing.T, args ...string) (master *os.File, screen func() string, done chan error) {
	t.Helper()
	master, slave := openPTY(t)
	ws := struct{ rows, cols, x, y uint16 }{24, 80, 0, 0} // the default terminal
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 {
		t.Fatal(e)
	}
	cmd := exec.Command(jwtlabBinary(t), args...)
	cmd.Env = []string{"TERM=xterm-256color", "COLORTERM=truecolor", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	screen, _ = recordScreen(master)
	done = make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-done
		}
	})
	return master, screen, done
}

// recordScreen keeps everything written to the terminal, read through
// master until a read fails (EIO once the slave side is closed): screen
// returns what was shown so far, and done is closed when reading ends.
func recordScreen(master *os.File) (screen func() string, done <-chan struct{}) {
	var mu sync.Mutex
	var shown []byte
	end := make(chan struct{})
	go func() {
		defer close(end)
		buf := make([]byte, 4096)
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
	return func() string { mu.Lock(); defer mu.Unlock(); return string(shown) }, end
}

// waitFor polls the screen until it contains want; bounded, so a hang
// fails the test instead of stalling it.
func waitFor(t *testing.T, screen func() string, want string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(screen(), want); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; it shows %q", want, screen())
		}
	}
}

// The queries termenv sends to learn the background colour: OSC 11 and
// a cursor-position report.
const (
	queryBackground = "\x1b]11;?"
	queryCursor     = "\x1b[6n"
)

// TestNoTerminalQuery: a command that draws no TUI sends the terminal
// nothing it did not ask for. bubbletea v1's init queries the background
// colour on any terminal and waits five seconds for an answer a bare pty
// never gives; internal/quietinit holds that off.
func TestNoTerminalQuery(t *testing.T) {
	// users list reads a database that is there: a missing one is refused.
	db := filepath.Join(t.TempDir(), "users.db")
	if _, _, err := runJWTLab("demo-password-123\n", "users", "add", "-db", db, "-username", "demo"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"keygen"},
		{"users", "list", "-db", db},
	} {
		name := strings.Join(args[:min(2, len(args))], " ")
		t.Run(name, func(t *testing.T) {
			_, screen, done := ptyRun(t, args...)
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("%s: %v; the screen shows %q", name, err, screen())
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("%s never ended; the screen shows %q", name, screen())
			}
			time.Sleep(50 * time.Millisecond) // the reader's last chunk
			if s := screen(); strings.Contains(s, queryBackground) || strings.Contains(s, queryCursor) {
				t.Errorf("%s queried the terminal: %q", name, s)
			}
		})
	}
}

// TestInspectAsksBackground: the inspector, whose colours adapt to the
// background, still asks, uses the answer, and draws in colour -- so
// quietinit gave TERM back before anything rendered.
func TestInspectAsksBackground(t *testing.T) {
	b64 := base64.RawURLEncoding.EncodeToString
	tok := b64([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + b64([]byte(`{"user_id":1}`)) + "." + b64([]byte("not-a-real-signature"))
	master, screen, done := ptyRun(t, "inspect", tok)
	waitFor(t, screen, queryBackground)
	// A light background, as xterm answers it, then the cursor report.
	io.WriteString(master, "\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[1;1R")
	waitFor(t, screen, "user_id")
	io.WriteString(master, "q")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("inspect: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("inspect did not quit on q; the screen shows %q", screen())
	}
	// The header's red for a light background, #D0021B, in 24-bit colour.
	if s := screen(); !strings.Contains(s, "38;2;208;2;27") {
		t.Errorf("no light-background header colour on the screen: %q", s)
	}
}

// TestColumnsReadsTheTerminalWidth: the bench narrows its table to the
// width of the terminal it writes to, and to nothing else.
func TestColumnsReadsTheTerminalWidth(t *testing.T) {
	_, slave := openPTY(t)
	ws := struct{ rows, cols, x, y uint16 }{24, 80, 0, 0}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, slave.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 {
		t.Fatal(e)
	}
	if got := columns(slave); got != 80 {
		t.Errorf("columns of an 80x24 terminal = %d; want 80", got)
	}
	if got := columns(&bytes.Buffer{}); got != 0 {
		t.Errorf("columns of a buffer = %d; want 0", got)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if got := columns(null); got != 0 {
		t.Errorf("columns of %s = %d; want 0", os.DevNull, got)
	}
}

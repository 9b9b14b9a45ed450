//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestParentDeathSignalSurvivesTheRestart: a prod server started with a
// parent-death signal, as the bench starts its children, still gets it
// after restarting itself for lazy_release. The parent here is a thread
// that ends: a goroutine locked to it starts the server, then returns.
func TestParentDeathSignalSurvivesTheRestart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "jwtlab.db")
	addDemoUser(t, db)
	parentEnds := make(chan struct{})
	startOnOwnThread := func(cmd *exec.Cmd) error {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
		started := make(chan error)
		go func() {
			runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
			started <- cmd.Start()
			<-parentEnds
		}()
		return <-started
	}
	p := startServeWith(t, startOnOwnThread, db, "-profile", "prod")
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", p.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(environ), "madvdontneed=0") {
		t.Fatal("the server did not restart for lazy_release; this test needs it to")
	}
	close(parentEnds)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("the server outlived its parent by 15 s: the restart dropped its parent-death signal\n%s", p.log())
	}
}

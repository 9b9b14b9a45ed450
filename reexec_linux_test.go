//go:build linux

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
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
	cmd := exec.Command(jwtlabBinary(t), "serve", "-profile", "prod", "-addr", "127.0.0.1:0", "-db", db)
	cmd.Env = append(os.Environ(), "JWTLAB_SIGNING_KEY="+testSecret, "JWTLAB_ALLOWED_HOSTS=127.0.0.1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	parentEnds := make(chan struct{})
	started := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		started <- cmd.Start()
		<-parentEnds
	}()
	if err := <-started; err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	listening := make(chan struct{})
	var (
		mu  sync.Mutex
		log strings.Builder
	)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			mu.Lock()
			log.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if strings.HasPrefix(sc.Text(), "listening on ") {
				close(listening)
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	})
	select {
	case <-listening:
	case err := <-exited:
		t.Fatalf("serve exited before listening: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start within 30 s")
	}
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(environ), "madvdontneed=0") {
		t.Fatal("the server did not restart for lazy_release; this test needs it to")
	}
	close(parentEnds)
	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("the server outlived its parent by 15 s: the restart dropped its parent-death signal\n%s", log.String())
	}
}

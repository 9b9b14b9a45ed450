//go:build linux

package bench

import (
	"os/exec"
	"syscall"
)

// setChildAttrs puts a child in its own process group, so a Ctrl-C on the
// terminal reaches the bench first and the bench stops its children in
// order; Pdeathsig ends the child if the bench dies without stopping it.
func setChildAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

//go:build unix && !linux

package bench

import (
	"os/exec"
	"syscall"
)

// setChildAttrs puts a child in its own process group, so a Ctrl-C on the
// terminal reaches the bench first and the bench stops its children in
// order. Only Linux can end a child when its parent dies (Pdeathsig):
// here a bench killed outright leaves its servers to be stopped by hand.
func setChildAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

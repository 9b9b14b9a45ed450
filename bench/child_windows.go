//go:build windows

package bench

import "os/exec"

// setChildAttrs leaves a child as it is: Windows has no process groups
// in the Unix sense, so a Ctrl-C at the console reaches the children as
// well as the bench.
func setChildAttrs(cmd *exec.Cmd) {}

package server

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestRunNicedLowersOnlyItsThread(t *testing.T) {
	before, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	if err != nil {
		t.Skip("getpriority:", err)
	}
	var inside int
	runNiced(10, func() { inside, _ = unix.Getpriority(unix.PRIO_PROCESS, 0) })
	after, _ := unix.Getpriority(unix.PRIO_PROCESS, 0)
	// The raw system call answers 20 - nice.
	if inside != before-10 {
		t.Errorf("priority inside = %d; want %d (nice raised by 10)", inside, before-10)
	}
	if after != before {
		t.Errorf("priority after = %d; want %d: the nice value leaked to another thread", after, before)
	}
}

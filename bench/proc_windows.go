//go:build windows

package bench

import (
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// processCPU is the CPU time this process has used, user and kernel.
func processCPU() (time.Duration, error) {
	var creation, exit, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(windows.CurrentProcess(), &creation, &exit, &kernel, &user); err != nil {
		return 0, err
	}
	// A Filetime counts 100-nanosecond intervals.
	ticks := func(f windows.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) }
	return time.Duration((ticks(kernel) + ticks(user)) * 100), nil
}

// terminate stops a child at once: Windows has no SIGTERM to ask with.
func terminate(p *os.Process) error { return p.Kill() }

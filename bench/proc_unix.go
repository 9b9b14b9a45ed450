//go:build unix

package bench

import (
	"os"
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, user and system.
func processCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// terminate asks a child to stop: SIGTERM, which jwtlab serve and the
// peers' servers answer by finishing what is in flight.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }

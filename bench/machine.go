package bench

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// pinning says where servers and the attacker run. With two or more CPUs
// and taskset on PATH, every server child starts under `taskset -c
// serverCPU` and this process moves itself to attackerCPU, so the load
// generator does not steal the cycles it is measuring.
type pinning struct {
	on          bool
	serverCPU   int
	attackerCPU int
	note        string // what was done, or why nothing was
	restore     func() // undoes the attacker's pinning
}

// prefix returns the command line that starts a server child on its CPU.
func (p *pinning) prefix(argv []string) []string {
	if !p.on {
		return argv
	}
	return append([]string{"taskset", "-c", strconv.Itoa(p.serverCPU)}, argv...)
}

// machine collects the facts printed with every result.
func machine(p *pinning) Machine {
	return Machine{
		CPUs:       runtime.NumCPU(),
		Go:         runtime.Version(),
		Pinned:     p.on,
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Pinning:    p.note,
		CPUModel:   cpuModel(),
		OS:         runtime.GOOS + "/" + runtime.GOARCH,
	}
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

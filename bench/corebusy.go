package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Which side bounds a closed loop. On the 2-core machine one vegeta
// core could not keep one server core busy on the cheapest answers: with
// the floor, the attacker's CPU was 95-98% busy and the server's 72-77%
// (NOTES.md, "Who is the bottleneck"). A row measured so is a ceiling of
// the load generator as much as of the server, and the bench says which
// rows were. It reads how busy each pinned CPU was over the measured
// attack from /proc/stat, where time waiting for I/O counts as idle: a
// server core that waits on fsync is not busy.

// coreTimes are one CPU's busy and total clock ticks since boot.
type coreTimes struct{ busy, total uint64 }

// readCoreTimes returns the ticks of the CPUs named, from /proc/stat.
func readCoreTimes(cpus ...int) (map[int]coreTimes, error) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseCoreTimes(f, cpus...)
}

// parseCoreTimes reads the cpuN lines of a /proc/stat text (proc(5)).
func parseCoreTimes(r io.Reader, cpus ...int) (map[int]coreTimes, error) {
	want := map[string]int{}
	for _, c := range cpus {
		want["cpu"+strconv.Itoa(c)] = c
	}
	out := map[int]coreTimes{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 {
			continue
		}
		c, ok := want[fields[0]]
		if !ok {
			continue
		}
		var t coreTimes
		// user nice system idle iowait irq softirq steal ...; guest time
		// is already inside user and nice.
		for i, s := range fields[1:min(len(fields), 9)] {
			v, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("/proc/stat %s: %w", fields[0], err)
			}
			t.total += v
			if i != 3 && i != 4 {
				t.busy += v
			}
		}
		out[c] = t
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) != len(want) {
		return nil, errors.New("/proc/stat lacks a pinned CPU")
	}
	return out, nil
}

// busyPercent is how busy cpu was between two readings, in percent.
func busyPercent(before, after map[int]coreTimes, cpu int) float64 {
	b, a := before[cpu], after[cpu]
	if a.total <= b.total {
		return 0
	}
	return math.Round(100 * float64(a.busy-b.busy) / float64(a.total-b.total))
}

// coreWatch measures the pinned CPUs over one attack.
type coreWatch struct {
	pin    *pinning
	before map[int]coreTimes
}

// watchCores starts measuring, or returns nil when nothing is pinned or
// /proc/stat cannot be read (not Linux): the rows then carry no figures.
func watchCores(pin *pinning) *coreWatch {
	if pin == nil || !pin.on {
		return nil
	}
	t, err := readCoreTimes(pin.serverCPU, pin.attackerCPU)
	if err != nil {
		return nil
	}
	return &coreWatch{pin: pin, before: t}
}

// stop sets r's core figures for the attack just ended.
func (w *coreWatch) stop(r *Result) {
	if w == nil {
		return
	}
	after, err := readCoreTimes(w.pin.serverCPU, w.pin.attackerCPU)
	if err != nil {
		return
	}
	r.ServerCoreBusy = busyPercent(w.before, after, w.pin.serverCPU)
	r.AttackerCoreBusy = busyPercent(w.before, after, w.pin.attackerCPU)
}

// attackerBound is how busy the attacker's core must be for a row to be
// called bounded by it.
const attackerBound = 90

// bottleneckNote names the closed-loop rows whose attacker core was all
// but saturated, with both cores' figures.
func bottleneckNote(rs []Result) (string, bool) {
	var rows []string
	for _, r := range rs {
		if r.Mode == "max" && r.AttackerCoreBusy >= attackerBound {
			rows = append(rows, fmt.Sprintf("%s/%s (%.0f%%, server %.0f%%)", r.Target, r.Scenario, r.AttackerCoreBusy, r.ServerCoreBusy))
		}
	}
	if len(rows) == 0 {
		return "", false
	}
	return fmt.Sprintf("- load generator: its core was at least %d%% busy in %s: there the attacker's core (vegeta, and anything else on it: /proc/stat cannot tell them apart) may bound the row as much as the server does", attackerBound, strings.Join(rows, ", ")), true
}

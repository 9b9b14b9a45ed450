package bench

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssEvery is how often the sampler reads VmRSS; the kernel's own peak
// (VmHWM) covers what falls between samples when it can be reset.
const rssEvery = 100 * time.Millisecond

// rssWatch tracks one process's peak resident memory during an attack.
type rssWatch struct {
	pid  int
	hwm  bool // VmHWM was reset at the start, so it is this attack's peak
	stop chan struct{}
	done sync.WaitGroup

	mu   sync.Mutex
	peak uint64 // KiB
}

// watchRSS starts sampling pid. Writing 5 to clear_refs resets the peak the
// kernel keeps (Linux 4.0+), so VmHWM then covers this attack alone.
func watchRSS(pid int) *rssWatch {
	w := &rssWatch{pid: pid, stop: make(chan struct{})}
	if pid <= 0 {
		return w
	}
	w.hwm = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		t := time.NewTicker(rssEvery)
		defer t.Stop()
		for {
			w.sample("VmRSS")
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// sample adds up field over the process and its descendants (a script
// target is a tree: bash, gunicorn's workers, nginx).
func (w *rssWatch) sample(field string) {
	var kib uint64
	for _, pid := range tree(w.pid) {
		if v, err := procStatusKiB(pid, field); err == nil {
			kib += v
		}
	}
	w.mu.Lock()
	w.peak = max(w.peak, kib)
	w.mu.Unlock()
}

// Peak stops the sampler and returns the peak in MiB (0 when unknown).
func (w *rssWatch) Peak() float64 {
	if w.pid <= 0 {
		return 0
	}
	close(w.stop)
	w.done.Wait()
	w.sample("VmRSS")
	// The kernel's peak is per process; it can stand for the whole only
	// when there is one.
	if w.hwm && len(tree(w.pid)) == 1 {
		w.sample("VmHWM")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return float64(w.peak) / 1024
}

// procStatusKiB reads one "Name:  123 kB" line of /proc/PID/status.
func procStatusKiB(pid int, field string) (uint64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		num, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
		return strconv.ParseUint(num, 10, 64)
	}
	return 0, fmt.Errorf("%s not in /proc/%d/status", field, pid)
}

// tree lists pid and its descendants, from /proc/PID/task/TID/children.
func tree(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", out[i]))
		if err != nil {
			continue
		}
		for _, t := range tasks {
			b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", out[i], t.Name()))
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(b)) {
				if c, err := strconv.Atoi(f); err == nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

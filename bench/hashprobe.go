package bench

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"jwtlab/server/password"
)

// The hash limit: cores ÷ the time of one password hash is the most
// logins a second any server can complete, whatever it does around the
// hash. The bench times the hash where the servers run, before the
// attacks and again just before and just after each obtain attack of a
// jwtlab server, so that each such row is held to the limit of the same
// minute: on a shared machine the probed hash moved between 21 and 30 ms
// from one minute to the next (NOTES.md).

// hashProbeRounds is how many hashes the probe times; it reports the
// median, so one preempted hash does not move it.
const hashProbeRounds = 9

// HashProbe hashes rounds times with the parameters jwtlab serve hashes
// with (OWASP's argon2id) and prints the median cost of one as
// "hash_ms=<ms>". jwtlab bench runs it as a child (jwtlab bench
// -hash-probe), pinned like the servers. The cost is the process's CPU
// time (its garbage collection included, as a server pays it), not wall
// time: on a shared machine the wall time measures the neighbours too,
// and the limit is what a core the servers had to themselves could do.
func HashProbe(w io.Writer, rounds int) error {
	if rounds < 1 {
		return fmt.Errorf("hash probe: %d rounds: want at least 1", rounds)
	}
	ds := make([]time.Duration, rounds)
	for i := range ds {
		start, err := processCPU()
		if err != nil {
			return fmt.Errorf("hash probe: %w", err)
		}
		if _, err := password.Hash("hash-probe-password", password.OWASP()); err != nil {
			return fmt.Errorf("hash probe: %w", err)
		}
		end, err := processCPU()
		if err != nil {
			return fmt.Errorf("hash probe: %w", err)
		}
		ds[i] = end - start
	}
	slices.Sort(ds)
	_, err := fmt.Fprintf(w, "hash_ms=%.2f\n", float64(ds[len(ds)/2])/float64(time.Millisecond))
	return err
}

// probeHash runs HashProbe on the servers' CPUs and returns the median
// hash time in milliseconds.
func probeHash(ctx context.Context, exe string, pin *pinning) (float64, error) {
	argv := pin.prefix([]string{exe, "bench", "-hash-probe", strconv.Itoa(hashProbeRounds)})
	out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).Output()
	if err != nil {
		return 0, fmt.Errorf("hash probe: %w", err)
	}
	ms, ok := strings.CutPrefix(strings.TrimSpace(string(out)), "hash_ms=")
	if !ok {
		return 0, fmt.Errorf("hash probe: unexpected output %q", out)
	}
	return strconv.ParseFloat(ms, 64)
}

// serverCores is how many cores the servers may use.
func serverCores(pin *pinning) int {
	if pin.on {
		return 1
	}
	return runtime.NumCPU()
}

// HashLimit is the login ceiling of a run: one hash's time on the
// servers' CPUs, and the targets whose logins it bounds.
type HashLimit struct {
	MS      float64  `json:"hash_ms"`
	Cores   int      `json:"cores"`
	Targets []string `json:"targets"` // jwtlab servers: the floor has no login, peers and external targets other hashers
}

// PerSecond is the most logins a second the cores can hash.
func (h *HashLimit) PerSecond() float64 { return h.perSecond(h.MS) }

func (h *HashLimit) perSecond(ms float64) float64 { return float64(h.Cores) * 1000 / ms }

// holds reports whether an attack of target in scenario is held to the
// limit.
func (h *HashLimit) holds(target, scenario string) bool {
	return h != nil && scenario == "obtain" && slices.Contains(h.Targets, target)
}

// around runs attack between two probes and sets each obtain row's
// HashMS to their mean; a failed probe leaves the rows to the run's
// figure.
func (h *HashLimit) around(ctx context.Context, exe string, pin *pinning, attack func() ([]Result, error)) ([]Result, error) {
	before, err := probeHash(ctx, exe, pin)
	res, aerr := attack()
	if err != nil {
		return res, aerr
	}
	after, err := probeHash(ctx, exe, pin)
	if err != nil {
		return res, aerr
	}
	for i := range res {
		if res[i].Scenario == "obtain" {
			res[i].HashMS = (before + after) / 2
		}
	}
	return res, aerr
}

// hashLimit probes the hash when the run has jwtlab servers logging in.
func hashLimit(ctx context.Context, cfg *Config, pin *pinning) (*HashLimit, error) {
	if !slices.Contains(cfg.Scenarios, "obtain") {
		return nil, nil
	}
	h := &HashLimit{Cores: serverCores(pin)}
	for _, t := range cfg.Targets {
		if t.Kind == KindServe || t.Kind == KindNginx || t.Kind == KindCluster {
			h.Targets = append(h.Targets, t.Name)
		}
	}
	if len(h.Targets) == 0 {
		return nil, nil
	}
	ms, err := probeHash(ctx, cfg.Exe, pin)
	if err != nil {
		return nil, err
	}
	h.MS = ms
	return h, nil
}

// note holds an obtain row to the limit: the one probed around its
// attack, else the run's. A row whose logins were mostly refused (nginx's
// limit_req in front of prod) measures the limiter, not the hashing: it
// is said so instead of being given a fraction.
func (h *HashLimit) note(r Result) (string, bool) {
	if !h.holds(r.Target, r.Scenario) {
		return "", false
	}
	if refusals(r) != "" {
		return fmt.Sprintf("- hash limit, %s/obtain: not held to it: most logins were refused (below), so the row measures what refused them", r.Target), true
	}
	ms, when := h.MS, "before the attacks"
	if r.HashMS > 0 {
		ms, when = r.HashMS, "around this attack"
	}
	limit := h.perSecond(ms)
	return fmt.Sprintf("- hash limit, %s/obtain: %.1f ok/s = %.2f x the %.1f logins/s that %d core(s) at %.1f ms of CPU an argon2id hash (probed %s) allow",
		r.Target, r.OKPerSecond(), r.OKPerSecond()/limit, limit, h.Cores, ms, when), true
}

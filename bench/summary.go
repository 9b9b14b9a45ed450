package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Summary is summary.json: the contract other tools and tests read. Fields
// beyond the contract are optional and omitted when empty.
type Summary struct {
	Machine Machine  `json:"machine"`
	Results []Result `json:"results"`
	// Command is the command line that produced the run, and Started when.
	Command string `json:"command,omitempty"`
	Started string `json:"started,omitempty"`
	// Knees lists, for rate mode, the highest rate that met the SLO.
	Knees []Knee `json:"knees,omitempty"`
	// Overrides lists what each ablation step changes, by target name:
	// the -set knob=value flags of a jwtlab step (dev+...), or the PEER_*
	// variables run-tuned.sh gets for a Django step (django-prod+...).
	Overrides map[string][]string `json:"overrides,omitempty"`
	// Skipped says which targets did not run, and why.
	Skipped []Skip `json:"skipped,omitempty"`
	// HashLimit is the hash time measured before the attacks, when
	// jwtlab servers ran obtain; each of their obtain rows also holds
	// the time probed around its own attack (Result.HashMS).
	HashLimit *HashLimit `json:"hash_limit,omitempty"`
}

// OKPerSecond is successful responses per second: what a limiter's fast
// refusals cannot inflate, unlike RPS.
func (r Result) OKPerSecond() float64 { return r.RPS * r.Success }

// ServerMicrosPerOK is the server core's busy time per successful answer
// of a closed loop, in µs: what an answer cost the server, whichever side
// bounded the row. It is 0 when the cores were not measured, nothing
// succeeded, or the row is an open loop, whose few requests a second leave
// the figure to whatever else the core did meanwhile.
func (r Result) ServerMicrosPerOK() float64 {
	ok := r.OKPerSecond()
	if r.Mode != "max" || r.ServerCoreBusy == 0 || ok == 0 {
		return 0
	}
	return r.ServerCoreBusy * 1e4 / ok
}

// Machine describes where the figures were measured.
type Machine struct {
	CPUs       int    `json:"cpus"`
	Go         string `json:"go"`
	Pinned     bool   `json:"pinned"`
	GOMAXPROCS int    `json:"gomaxprocs,omitempty"`
	Pinning    string `json:"pinning,omitempty"`
	CPUModel   string `json:"cpu_model,omitempty"`
	OS         string `json:"os,omitempty"`
}

// Result is one attack.
type Result struct {
	Target      string         `json:"target"`
	Scenario    string         `json:"scenario"`
	Mode        string         `json:"mode"`
	Workers     int            `json:"workers"`
	Rate        int            `json:"rate"`
	DurationS   float64        `json:"duration_s"`
	Requests    uint64         `json:"requests"`
	RPS         float64        `json:"rps"`
	Success     float64        `json:"success"`
	P50ms       float64        `json:"p50_ms"`
	P90ms       float64        `json:"p90_ms"`
	P99ms       float64        `json:"p99_ms"`
	Maxms       float64        `json:"max_ms"`
	StatusCodes map[string]int `json:"status_codes"`
	// ThrottledBy counts the 429s by who sent them, told by their
	// bodies: nginx's limit_req or the application's throttle.
	ThrottledBy map[string]int `json:"throttled_by,omitempty"`

	PeakRSSMiB float64 `json:"peak_rss_mib,omitempty"`
	// HashMS, on an obtain row of a jwtlab server, is one password
	// hash's CPU time probed just before and just after this attack
	// (their mean): the row's hash limit.
	HashMS float64 `json:"hash_ms,omitempty"`
	// FloorOKPS, on a closed-loop row when the run has a floor, is the
	// floor's GET /api/me/ ok/s probed just before and just after this
	// attack (their mean): what VsFloor divides by.
	FloorOKPS float64 `json:"floor_ok_per_s,omitempty"`
	// ServerCoreBusy and AttackerCoreBusy are how busy (%) the servers'
	// and the attacker's pinned CPUs were during the measured attack
	// (/proc/stat; waiting for I/O counts as idle); 0 when unpinned, not
	// on Linux, or for a flood's two attacks, which share the cores. An
	// attacker near 100% bounds the row itself.
	ServerCoreBusy   float64  `json:"server_core_busy_pct,omitempty"`
	AttackerCoreBusy float64  `json:"attacker_core_busy_pct,omitempty"`
	VsFloor          float64  `json:"vs_floor,omitempty"`
	VsDev            float64  `json:"vs_dev,omitempty"`
	Errors           []string `json:"errors,omitempty"`
	// ResultsFile is the vegeta results file, relative to the output folder.
	ResultsFile string `json:"results_file,omitempty"`
}

// Knee is the open-loop finding for one target and scenario.
type Knee struct {
	Target   string  `json:"target"`
	Scenario string  `json:"scenario"`
	Rate     int     `json:"rate"` // 0: not even the lowest rate met the SLO
	P99ms    float64 `json:"p99_ms"`
	SLOms    float64 `json:"slo_ms"`
	Reason   string  `json:"reason"` // why the next step failed, or "" if none did
}

// Skip records a target or scenario that could not run.
type Skip struct {
	Target string `json:"target"`
	Reason string `json:"reason"`
}

// ErrBadSummary marks a summary.json that breaks the contract.
var ErrBadSummary = errors.New("bad summary")

// WriteSummary writes s as indented JSON.
func WriteSummary(w io.Writer, s *Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// ReadSummary parses summary.json and checks that every field of the
// contract is present, so a consumer fails loudly instead of reading zeros.
func ReadSummary(r io.Reader) (*Summary, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var probe struct {
		Machine map[string]json.RawMessage   `json:"machine"`
		Results []map[string]json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSummary, err)
	}
	if probe.Machine == nil {
		return nil, fmt.Errorf("%w: no machine", ErrBadSummary)
	}
	for _, k := range []string{"cpus", "go", "pinned"} {
		if _, ok := probe.Machine[k]; !ok {
			return nil, fmt.Errorf("%w: machine has no %q", ErrBadSummary, k)
		}
	}
	if probe.Results == nil {
		return nil, fmt.Errorf("%w: no results", ErrBadSummary)
	}
	for i, res := range probe.Results {
		for _, k := range resultFields {
			if _, ok := res[k]; !ok {
				return nil, fmt.Errorf("%w: result %d has no %q", ErrBadSummary, i, k)
			}
		}
	}
	var s Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSummary, err)
	}
	return &s, nil
}

// resultFields are the keys every result must carry.
var resultFields = []string{
	"target", "scenario", "mode", "workers", "rate", "duration_s", "requests",
	"rps", "success", "p50_ms", "p90_ms", "p99_ms", "max_ms", "status_codes",
}

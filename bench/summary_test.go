package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// contractExample is the summary.json example from the bench issue, as
// written there.
const contractExample = `{"machine":{"cpus":2,"go":"go1.26.x","pinned":true},"results":[{"target":"prod","scenario":"me","mode":"max","workers":32,"rate":0,"duration_s":8,"requests":103348,"rps":12916.0,"success":1.0,"p50_ms":1.4,"p90_ms":2.9,"p99_ms":5.6,"max_ms":20.1,"status_codes":{"200":103348}}]}`

func TestReadSummaryAcceptsTheContractExample(t *testing.T) {
	s, err := ReadSummary(strings.NewReader(contractExample))
	if err != nil {
		t.Fatal(err)
	}
	want := Result{Target: "prod", Scenario: "me", Mode: "max", Workers: 32, DurationS: 8, Requests: 103348,
		RPS: 12916, Success: 1, P50ms: 1.4, P90ms: 2.9, P99ms: 5.6, Maxms: 20.1, StatusCodes: map[string]int{"200": 103348}}
	if len(s.Results) != 1 || !reflect.DeepEqual(s.Results[0], want) {
		t.Errorf("ReadSummary(example).Results = %+v; want [%+v]", s.Results, want)
	}
	if s.Machine.CPUs != 2 || s.Machine.Go != "go1.26.x" || !s.Machine.Pinned {
		t.Errorf("ReadSummary(example).Machine = %+v; want 2 CPUs, go1.26.x, pinned", s.Machine)
	}
}

func TestSummaryRoundTrips(t *testing.T) {
	in := sampleSummary()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadSummary(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip = %+v; want %+v", out, in)
	}
}

func TestWrittenSummaryCarriesEveryContractField(t *testing.T) {
	// Zero values must still be written: a consumer cannot tell a missing
	// "rate" from a closed loop.
	s := &Summary{Results: []Result{{Target: "floor", Scenario: "me", Mode: "max"}}}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, s); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Machine map[string]any   `json:"machine"`
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"cpus", "go", "pinned"} {
		if _, ok := raw.Machine[k]; !ok {
			t.Errorf("machine lacks %q", k)
		}
	}
	for _, k := range resultFields {
		if _, ok := raw.Results[0][k]; !ok {
			t.Errorf("result lacks %q", k)
		}
	}
}

func TestReadSummaryRejectsMissingFields(t *testing.T) {
	var full map[string]any
	if err := json.Unmarshal([]byte(contractExample), &full); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(map[string]any){
		"no machine": func(m map[string]any) { delete(m, "machine") },
		"no results": func(m map[string]any) { delete(m, "results") },
		"no pinned":  func(m map[string]any) { delete(m["machine"].(map[string]any), "pinned") },
	}
	for _, k := range resultFields {
		cases["result without "+k] = func(m map[string]any) {
			delete(m["results"].([]any)[0].(map[string]any), k)
		}
	}
	cases["not JSON"] = nil
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			b := []byte("{not json")
			if breakIt != nil {
				var m map[string]any
				_ = json.Unmarshal([]byte(contractExample), &m)
				breakIt(m)
				b, _ = json.Marshal(m)
			}
			if _, err := ReadSummary(bytes.NewReader(b)); !errors.Is(err, ErrBadSummary) {
				t.Errorf("ReadSummary(%s) = %v; want ErrBadSummary", b, err)
			}
		})
	}
}

// sampleSummary is a fixed run used by the schema and report tests.
func sampleSummary() *Summary {
	return &Summary{
		Machine: Machine{CPUs: 2, Go: "go1.26.8", Pinned: true, GOMAXPROCS: 1,
			Pinning:  "servers on CPU 0 (taskset -c 0), attacker on CPU 1 (sched_setaffinity, GOMAXPROCS=1)",
			CPUModel: "AMD EPYC", OS: "linux/amd64"},
		Results: []Result{
			{Target: "floor", Scenario: "me", Mode: "max", Workers: 32, DurationS: 4.001, Requests: 51600, RPS: 12896.8,
				Success: 1, P50ms: 1.9, P90ms: 3.1, P99ms: 5.62, Maxms: 20.1, StatusCodes: map[string]int{"200": 51600},
				PeakRSSMiB: 12.5, ServerCoreBusy: 70, AttackerCoreBusy: 100, VsFloor: 1, ResultsFile: "results/floor.me.max.bin"},
			{Target: "dev", Scenario: "me", Mode: "max", Workers: 32, DurationS: 4.01, Requests: 20000, RPS: 4987.5,
				Success: 1, P50ms: 5.5, P90ms: 9.25, P99ms: 31.4, Maxms: 120.3, StatusCodes: map[string]int{"200": 20000},
				PeakRSSMiB: 30.1, VsFloor: 0.39, VsDev: 1},
			{Target: "dev+hash_*", Scenario: "me", Mode: "max", Workers: 32, DurationS: 4.01, Requests: 20400, RPS: 5087.5,
				Success: 1, P50ms: 5.4, P90ms: 9.2, P99ms: 30.1, Maxms: 110.3, StatusCodes: map[string]int{"200": 20400},
				PeakRSSMiB: 30.4, VsFloor: 0.39, VsDev: 1.02},
			{Target: "prod", Scenario: "me", Mode: "max", Workers: 32, DurationS: 4.002, Requests: 44000, RPS: 10994.5,
				Success: 1, P50ms: 2.3, P90ms: 3.9, P99ms: 7.1, Maxms: 25, StatusCodes: map[string]int{"200": 44000},
				PeakRSSMiB: 21.7, FloorOKPS: 12935, ServerCoreBusy: 93, AttackerCoreBusy: 84, VsFloor: 0.85, VsDev: 2.2},
			{Target: "prod", Scenario: "flood/me-quiet", Mode: "rate", Workers: 32, Rate: 500, DurationS: 2, Requests: 1000, RPS: 500,
				Success: 1, P50ms: 0.8, P90ms: 1.1, P99ms: 2, Maxms: 3, StatusCodes: map[string]int{"200": 1000}, PeakRSSMiB: 20},
			{Target: "prod", Scenario: "flood/login", Mode: "max", Workers: 32, DurationS: 4.3, Requests: 9000, RPS: 2093,
				Success: 0.0133, P50ms: 14, P90ms: 30, P99ms: 61, Maxms: 140, StatusCodes: map[string]int{"200": 120, "429": 8800, "503": 80},
				ThrottledBy: map[string]int{throttledByApp: 8800},
				PeakRSSMiB:  60.2, Errors: []string{"429 Too Many Requests", "503 Service Unavailable"}},
			{Target: "prod", Scenario: "flood/me", Mode: "rate", Workers: 32, Rate: 500, DurationS: 4, Requests: 2000, RPS: 500,
				Success: 1, P50ms: 1.2, P90ms: 2.5, P99ms: 5, Maxms: 12, StatusCodes: map[string]int{"200": 2000}, PeakRSSMiB: 60.2},
			{Target: "prod", Scenario: "obtain", Mode: "rate", Workers: 32, Rate: 20, DurationS: 4, Requests: 80, RPS: 20,
				Success: 1, P50ms: 36, P90ms: 38, P99ms: 41, Maxms: 45, StatusCodes: map[string]int{"200": 80}, PeakRSSMiB: 41},
			{Target: "prod", Scenario: "obtain", Mode: "rate", Workers: 32, Rate: 40, DurationS: 4, Requests: 160, RPS: 40,
				Success: 0.75, P50ms: 40, P90ms: 90, P99ms: 300, Maxms: 400, StatusCodes: map[string]int{"200": 120, "503": 40}, PeakRSSMiB: 60, HashMS: 25},
		},
		Knees:   []Knee{{Target: "prod", Scenario: "obtain", Rate: 20, P99ms: 41, SLOms: 50, Reason: "at 40 rps: 75.0% success"}},
		Command: "jwtlab bench -ablate", Started: "2026-11-28T23:00:00Z",
		Overrides: map[string][]string{"dev+hash_*": {"hash_slots=2", "hash_queue=4"}},
		Skipped:   []Skip{{Target: "prod+nginx", Reason: "nginx not found on PATH"}},
		HashLimit: &HashLimit{MS: 20, Cores: 1, Targets: []string{"dev", "prod"}},
	}
}

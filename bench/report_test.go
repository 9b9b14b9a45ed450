package bench

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it); got:\n%s", name, got)
	}
}

func TestReportMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteReport(&buf, sampleSummary()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.md", buf.Bytes())
}

func TestTableMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, sampleSummary()); err != nil {
		t.Fatal(err)
	}
	golden(t, "table.golden.txt", buf.Bytes())
}

func TestPlanMatchesGolden(t *testing.T) {
	cfg := &Config{
		Targets: []Target{{Name: "floor", Kind: KindFloor}, {Name: "dev", Kind: KindServe},
			{Name: "dev+hash_*", Kind: KindServe, Profile: "dev", Set: []string{"hash_slots=2", "hash_queue=4"}}, {Name: "prod", Kind: KindServe}},
		Skipped:   []Skip{{Target: "prod+nginx", Reason: "nginx not found on PATH"}},
		Scenarios: scenarioNames, Mode: "max", Duration: 4 * time.Second, Workers: 32, FloodRate: 500, SLO: DefaultSLO,
	}
	var buf bytes.Buffer
	printPlan(&buf, cfg, sampleSummary().Machine)
	golden(t, "plan.golden.txt", buf.Bytes())
}

func TestRatiosUseFloorMeAndDevSameScenario(t *testing.T) {
	rs := []Result{
		{Target: "floor", Scenario: "me", Mode: "max", RPS: 10000, Success: 1},
		{Target: "dev", Scenario: "me", Mode: "max", RPS: 2000, Success: 1},
		{Target: "dev", Scenario: "refresh", Mode: "max", RPS: 1000, Success: 1},
		{Target: "prod", Scenario: "me", Mode: "max", RPS: 9000, Success: 1},
		{Target: "prod", Scenario: "refresh", Mode: "max", RPS: 12000, Success: 0.5}, // fast refusals do not count
		{Target: "prod", Scenario: "me", Mode: "rate", Rate: 500, RPS: 500, Success: 1},
	}
	ratios(rs)
	for i, want := range [][2]float64{{1, 5}, {0.2, 1}, {0.1, 1}, {0.9, 4.5}, {0.6, 6}, {0, 0}} {
		if got := [2]float64{rs[i].VsFloor, rs[i].VsDev}; got != want {
			t.Errorf("%s/%s %s: (vs floor, vs dev) = %v; want %v", rs[i].Target, rs[i].Scenario, rs[i].Mode, got, want)
		}
	}
}

func TestKneeIsTheLastRateWithinTheSLO(t *testing.T) {
	step := func(rate int, p99 float64, ok float64) Result {
		return Result{Target: "prod", Scenario: "me", Mode: "rate", Rate: rate, P99ms: p99, Success: ok}
	}
	for _, tc := range []struct {
		name  string
		steps []Result
		want  Knee
	}{
		{"p99 crosses", []Result{step(10, 1, 1), step(20, 2, 1), step(40, 80, 1)},
			Knee{Target: "prod", Scenario: "me", Rate: 20, P99ms: 2, SLOms: 50, Reason: "at 40 rps: p99 80.0 ms > SLO 50 ms"}},
		{"errors appear", []Result{step(10, 1, 1), step(20, 2, 0.99)},
			Knee{Target: "prod", Scenario: "me", Rate: 10, P99ms: 1, SLOms: 50, Reason: "at 20 rps: 99.0% success"}},
		{"never met", []Result{step(10, 51, 1)},
			Knee{Target: "prod", Scenario: "me", Rate: 0, SLOms: 50, Reason: "at 10 rps: p99 51.0 ms > SLO 50 ms"}},
		{"all met", []Result{step(10, 1, 1), step(20, 1, 1)},
			Knee{Target: "prod", Scenario: "me", Rate: 20, P99ms: 1, SLOms: 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := knees(tc.steps, 50*time.Millisecond)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("knees = %+v; want [%+v]", got, tc.want)
			}
		})
	}
}

package bench

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestFloorBracketProbesAroundEachAttack: each attack's closed-loop rows
// get the mean of the floor probed just before and just after it, back
// to back attacks share a probe, the floor's own row stands for the
// first, and a failed probe leaves the rows to the floor's row.
func TestFloorBracketProbesAroundEachAttack(t *testing.T) {
	readings := []float64{200, 300}
	var failNext bool
	probes := 0
	b := &floorBracket{probe: func(context.Context) (float64, error) {
		probes++
		if failNext {
			failNext = false
			return 0, errors.New("floor did not start")
		}
		v := readings[0]
		readings = readings[1:]
		return v, nil
	}}
	ctx := context.Background()
	attack := func(sc string) func() ([]Result, error) {
		return func() ([]Result, error) {
			return []Result{{Target: "prod", Scenario: sc, Mode: "max"}, {Target: "prod", Scenario: sc, Mode: "rate"}}, nil
		}
	}

	b.measured([]Result{{Target: "floor", Scenario: "me", Mode: "max", RPS: 100, Success: 1}})
	res, err, perr := b.around(ctx, attack("me"))
	if err != nil || perr != nil || probes != 1 {
		t.Fatalf("first attack: %v, %v after %d probes; want none after 1 (the floor's row is the one before)", err, perr, probes)
	}
	if res[0].FloorOKPS != 150 || res[1].FloorOKPS != 0 {
		t.Errorf("FloorOKPS of the max and rate rows = %v, %v; want the mean of 100 and 200, then none", res[0].FloorOKPS, res[1].FloorOKPS)
	}
	res, _, _ = b.around(ctx, attack("refresh"))
	if probes != 2 || res[0].FloorOKPS != 250 {
		t.Errorf("second attack: %d probes, FloorOKPS %v; want the shared 200 and a new 300 (2 probes, 250)", probes, res[0].FloorOKPS)
	}

	failNext = true
	res, _, perr = b.around(ctx, attack("rotate"))
	if perr == nil || res[0].FloorOKPS != 0 || b.last != 0 {
		t.Errorf("failed probe after the attack: perr %v, FloorOKPS %v, last %v; want an error, no ratio base and nothing to reuse", perr, res[0].FloorOKPS, b.last)
	}

	attackErr := errors.New("target did not start")
	failNext = true
	readings = []float64{400}
	res, err, perr = b.around(ctx, func() ([]Result, error) { return []Result{{Mode: "max"}}, attackErr })
	if !errors.Is(err, attackErr) || perr == nil || res[0].FloorOKPS != 0 || b.last != 400 {
		t.Errorf("failed probe before: err %v, perr %v, FloorOKPS %v, last %v; want both errors, no base, 400 kept for the next", err, perr, res[0].FloorOKPS, b.last)
	}
}

func TestRatiosPreferTheFloorProbedAroundTheRow(t *testing.T) {
	rs := []Result{
		{Target: "floor", Scenario: "me", Mode: "max", RPS: 10000, Success: 1},
		{Target: "prod", Scenario: "me", Mode: "max", RPS: 9000, Success: 1, FloorOKPS: 12000},
		{Target: "prod", Scenario: "refresh", Mode: "max", RPS: 6000, Success: 1},
	}
	ratios(rs)
	if rs[1].VsFloor != 0.75 || rs[2].VsFloor != 0.6 {
		t.Errorf("x floor = %v, %v; want 9000/12000 (the probes) and 6000/10000 (the floor's row)", rs[1].VsFloor, rs[2].VsFloor)
	}
	n, ok := floorNote(rs)
	for _, want := range []string{"their mean: 12000 ok/s;", "the floor's row: 10000", "a probe having failed: prod/refresh"} {
		if !ok || !strings.Contains(n, want) {
			t.Errorf("note %q lacks %q", n, want)
		}
	}
	if _, ok := floorNote(rs[:1]); ok {
		t.Error("a run without probes got a floor note")
	}
}

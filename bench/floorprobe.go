package bench

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The floor moves. On a shared machine the floor's GET /api/me/ served
// 21,841 ok/s in one run and 30,925 in the next, and within one run it
// moved from 27,493 at its own row to a mean of 12,882 in the two probes
// around an attack a minute later (NOTES.md, "The floor moves"). A ratio
// to the floor's row alone then measures the minute as much as the
// target. So when the run has a floor, the bench measures it again, briefly, just before and just
// after each closed-loop attack of every other target, and holds that
// row's "x floor" to the mean of the two. Back-to-back attacks share the
// probe between them, and the floor's own row serves as the first.

// floorProbeDuration is how long one probe attacks the floor: a third of
// an attack, and at least half a second, which at the floor's tens of
// thousands a second is some ten thousand requests.
func (cfg *Config) floorProbeDuration() time.Duration {
	return max((cfg.Duration / 3).Round(100*time.Millisecond), 500*time.Millisecond)
}

// closedLoop reports whether scenario sc runs closed-loop attacks, the
// rows that get a ratio to the floor.
func (cfg *Config) closedLoop(sc string) bool { return cfg.Mode != "rate" || sc == "flood" }

// hasFloor reports whether the run measures the floor.
func (cfg *Config) hasFloor() bool {
	return slices.ContainsFunc(cfg.Targets, func(t Target) bool { return t.Kind == KindFloor })
}

// floorBracket holds the newest measurement of the floor and takes more.
type floorBracket struct {
	probe func(context.Context) (float64, error) // the floor's ok/s now
	last  float64                                // newest ok/s; 0 when there is none to reuse
}

// newFloorBracket returns the bracket of a run over targets, probing the
// floor among them, or nil when there is none.
func (r *runner) newFloorBracket(targets []Target) *floorBracket {
	for _, t := range targets {
		if t.Kind == KindFloor {
			return &floorBracket{probe: func(ctx context.Context) (float64, error) { return r.probeFloor(ctx, t) }}
		}
	}
	return nil
}

// measured records the floor's own closed-loop row as the newest
// measurement, so that the next attack need not probe before it.
func (b *floorBracket) measured(res []Result) {
	for _, r := range res {
		if r.Scenario == "me" && r.Mode == "max" && r.Success > 0 {
			b.last = r.OKPerSecond()
		}
	}
}

// bracketed runs the closed-loop attacks of t in scenario sc: the floor's
// own are its newest measurement, any other target's are held to the
// floor measured just before and just after them. The open-loop steps
// that may follow are outside the bracket.
func (r *runner) bracketed(ctx context.Context, t Target, sc string, attack func() ([]Result, error)) ([]Result, error) {
	switch {
	case r.floor == nil:
		return attack()
	case t.Kind == KindFloor:
		res, err := attack()
		r.floor.measured(res)
		return res, err
	}
	res, err, perr := r.floor.around(ctx, attack)
	if perr != nil {
		fmt.Fprintf(r.cfg.Stderr, "  %s/%s: %v (x floor is against the floor's row)\n", t.Name, sc, perr)
	}
	return res, err
}

// around runs attack between two measurements of the floor and sets each
// closed-loop row's FloorOKPS to their mean. A probe that fails leaves
// the rows to the floor's own row and is returned as perr, beside the
// attack's own error.
func (b *floorBracket) around(ctx context.Context, attack func() ([]Result, error)) (res []Result, err, perr error) {
	before := b.last
	if before == 0 {
		if before, perr = b.probe(ctx); perr != nil {
			before = 0
		}
	}
	res, err = attack()
	b.last = 0
	if ctx.Err() != nil {
		return res, err, perr
	}
	after, aperr := b.probe(ctx)
	if aperr != nil {
		return res, err, aperr
	}
	b.last = after
	if before == 0 {
		return res, err, perr
	}
	for i := range res {
		if res[i].Mode == "max" {
			res[i].FloorOKPS = math.Round((before + after) / 2)
		}
	}
	return res, err, perr
}

// probeFloor starts the floor target ft, attacks its GET /api/me/ closed
// loop for floorProbeDuration, and returns the ok/s. Nothing of it is
// printed, plotted or written: it is a reading, not a row.
func (r *runner) probeFloor(ctx context.Context, ft Target) (float64, error) {
	in, err := r.start.start(ctx, ft, "me")
	if err != nil {
		return 0, fmt.Errorf("floor probe: %w", err)
	}
	defer in.stop()
	toks, err := r.tokens(ctx, ft, in.base)
	if err != nil {
		return 0, fmt.Errorf("floor probe: %w", err)
	}
	specs, err := r.maxSpecs(ft, "me", in.base, toks, 0)
	if err != nil {
		return 0, fmt.Errorf("floor probe: %w", err)
	}
	spec := specs[0][0]
	spec.duration = r.cfg.floorProbeDuration()
	res, err := (&attacker{}).run(ctx, []attackSpec{spec}, in.pid)
	if err != nil {
		return 0, fmt.Errorf("floor probe: %w", err)
	}
	if res[0].Success < 1 {
		return 0, fmt.Errorf("floor probe: %.1f%% of GET /api/me/ succeeded", res[0].Success*100)
	}
	return res[0].OKPerSecond(), nil
}

// floorNote says what the x floor column divides by: the floor as
// probed around each attack, with how far it moved over the run, and
// which rows fell back to the floor's own row.
func floorNote(rs []Result) (string, bool) {
	var lo, hi, row float64
	var fallback []string
	for _, r := range rs {
		switch {
		case r.Target == "floor" && r.Scenario == "me" && r.Mode == "max":
			row = r.OKPerSecond()
		case r.FloorOKPS > 0:
			if lo == 0 || r.FloorOKPS < lo {
				lo = r.FloorOKPS
			}
			hi = max(hi, r.FloorOKPS)
		case r.VsFloor > 0:
			fallback = append(fallback, r.Target+"/"+r.Scenario)
		}
	}
	if hi == 0 {
		return "", false
	}
	span := fmt.Sprintf("%.0f-%.0f ok/s over this run", lo, hi)
	if lo == hi {
		span = fmt.Sprintf("%.0f ok/s", lo)
	}
	n := "- x floor: each row against the floor's GET /api/me/ probed just before and just after its own attack (their mean: " + span
	if row > 0 {
		n += fmt.Sprintf("; the floor's row: %.0f", row)
	}
	n += ")"
	if len(fallback) > 0 {
		n += fmt.Sprintf("; against the floor's row, a probe having failed: %s", strings.Join(fallback, ", "))
	}
	return n, true
}

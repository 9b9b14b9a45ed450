package loadtest

import (
	"fmt"
	"io"
	"time"
)

// StepClosedLoop is the step "A closed loop hides the stall".
func StepClosedLoop(w io.Writer) error {
	run := ClosedLoop(Stalling, 10*time.Second)
	fmt.Fprintf(w, "%-9s %v\n", "closed", Summarize(Latencies(run, false)))
	return nil
}

// StepOpenLoop is the step "An open loop sees it".
func StepOpenLoop(w io.Writer) error {
	run := OpenLoop(Stalling, 100, 10*time.Second)
	fmt.Fprintf(w, "%-9s %v\n", "open", Summarize(Latencies(run, false)))
	return nil
}

// StepPacedClosedLoop is the step "Coordinated omission".
func StepPacedClosedLoop(w io.Writer) error {
	run := PacedClosedLoop(Stalling, 100, 10*time.Second)
	fmt.Fprintf(w, "%-9s %v\n", "measured", Summarize(Latencies(run, false)))
	fmt.Fprintf(w, "%-9s %v\n", "corrected", Summarize(Latencies(run, true)))
	return nil
}

// StepSummarize is the step "Read percentiles, not the mean".
func StepSummarize(w io.Writer) error {
	lat := []time.Duration{1, 1, 1, 1, 1, 1, 1, 1, 1, 991}
	for i := range lat {
		lat[i] *= time.Millisecond
	}
	fmt.Fprintf(w, "%-9s %v\n", "ten", Summarize(lat))
	return nil
}

// StepReport is the step "Reading a vegeta report".
func StepReport(w io.Writer) error {
	run := OpenLoop(Stalling, 100, 10*time.Second)
	report, err := Report(run, time.Unix(1795902700, 0), 483)
	if err != nil {
		return err
	}
	fmt.Fprint(w, report)
	return nil
}

// StepBottleneck is the step "Which side is the bottleneck". Each cost
// is a value inside a range derived from NOTES.md's "Who is the
// bottleneck" (three runs on the project's 2-core machine). The server's
// CPU an answer is that table's own column: floor 25-33 µs, prod me
// 35-39, prod refresh 52-75; the step takes 25, 36 and 54. The table
// gives no per-request figure for vegeta, so it is derived as the
// attacker core's busy share over the answers a second, the lowest busy
// over the highest rate and the highest over the lowest: floor me
// 0.95/28,880 s to 0.98/23,671 s = 33-41 µs, prod me 0.95/26,458 to
// 0.97/19,577 = 36-50 µs, prod refresh (a POST with a body) 0.67/18,161
// to 0.79/12,892 = 37-61 µs; the step takes 34, 38 and 40.
func StepBottleneck(w io.Writer) error {
	const us = time.Microsecond
	floor := Cores{Generator: 34 * us, Server: 25 * us}
	f := floor.ClosedLoop(32, time.Second)
	fmt.Fprintf(w, "%-8s %v\n", "floor", f)
	for _, s := range []struct {
		name string
		c    Cores
	}{
		{"me", Cores{Generator: 38 * us, Server: 36 * us}},
		{"refresh", Cores{Generator: 40 * us, Server: 54 * us}},
	} {
		r := s.c.ClosedLoop(32, time.Second)
		byAnswers := float64(r.Answers) / float64(f.Answers)
		byCPU := float64(floor.Server) / float64(s.c.Server)
		fmt.Fprintf(w, "%-8s %v\n", s.name, r)
		fmt.Fprintf(w, "%-8s x floor: %.2f by answers, ", "", byAnswers)
		fmt.Fprintf(w, "%.2f by the server's CPU\n", byCPU)
	}
	return nil
}

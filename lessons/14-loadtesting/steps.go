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

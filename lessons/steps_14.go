package lessons

import (
	"fmt"
	"io"
	"time"

	loadtest "jwtlab/lessons/14-loadtesting"
)

var lesson14 = spec{
	number: 14, slug: "14-loadtesting", title: "Load testing honestly",
	summary: "open vs closed loop, coordinated omission, percentiles, reading a vegeta report",
	steps: []stepSpec{
		{section: "A closed loop hides the stall", example: "ExampleClosedLoop", decls: []string{"Stalling", "ClosedLoop"},
			run: func(w io.Writer) error {
				run := loadtest.ClosedLoop(loadtest.Stalling, 10*time.Second)
				fmt.Fprintf(w, "%-9s %v\n", "closed", loadtest.Summarize(loadtest.Latencies(run, false)))
				return nil
			}},
		{section: "An open loop sees it", example: "ExampleOpenLoop", decls: []string{"OpenLoop"},
			run: func(w io.Writer) error {
				run := loadtest.OpenLoop(loadtest.Stalling, 100, 10*time.Second)
				fmt.Fprintf(w, "%-9s %v\n", "open", loadtest.Summarize(loadtest.Latencies(run, false)))
				return nil
			}},
		{section: "Coordinated omission", example: "ExamplePacedClosedLoop", decls: []string{"Sample.Corrected", "PacedClosedLoop"},
			run: func(w io.Writer) error {
				run := loadtest.PacedClosedLoop(loadtest.Stalling, 100, 10*time.Second)
				fmt.Fprintf(w, "%-9s %v\n", "measured", loadtest.Summarize(loadtest.Latencies(run, false)))
				fmt.Fprintf(w, "%-9s %v\n", "corrected", loadtest.Summarize(loadtest.Latencies(run, true)))
				return nil
			}},
		{section: "Read percentiles, not the mean", example: "ExampleSummarize", decls: []string{"Summarize"},
			run: func(w io.Writer) error {
				lat := []time.Duration{1, 1, 1, 1, 1, 1, 1, 1, 1, 991}
				for i := range lat {
					lat[i] *= time.Millisecond
				}
				fmt.Fprintf(w, "%-9s %v\n", "ten", loadtest.Summarize(lat))
				return nil
			}},
		{section: "Reading a vegeta report", example: "ExampleReport", decls: []string{"Report"},
			run: func(w io.Writer) error {
				run := loadtest.OpenLoop(loadtest.Stalling, 100, 10*time.Second)
				report, err := loadtest.Report(run, time.Unix(1795902700, 0), 483)
				if err != nil {
					return err
				}
				fmt.Fprint(w, report)
				return nil
			}},
	},
}

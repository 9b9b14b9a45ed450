package loadtest_test

import (
	"fmt"
	"time"

	loadtest "jwtlab/lessons/14-loadtesting"
)

func ExampleClosedLoop() {
	run := loadtest.ClosedLoop(loadtest.Stalling, 10*time.Second)
	fmt.Printf("%-9s %v\n", "closed", loadtest.Summarize(loadtest.Latencies(run, false)))
	// Output:
	// closed    n=1800 mean=5.555555ms p50=5ms    p90=5ms       p99=5ms       max=1.005s
}

func ExampleOpenLoop() {
	run := loadtest.OpenLoop(loadtest.Stalling, 100, 10*time.Second)
	fmt.Printf("%-9s %v\n", "open", loadtest.Summarize(loadtest.Latencies(run, false)))
	// Output:
	// open      n=1000 mean=105.5ms   p50=5ms    p90=505ms     p99=955ms     max=1.005s
}

func ExamplePacedClosedLoop() {
	run := loadtest.PacedClosedLoop(loadtest.Stalling, 100, 10*time.Second)
	fmt.Printf("%-9s %v\n", "measured", loadtest.Summarize(loadtest.Latencies(run, false)))
	fmt.Printf("%-9s %v\n", "corrected", loadtest.Summarize(loadtest.Latencies(run, true)))
	// Output:
	// measured  n=1000 mean=6ms       p50=5ms    p90=5ms       p99=5ms       max=1.005s
	// corrected n=1000 mean=105.5ms   p50=5ms    p90=505ms     p99=955ms     max=1.005s
}

func ExampleSummarize() {
	// Ten answers: nine fast, one slow.
	lat := []time.Duration{1, 1, 1, 1, 1, 1, 1, 1, 1, 991}
	for i := range lat {
		lat[i] *= time.Millisecond
	}
	fmt.Printf("%-9s %v\n", "ten", loadtest.Summarize(lat))
	// Output:
	// ten       n=10   mean=100ms     p50=1ms    p90=1ms       p99=991ms     max=991ms
}

func ExampleReport() {
	run := loadtest.OpenLoop(loadtest.Stalling, 100, 10*time.Second)
	report, err := loadtest.Report(run, time.Unix(1795902700, 0), 483)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(report)
	// Output:
	// Requests      [total, rate, throughput]         1000, 100.10, 100.05
	// Duration      [total, attack, wait]             9.995s, 9.99s, 5ms
	// Latencies     [min, mean, 50, 90, 95, 99, max]  5ms, 105.5ms, 5ms, 507.5ms, 757.5ms, 957.5ms, 1.005s
	// Bytes In      [total, mean]                     483000, 483.00
	// Bytes Out     [total, mean]                     0, 0.00
	// Success       [ratio]                           100.00%
	// Status Codes  [code:count]                      200:1000
	// Error Set:
}

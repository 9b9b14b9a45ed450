package loadtest_test

import (
	"fmt"
	"io"
	"os"

	loadtest "jwtlab/lessons/14-loadtesting"
)

func ExampleStepClosedLoop() {
	run(loadtest.StepClosedLoop)
	// Output:
	// closed    n=1800 mean=5.555555ms p50=5ms    p90=5ms       p99=5ms       max=1.005s
}

func ExampleStepOpenLoop() {
	run(loadtest.StepOpenLoop)
	// Output:
	// open      n=1000 mean=105.5ms   p50=5ms    p90=505ms     p99=955ms     max=1.005s
}

func ExampleStepPacedClosedLoop() {
	run(loadtest.StepPacedClosedLoop)
	// Output:
	// measured  n=1000 mean=6ms       p50=5ms    p90=5ms       p99=5ms       max=1.005s
	// corrected n=1000 mean=105.5ms   p50=5ms    p90=505ms     p99=955ms     max=1.005s
}

func ExampleStepSummarize() {
	run(loadtest.StepSummarize)
	// Output:
	// ten       n=10   mean=100ms     p50=1ms    p90=1ms       p99=991ms     max=991ms
}

func ExampleStepReport() {
	run(loadtest.StepReport)
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

func ExampleStepBottleneck() {
	run(loadtest.StepBottleneck)
	// Output:
	// floor    answers=29411  generator 100% busy  server  74% busy
	// me       answers=26314  generator 100% busy  server  95% busy
	//          x floor: 0.89 by answers, 0.69 by the server's CPU
	// refresh  answers=18517  generator  74% busy  server 100% busy
	//          x floor: 0.63 by answers, 0.46 by the server's CPU
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

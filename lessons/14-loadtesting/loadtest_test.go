package loadtest_test

import (
	"math"
	"testing"
	"time"

	loadtest "jwtlab/lessons/14-loadtesting"
)

func TestSummarize(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name          string
		in            []time.Duration
		p50, p99, max time.Duration
	}{
		{"one sample is every percentile", ms(7), 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond},
		{"order does not matter", ms(3, 1, 2), 2 * time.Millisecond, 3 * time.Millisecond, 3 * time.Millisecond},
		{"the median of four is the second", ms(1, 2, 3, 4), 2 * time.Millisecond, 4 * time.Millisecond, 4 * time.Millisecond},
		{"one slow in a hundred is not the p99", append(ms(make([]int, 99)...), 500*time.Millisecond), 0, 0, 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := loadtest.Summarize(tt.in)
			if s.P50 != tt.p50 || s.P99 != tt.p99 || s.Max != tt.max {
				t.Errorf("Summarize(%v) = %+v; want p50 %v p99 %v max %v", tt.in, s, tt.p50, tt.p99, tt.max)
			}
		})
	}
}

func TestOpenLoopKeepsItsSchedule(t *testing.T) {
	run := loadtest.OpenLoop(loadtest.Stalling, 100, time.Second*10)
	if len(run) != 1000 {
		t.Fatalf("OpenLoop sent %d requests; want 1000", len(run))
	}
	for i, s := range run {
		if want := time.Duration(i) * 10 * time.Millisecond; s.Sent != want || s.Intended != want {
			t.Fatalf("request %d sent at %v; want %v", i, s.Sent, want)
		}
	}
}

func TestClosedLoopWaitsForEachAnswer(t *testing.T) {
	run := loadtest.ClosedLoop(loadtest.Stalling, time.Second*10)
	for i := 1; i < len(run); i++ {
		if run[i].Sent != run[i-1].Done {
			t.Fatalf("request %d sent at %v; the previous answer came at %v", i, run[i].Sent, run[i-1].Done)
		}
	}
}

func TestWithoutAStallNothingQueues(t *testing.T) {
	calm := loadtest.Server{Service: 5 * time.Millisecond}
	for _, run := range [][]loadtest.Sample{
		loadtest.OpenLoop(calm, 100, time.Second),
		loadtest.PacedClosedLoop(calm, 100, time.Second),
	} {
		if s := loadtest.Summarize(loadtest.Latencies(run, true)); s.Max != calm.Service {
			t.Errorf("max corrected latency %v on a calm server at half its capacity; want %v", s.Max, calm.Service)
		}
	}
}

func TestClosedLoopOnTwoCoresRunsAtTheSlowerSide(t *testing.T) {
	us := time.Microsecond
	tests := []struct {
		name      string
		c         loadtest.Cores
		workers   int
		answers   int
		gen, serv float64
	}{
		{"the generator slower: it is the bound", loadtest.Cores{Generator: 40 * us, Server: 20 * us}, 8, 24999, 1, 0.5},
		{"the server slower: it is the bound", loadtest.Cores{Generator: 20 * us, Server: 40 * us}, 8, 24999, 0.5, 1},
		{"one worker waits for both", loadtest.Cores{Generator: 20 * us, Server: 30 * us}, 1, 20000, 0.4, 0.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.c.ClosedLoop(tt.workers, time.Second)
			if p.Answers != tt.answers || math.Abs(p.GeneratorBusy-tt.gen) > 0.001 || math.Abs(p.ServerBusy-tt.serv) > 0.001 {
				t.Errorf("%+v.ClosedLoop(%d, 1s) = %+v; want %d answers, generator %.2f, server %.2f busy",
					tt.c, tt.workers, p, tt.answers, tt.gen, tt.serv)
			}
		})
	}
}

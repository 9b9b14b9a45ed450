package loadtest

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Server is a simulated server with one worker: each request takes Service,
// and the worker is frozen from StallFrom to StallTo (offsets from the start
// of the test).
type Server struct {
	Service            time.Duration
	StallFrom, StallTo time.Duration
}

// Stalling is the server all the examples measure: 5 ms per request,
// frozen for the third second.
var Stalling = Server{Service: 5 * time.Millisecond, StallFrom: 2 * time.Second, StallTo: 3 * time.Second}

// finish is when a request arriving at arrive completes, if the worker is
// free from free on: it waits its turn, and the stall delays whatever is
// being served or waiting.
func (s Server) finish(arrive, free time.Duration) time.Duration {
	start := max(arrive, free)
	if start >= s.StallFrom && start < s.StallTo {
		start = s.StallTo
	}
	end := start + s.Service
	if start < s.StallFrom && end > s.StallFrom {
		end += s.StallTo - s.StallFrom
	}
	return end
}

// Sample is one request: when it was sent, when it should have been sent
// (the same, unless the generator was held up), and when it finished.
type Sample struct {
	Intended, Sent, Done time.Duration
}

// Latency is what the generator measures: from sending to the answer.
func (s Sample) Latency() time.Duration { return s.Done - s.Sent }

// Corrected is the latency a user would see: from when the request should
// have gone out.
func (s Sample) Corrected() time.Duration { return s.Done - s.Intended }

// ClosedLoop is one client sending the next request the moment the previous
// answer arrives, for the duration d.
func ClosedLoop(s Server, d time.Duration) []Sample {
	var out []Sample
	for now := time.Duration(0); now < d; {
		done := s.finish(now, now)
		out = append(out, Sample{Intended: now, Sent: now, Done: done})
		now = done
	}
	return out
}

// OpenLoop sends rate requests a second for the duration d, whether or not
// answers have come back.
func OpenLoop(s Server, rate int, d time.Duration) []Sample {
	interval := time.Second / time.Duration(rate)
	var out []Sample
	free := time.Duration(0)
	for t := time.Duration(0); t < d; t += interval {
		free = s.finish(t, free)
		out = append(out, Sample{Intended: t, Sent: t, Done: free})
	}
	return out
}

// PacedClosedLoop is a closed loop that means to send every 1/rate seconds:
// it sends on schedule, or as soon as the previous answer arrives if that
// is later.
func PacedClosedLoop(s Server, rate int, d time.Duration) []Sample {
	interval := time.Second / time.Duration(rate)
	var out []Sample
	free := time.Duration(0)
	for i := 0; time.Duration(i)*interval < d; i++ {
		intended := time.Duration(i) * interval
		sent := max(intended, free)
		free = s.finish(sent, sent)
		out = append(out, Sample{Intended: intended, Sent: sent, Done: free})
	}
	return out
}

// Summary is what a report should say about a set of latencies.
type Summary struct {
	N                        int
	Mean, P50, P90, P99, Max time.Duration
}

// String puts a summary on one line, in columns.
func (s Summary) String() string {
	return fmt.Sprintf("n=%-4d mean=%-9v p50=%-6v p90=%-9v p99=%-9v max=%v", s.N, s.Mean, s.P50, s.P90, s.P99, s.Max)
}

// Summarize computes exact nearest-rank percentiles: the p-th percentile is
// the smallest latency with at least p% of the samples at or below it.
func Summarize(latencies []time.Duration) Summary {
	s := slices.Sorted(slices.Values(latencies))
	var total time.Duration
	for _, l := range s {
		total += l
	}
	rank := func(p float64) time.Duration {
		return s[int(math.Ceil(p/100*float64(len(s))))-1]
	}
	return Summary{N: len(s), Mean: total / time.Duration(len(s)),
		P50: rank(50), P90: rank(90), P99: rank(99), Max: s[len(s)-1]}
}

// Latencies picks the generator's view (measured) or the user's
// (corrected) from a run.
func Latencies(samples []Sample, corrected bool) []time.Duration {
	out := make([]time.Duration, len(samples))
	for i, s := range samples {
		out[i] = s.Latency()
		if corrected {
			out[i] = s.Corrected()
		}
	}
	return out
}

// trailing matches the spaces vegeta's tabwriter leaves at line ends.
var trailing = regexp.MustCompile(`(?m)[ \t]+$`)

// Report feeds a run to vegeta's metrics, as if vegeta had made the
// requests starting at start, and returns vegeta's text report. bytesIn is
// the size of each answer.
func Report(samples []Sample, start time.Time, bytesIn uint64) (string, error) {
	var m vegeta.Metrics
	for _, s := range samples {
		m.Add(&vegeta.Result{Code: 200, Timestamp: start.Add(s.Sent), Latency: s.Latency(), BytesIn: bytesIn})
	}
	m.Close()
	var b bytes.Buffer
	if err := vegeta.NewTextReporter(&m).Report(&b); err != nil {
		return "", err
	}
	return trailing.ReplaceAllString(b.String(), ""), nil
}

// Cores is a closed loop split across two cores, as jwtlab bench pins it:
// the load generator spends Generator of its own core on each request
// (building and sending it, reading the answer), the server Server of
// its core.
type Cores struct {
	Generator, Server time.Duration
}

// Pinned is what a closed loop on two cores measured.
type Pinned struct {
	Answers                   int
	GeneratorBusy, ServerBusy float64 // fractions of the run each core was busy
}

// String puts a run on one line.
func (p Pinned) String() string {
	return fmt.Sprintf("answers=%-6d generator %3.0f%% busy  server %3.0f%% busy", p.Answers, p.GeneratorBusy*100, p.ServerBusy*100)
}

// ClosedLoop runs workers closed-loop clients for the duration d. Each
// request takes its turn on the generator's core, then on the server's,
// and its worker sends the next one when the answer is back; each core
// serves one request at a time, in the order they reach it.
func (c Cores) ClosedLoop(workers int, d time.Duration) Pinned {
	// ready is when each worker may send again.
	ready := make([]time.Duration, workers)
	var genFree, srvFree, genBusy, srvBusy time.Duration
	var p Pinned
	for {
		i := 0
		for j, r := range ready {
			if r < ready[i] {
				i = j
			}
		}
		sent := max(ready[i], genFree) + c.Generator
		genFree = sent
		done := max(sent, srvFree) + c.Server
		srvFree = done
		if done > d {
			break
		}
		ready[i] = done
		p.Answers++
		genBusy += c.Generator
		srvBusy += c.Server
	}
	p.GeneratorBusy = float64(genBusy) / float64(d)
	p.ServerBusy = float64(srvBusy) / float64(d)
	return p
}

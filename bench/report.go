package bench

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

var tableHead = []string{"target", "scenario", "mode", "load", "rps", "ok/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "ok %", "codes", "RSS MiB", "CPU µs/ok", "x floor", "x dev"}

// rows renders results as table cells, shared by the terminal table and
// the markdown report so the two never disagree.
func rows(rs []Result) [][]string {
	out := make([][]string, 0, len(rs))
	for _, r := range rs {
		load := fmt.Sprintf("%d workers", r.Workers)
		if r.Rate > 0 {
			load = fmt.Sprintf("%d/s", r.Rate)
		}
		out = append(out, []string{
			r.Target, r.Scenario, r.Mode, load,
			fmt.Sprintf("%.0f", r.RPS), fmt.Sprintf("%.0f", r.OKPerSecond()),
			fmtMS(r.P50ms), fmtMS(r.P90ms), fmtMS(r.P99ms), fmtMS(r.Maxms),
			strconv.FormatFloat(r.Success*100, 'f', 1, 64),
			codes(r.StatusCodes),
			fmtOpt(r.PeakRSSMiB, 1), fmtOpt(r.ServerMicrosPerOK(), 1), fmtRatio(r.VsFloor), fmtRatio(r.VsDev),
		})
	}
	return out
}

// fmtMS keeps three significant figures at every scale.
func fmtMS(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func fmtOpt(v float64, prec int) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// fmtRatio prints a ratio as roundRatio kept it: two decimals, or two
// significant digits below 0.1 (0.0021); 0 is "-", no ratio.
func fmtRatio(v float64) string {
	if v > 0 && v < 0.1 {
		return strconv.FormatFloat(v, 'g', 2, 64)
	}
	return fmtOpt(v, 2)
}

// codes prints status counts in code order; 0 is a transport error.
func codes(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

// writeTableFit prints the table for a terminal of the given width: the
// whole table when it fits or the width is unknown (0), else the narrow
// one, saying where the whole one is; notes wrap to the width.
func writeTableFit(w io.Writer, s *Summary, columns int, out string) error {
	full := alignedTable(tableHead, rows(s.Results), 2)
	table := full
	narrow := columns > 0 && widest(full) > columns
	if narrow {
		table = alignedTable(narrowHead, narrowRows(s.Results), 2)
		if widest(table) > columns {
			table = alignedTable(narrowHead, narrowRows(s.Results), 1)
		}
	}
	if _, err := w.Write(table); err != nil {
		return err
	}
	var lines []string
	if narrow {
		where := "pipe the output (jwtlab bench | cat) for"
		if out != "" {
			where = filepath.Join(out, "report.md") + " and summary.json have"
		}
		lines = append(lines, fmt.Sprintf("- a narrow table for %d columns: %s the whole one (rps, p90, max, codes, RSS, x dev)", columns, where))
	}
	for _, n := range append(lines, notes(s)...) {
		printWrapped(w, n, columns)
	}
	return nil
}

// WriteTable prints the whole table with the notes below.
func WriteTable(w io.Writer, s *Summary) error { return writeTableFit(w, s, 0, "") }

// WriteReport writes report.md: machine facts, the table and the notes,
// ready to paste into NOTES.md.
func WriteReport(w io.Writer, s *Summary) error {
	m := s.Machine
	fmt.Fprintf(w, "## jwtlab bench\n\n")
	if s.Command != "" {
		fmt.Fprintf(w, "- run: `%s`, started %s\n", s.Command, s.Started)
	}
	fmt.Fprintf(w, "- machine: %d CPUs%s, %s, %s, GOMAXPROCS %d (attacker)\n", m.CPUs, paren(m.CPUModel), m.Go, m.OS, m.GOMAXPROCS)
	fmt.Fprintf(w, "- pinning: %s\n", m.Pinning)
	fmt.Fprintln(w, "- load: vegeta library; `max` is a closed loop of fixed workers, `rate` an open loop at a fixed rate; latencies in ms; RSS is the server's peak during the attack; CPU µs/ok is the server core's busy time per successful answer (pinned on Linux only); rps counts every answer, ok/s only the successful ones (status 200-399, as vegeta counts success; every scenario here expects a 200); x floor and x dev compare ok/s")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| "+strings.Join(tableHead, " | ")+" |")
	fmt.Fprintln(w, "|"+strings.Repeat("---|", len(tableHead)))
	for _, row := range rows(s.Results) {
		fmt.Fprintln(w, "| "+strings.Join(row, " | ")+" |")
	}
	if ns := notes(s); len(ns) > 0 {
		fmt.Fprintln(w)
		for _, n := range ns {
			fmt.Fprintln(w, "- "+strings.TrimPrefix(n, "- "))
		}
	}
	return nil
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// notes are the findings a table hides: what a flood did to GET /api/me/,
// the open-loop knees, and what did not run.
func notes(s *Summary) []string {
	var out []string
	quiet := map[string]Result{}
	for _, r := range s.Results {
		if r.Scenario == "flood/me-quiet" {
			quiet[r.Target] = r
		}
	}
	for _, r := range s.Results {
		if r.Scenario != "flood/me" {
			continue
		}
		if q, ok := quiet[r.Target]; ok && q.P99ms > 0 {
			out = append(out, fmt.Sprintf("- flood, %s: GET /api/me/ p99 %s ms quiet -> %s ms under a login flood (%.1fx), %.1f%% ok",
				r.Target, fmtMS(q.P99ms), fmtMS(r.P99ms), r.P99ms/q.P99ms, r.Success*100))
		}
	}
	for _, k := range s.Knees {
		if k.Rate == 0 {
			out = append(out, fmt.Sprintf("- knee, %s/%s: no rate met p99 <= %s ms (%s)", k.Target, k.Scenario, fmtMS(k.SLOms), k.Reason))
			continue
		}
		why := "no step failed"
		if k.Reason != "" {
			why = "next: " + k.Reason
		}
		out = append(out, fmt.Sprintf("- knee, %s/%s: %d rps with p99 %s ms <= %s ms (%s)", k.Target, k.Scenario, k.Rate, fmtMS(k.P99ms), fmtMS(k.SLOms), why))
	}
	seen := map[string]bool{}
	for _, r := range s.Results {
		if set, ok := s.Overrides[r.Target]; ok && !seen[r.Target] {
			seen[r.Target] = true
			if strings.HasPrefix(r.Target, "django-") {
				out = append(out, fmt.Sprintf("- %s is bench/peers/django/run-tuned.sh with %s", r.Target, strings.Join(set, " ")))
				continue
			}
			out = append(out, fmt.Sprintf("- %s is dev with -set %s", r.Target, strings.Join(set, " -set ")))
		}
	}
	if n, ok := floorNote(s.Results); ok {
		out = append(out, n)
	}
	if n, ok := bottleneckNote(s.Results); ok {
		out = append(out, n)
	}
	for _, r := range s.Results {
		if n, ok := s.HashLimit.note(r); ok {
			out = append(out, n)
		}
	}
	for _, r := range s.Results {
		if why := refusals(r); why != "" {
			out = append(out, fmt.Sprintf("- %s/%s: %.0f rps but %.0f ok/s: %s", r.Target, r.Scenario, r.RPS, r.OKPerSecond(), why))
		}
	}
	for _, sk := range s.Skipped {
		out = append(out, fmt.Sprintf("- skipped %s: %s", sk.Target, sk.Reason))
	}
	return out
}

// refusedBy names what answers each refusal status in the stacks the bench
// runs, so a row that is mostly refusals reads as a limiter, not as
// throughput.
var refusedBy = map[string]string{
	"0":   "transport errors (connection refused, reset or timed out)",
	"413": "body too large",
	// The summary tells the sender of each 429 by its body (ThrottledBy);
	// this is for a result without that count.
	"429": "throttled (nginx's limit_req, or the application's throttle)",
	"431": "headers too large",
	"502": "nginx found no upstream answering",
	"503": "shed (the server's max_in_flight or hash queue was full)",
	"504": "nginx timed out waiting for the upstream",
}

// refusals says, for a result whose answers were mostly not 2xx, which
// statuses refused them and who sends each; "" when most succeeded.
func refusals(r Result) string {
	if r.Success >= 0.5 || r.Requests == 0 {
		return ""
	}
	keys := make([]string, 0, len(r.StatusCodes))
	for k := range r.StatusCodes {
		if !strings.HasPrefix(k, "2") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		who := refusedBy[k]
		if k == "429" && len(r.ThrottledBy) > 0 {
			who = throttledBy(r.ThrottledBy)
		}
		if who == "" {
			who = "status " + k
		}
		parts = append(parts, fmt.Sprintf("%d x %s %s", r.StatusCodes[k], k, who))
	}
	return strings.Join(parts, "; ")
}

// throttledBy says who sent a row's 429s: "throttled by nginx's
// limit_req", or each sender with its count when there were several.
func throttledBy(by map[string]int) string {
	if len(by) == 1 {
		for who := range by {
			return "throttled by " + who
		}
	}
	whos := make([]string, 0, len(by))
	for who := range by {
		whos = append(whos, who)
	}
	// Most first; a tie in name order, so the note reads the same each run.
	sort.Slice(whos, func(i, j int) bool {
		if by[whos[i]] != by[whos[j]] {
			return by[whos[i]] > by[whos[j]]
		}
		return whos[i] < whos[j]
	})
	for i, who := range whos {
		whos[i] = fmt.Sprintf("%d by %s", by[who], who)
	}
	return "throttled: " + strings.Join(whos, ", ")
}

// resultLine is the one line printed as each attack ends.
func resultLine(r Result) string {
	return fmt.Sprintf("%s/%s %s: %.0f rps, %.0f ok/s, p50 %s ms, p99 %s ms, %.1f%% ok, %s",
		r.Target, r.Scenario, r.Mode, r.RPS, r.OKPerSecond(), fmtMS(r.P50ms), fmtMS(r.P99ms), r.Success*100, codes(r.StatusCodes))
}

// printPlan says what the run will do and roughly how long it takes.
func printPlan(w io.Writer, c *Config, m Machine) {
	names := make([]string, len(c.Targets))
	for i, t := range c.Targets {
		names[i] = t.Name
	}
	fmt.Fprintf(w, "jwtlab bench: %d CPUs%s, %s, GOMAXPROCS %d; %s\n", m.CPUs, paren(m.CPUModel), m.Go, m.GOMAXPROCS, m.Pinning)
	fmt.Fprintf(w, "targets:   %s\n", strings.Join(names, ", "))
	for _, t := range c.Targets {
		switch {
		case len(t.Set) > 0:
			fmt.Fprintf(w, "  %-24s jwtlab serve -profile %s -set %s\n", t.Name, t.Profile, strings.Join(t.Set, " -set "))
		case len(t.Env) > 0:
			fmt.Fprintf(w, "  %-24s %s %s\n", t.Name, strings.Join(t.Env, " "), filepath.Base(t.Script))
		}
	}
	for _, sk := range c.Skipped {
		fmt.Fprintf(w, "skipped:   %s: %s\n", sk.Target, sk.Reason)
	}
	if slices.ContainsFunc(c.Targets, func(t Target) bool { return t.Postgres != "" }) {
		// The bench starts every other server it measures and pins it; the
		// database is the machine's own service, shared and unpinned.
		fmt.Fprintf(w, "postgres:  a fresh schema per run, dropped after; PostgreSQL itself is not pinned and may use the attacker's CPU\n")
		fmt.Fprintf(w, "cluster:   nginx and %d prod instances share the server CPU\n", clusterSize)
	}
	fmt.Fprintf(w, "scenarios:\n")
	for _, sc := range c.Scenarios {
		fmt.Fprintf(w, "  %-12s %s\n", sc, scenarioAbout[sc])
	}
	load := fmt.Sprintf("closed loop, %d workers", c.Workers)
	switch c.Mode {
	case "rate":
		load = fmt.Sprintf("open loop, rates %s until p99 > %v or errors", rateList(c.Rates), c.SLO)
	case "both":
		load += fmt.Sprintf("; then open loop, rates %s until p99 > %v or errors", rateList(c.Rates), c.SLO)
	}
	flood := fmt.Sprintf("%d/s", c.FloodRate)
	if c.FloodRate == 0 {
		flood = fmt.Sprintf("half the target's \"me\" rate (%d-%d/s)", minFloodRate, maxFloodRate)
	}
	fmt.Fprintf(w, "mode:      %s, %v per attack; flood: GET /api/me/ at %s\n", load, c.Duration, flood)
	if c.hasFloor() {
		fmt.Fprintf(w, "floor:     probed for %v just before and just after each closed-loop attack of the other targets; x floor divides by their mean\n", c.floorProbeDuration())
	}
	if c.Mode == "max" {
		fmt.Fprintf(w, "estimate:  about %v\n", estimate(c).Round(time.Second))
	}
	fmt.Fprintln(w)
}

func rateList(rates []int) string {
	if len(rates) == 0 {
		return fmt.Sprintf("%d, %d, %d ... (doubling)", firstRate, firstRate*2, firstRate*4)
	}
	s := make([]string, len(rates))
	for i, r := range rates {
		s[i] = strconv.Itoa(r)
	}
	return strings.Join(s, ", ")
}

// startCost is a rough time to create the user, start a child and stop it.
const startCost = 1500 * time.Millisecond

// floorStartCost is the same for the floor, a child with nothing to set up.
const floorStartCost = 200 * time.Millisecond

func estimate(c *Config) time.Duration {
	var total time.Duration
	for _, t := range c.Targets {
		for _, sc := range c.Scenarios {
			if t.Kind == KindFloor && sc != "me" {
				continue
			}
			total += startCost + warmup + c.Duration
			if t.Kind != KindFloor && c.hasFloor() && c.closedLoop(sc) {
				// The floor probe after it (the one before is the last's);
				// the floor needs no user and starts in a tenth of a second.
				total += floorStartCost + warmup + c.floorProbeDuration()
			}
			if sc == "flood" {
				total += warmup + c.Duration
			}
		}
	}
	return total
}

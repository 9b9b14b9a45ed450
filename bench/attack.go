package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
	"github.com/tsenart/vegeta/v12/lib/plot"
)

// Attack settings.
const (
	// attackTimeout bounds one request; a server slower than this is
	// failing, and the failure is counted rather than waited for.
	attackTimeout = 30 * time.Second
	// warmup runs before each measured attack on the same connections, so
	// connection setup and the store's first reads are not measured.
	warmup = 250 * time.Millisecond
	// maxOpenWorkers caps open-loop workers: enough to keep pacing through
	// a 30 s stall at the rates a 2-core machine reaches, without letting a
	// dead server grow goroutines without bound.
	maxOpenWorkers = 10000
	// maxErrors is how many distinct error strings a result keeps.
	maxErrors = 5
)

// attackSpec is one vegeta attack.
type attackSpec struct {
	target, scenario, mode string
	workers, rate          int // rate 0: closed loop with workers
	duration               time.Duration
	targeter               vegeta.Targeter
}

func (a attackSpec) name() string {
	if a.mode == "rate" {
		return fmt.Sprintf("%s/%s@%d", a.target, a.scenario, a.rate)
	}
	return a.target + "/" + a.scenario
}

// fileName is the results file for this attack, safe on any file system.
func (a attackSpec) fileName() string {
	name := a.target + "." + strings.ReplaceAll(a.scenario, "/", "-") + "." + a.mode
	if a.mode == "rate" {
		name += fmt.Sprintf(".%d", a.rate)
	}
	return unsafeChars.ReplaceAllString(name, "_") + ".bin"
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._+=-]`)

// live is one attack's running figures, read by the progress line.
type live struct {
	name  string
	start time.Time
	n     atomic.Uint64

	mu        sync.Mutex
	m         vegeta.Metrics
	throttled map[string]int // 429s by who sent them (throttler)
}

func (l *live) add(r *vegeta.Result) {
	l.mu.Lock()
	l.m.Add(r)
	if r.Code == http.StatusTooManyRequests {
		if l.throttled == nil {
			l.throttled = map[string]int{}
		}
		l.throttled[throttler(r.Body)]++
	}
	l.mu.Unlock()
	l.n.Add(1)
}

// Who sent a 429, as Result.ThrottledBy names them.
const (
	throttledByNginx = "nginx's limit_req"
	throttledByApp   = "the application"
	throttledByOther = "an unknown sender"
)

// keepBody is how much of each response body the attacker keeps: enough
// for throttler to tell a 429's sender by its body. vegeta's io.ReadAll
// allocates its 512-byte buffer for a limit of 0 too, so these bytes cost
// the attacker one copy of at most keepBody bytes a response.
const keepBody = 128

// throttler names who sent a 429 from the start of its body. Only the
// application sends DRF's detail with a wait ("Expected available in N
// seconds", jwtlab's login throttle as DRF's throttles); nginx's limit_req
// sends the page `jwtlab nginx-config` writes, or its own HTML page (the
// Django peers' nginx).
func throttler(body []byte) string {
	switch {
	case bytes.HasPrefix(body, []byte(`{"detail":"Request was throttled. Expected available in `)):
		return throttledByApp
	case bytes.Equal(body, []byte(`{"detail":"Request was throttled."}`)),
		bytes.Contains(body, []byte("<title>429 Too Many Requests</title>")):
		return throttledByNginx
	}
	return throttledByOther
}

func (l *live) p99() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m.Requests == 0 {
		return 0
	}
	return l.m.Latencies.Quantile(0.99)
}

// attacker runs attacks and records them.
type attacker struct {
	out      string   // output folder, "" for none
	pin      *pinning // whose CPUs' busy time each row records; nil for none
	progress *progress
	plotMu   sync.Mutex
	plots    map[string]*plot.Plot // by scenario
}

// run performs specs at the same time (one for most scenarios, two for a
// flood) against a target whose process is pid, and returns one result each.
func (at *attacker) run(ctx context.Context, specs []attackSpec, pid int) ([]Result, error) {
	rss := watchRSS(pid)
	results := make([]Result, len(specs))
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, spec := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = at.one(ctx, spec, len(specs) == 1)
		}()
	}
	wg.Wait()
	peak := rss.Peak()
	for i := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		results[i].PeakRSSMiB = math.Round(peak*10) / 10
		at.progress.done(results[i])
	}
	return results, ctx.Err()
}

func newClient() *http.Client {
	// Like vegeta's own transport, minus proxies from the environment:
	// loopback targets are reached directly.
	dialer := &net.Dialer{KeepAlive: 30 * time.Second}
	return &http.Client{
		Timeout: attackTimeout,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			MaxIdleConnsPerHost: vegeta.DefaultConnections,
		},
	}
}

// one runs spec; alone says no other attack shares the time, so that the
// cores' busy time is this attack's.
func (at *attacker) one(ctx context.Context, spec attackSpec, alone bool) (Result, error) {
	client := newClient()
	defer client.CloseIdleConnections()
	opts := func(workers, maxWorkers int) []func(*vegeta.Attacker) {
		return []func(*vegeta.Attacker){
			vegeta.Client(client),
			vegeta.Workers(uint64(workers)),
			vegeta.MaxWorkers(uint64(maxWorkers)),
			// Keep only the start of each body (throttler reads it); the
			// loop below drops it before a result is written.
			vegeta.MaxBody(keepBody),
		}
	}
	pacer := vegeta.Rate{} // zero: as fast as the workers go
	workers, maxWorkers := spec.workers, spec.workers
	if spec.rate > 0 {
		pacer = vegeta.Rate{Freq: spec.rate, Per: time.Second}
		workers, maxWorkers = min(spec.workers, spec.rate), maxOpenWorkers
	}

	warm := vegeta.NewAttacker(opts(workers, maxWorkers)...)
	for range attackUntil(ctx, warm, spec.targeter, pacer, warmup, "warmup") {
	}

	var enc vegeta.Encoder
	if at.out != "" {
		f, err := os.Create(filepath.Join(at.out, "results", spec.fileName()))
		if err != nil {
			return Result{}, err
		}
		defer f.Close()
		bw := bufio.NewWriter(f)
		defer bw.Flush()
		enc = vegeta.NewEncoder(bw)
	}

	l := &live{name: spec.name(), start: time.Now()}
	var cores *coreWatch
	if alone {
		cores = watchCores(at.pin)
	}
	at.progress.begin(l)
	a := vegeta.NewAttacker(opts(workers, maxWorkers)...)
	var encErr error
	for r := range attackUntil(ctx, a, spec.targeter, pacer, spec.duration, spec.name()) {
		l.add(r)
		// Response headers are the same on every hit and would be most of
		// the file; vegeta report and plot read neither them nor bodies.
		r.Headers, r.Body = nil, nil
		if enc != nil && encErr == nil {
			encErr = enc(r)
		}
		at.addPlot(spec.scenario, r)
	}
	at.progress.end(l)
	if encErr != nil {
		return Result{}, fmt.Errorf("write results: %w", encErr)
	}
	res := toResult(spec, &l.m)
	cores.stop(&res)
	res.ThrottledBy = l.throttled
	if at.out != "" {
		res.ResultsFile = "results/" + spec.fileName()
	}
	return res, nil
}

// attackUntil is Attack that also stops when ctx ends.
func attackUntil(ctx context.Context, a *vegeta.Attacker, tr vegeta.Targeter, p vegeta.Pacer, d time.Duration, name string) <-chan *vegeta.Result {
	done := make(chan struct{})
	ch := a.Attack(tr, p, d, name)
	out := make(chan *vegeta.Result)
	go func() {
		select {
		case <-ctx.Done():
			a.Stop()
		case <-done:
		}
	}()
	go func() {
		defer close(done)
		defer close(out)
		for r := range ch {
			out <- r
		}
	}()
	return out
}

func (at *attacker) addPlot(scenario string, r *vegeta.Result) {
	if at.plots == nil {
		return
	}
	// A flood's two attacks share one plot, "flood".
	key, _, _ := strings.Cut(scenario, "/")
	at.plotMu.Lock()
	defer at.plotMu.Unlock()
	p, ok := at.plots[key]
	if !ok {
		p = plot.New(plot.Title("jwtlab bench: "+key), plot.Downsample(plotPoints))
		at.plots[key] = p
	}
	_ = p.Add(r)
}

// plotPoints is the most points per series an HTML plot keeps (vegeta
// plot's own default), so a plot stays quick to open.
const plotPoints = 4000

// writePlots writes one HTML latency plot per scenario.
func (at *attacker) writePlots() error {
	keys := make([]string, 0, len(at.plots))
	for k := range at.plots {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := at.plots[k]
		p.Close()
		path := filepath.Join(at.out, "plot-"+unsafeChars.ReplaceAllString(k, "_")+".html")
		if err := writeFile(path, func(w io.Writer) error { _, err := p.WriteTo(w); return err }); err != nil {
			return err
		}
	}
	return nil
}

func ms(d time.Duration) float64 {
	// Microsecond resolution is finer than loopback jitter.
	return math.Round(float64(d)/float64(time.Microsecond)) / 1000
}

func toResult(spec attackSpec, m *vegeta.Metrics) Result {
	m.Close()
	elapsed := (m.Duration + m.Wait).Seconds()
	rps := 0.0
	if elapsed > 0 {
		rps = float64(m.Requests) / elapsed
	}
	codes := m.StatusCodes
	if codes == nil {
		codes = map[string]int{}
	}
	errs := m.Errors
	if len(errs) > maxErrors {
		errs = errs[:maxErrors]
	}
	return Result{
		Target: spec.target, Scenario: spec.scenario, Mode: spec.mode,
		Workers: spec.workers, Rate: spec.rate,
		DurationS: math.Round(elapsed*1000) / 1000,
		Requests:  m.Requests, RPS: math.Round(rps*10) / 10,
		Success: math.Round(m.Success*10000) / 10000,
		P50ms:   ms(m.Latencies.P50), P90ms: ms(m.Latencies.P90),
		P99ms: ms(m.Latencies.P99), Maxms: ms(m.Latencies.Max),
		StatusCodes: codes, Errors: errs,
	}
}

// progress prints running figures: a line redrawn in place on a terminal,
// nothing until each attack ends otherwise.
type progress struct {
	w       io.Writer
	tty     bool
	columns int // the terminal's width, 0 when unknown

	mu      sync.Mutex
	running []*live
	stop    chan struct{}
	last    map[*live]uint64
	lastAt  time.Time
	drawn   bool
}

// progressEvery is how often the live line is redrawn.
const progressEvery = 250 * time.Millisecond

func newProgress(w io.Writer, tty bool, columns int) *progress {
	return &progress{w: w, tty: tty, columns: columns, last: map[*live]uint64{}}
}

// done prints the one line that stays when an attack ends.
func (p *progress) done(r Result) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	printWrapped(p.w, "  "+resultLine(r), p.columns)
}

func (p *progress) begin(l *live) {
	if p == nil || !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = append(p.running, l)
	if p.stop == nil {
		p.stop = make(chan struct{})
		p.lastAt = time.Now()
		go p.loop(p.stop)
	}
}

func (p *progress) end(l *live) {
	if p == nil || !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, r := range p.running {
		if r == l {
			p.running = append(p.running[:i], p.running[i+1:]...)
			break
		}
	}
	delete(p.last, l)
	if len(p.running) == 0 && p.stop != nil {
		close(p.stop)
		p.stop = nil
		p.clear()
	}
}

func (p *progress) loop(stop chan struct{}) {
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.draw()
		}
	}
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	dt := now.Sub(p.lastAt).Seconds()
	p.lastAt = now
	var parts []string
	for _, l := range p.running {
		n := l.n.Load()
		rate := 0.0
		if dt > 0 {
			rate = float64(n-p.last[l]) / dt
		}
		p.last[l] = n
		parts = append(parts, fmt.Sprintf("%s %4.1fs %d req %.0f rps p99 %.2fms",
			l.name, now.Sub(l.start).Seconds(), n, rate, ms(l.p99())))
	}
	// One row at most: \r returns to the start of the last row only.
	line := cut("  "+strings.Join(parts, " | "), p.columns-1)
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn = true
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

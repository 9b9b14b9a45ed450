package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
	"github.com/tsenart/vegeta/v12/lib/plot"
)

// Config is one bench run, built by the command line.
type Config struct {
	Exe       string   // the jwtlab binary targets are started from
	Targets   []Target // in run order
	Skipped   []Skip   // targets found unable to run before the start
	Scenarios []string
	Mode      string        // "max", "rate" or "both"
	Duration  time.Duration // per attack (per step in rate mode)
	Workers   int           // closed-loop workers, and the flood's login workers
	Rates     []int         // open-loop steps; nil: doubling from firstRate
	SLO       time.Duration // rate mode stops past this p99; must be positive
	FloodRate int           // GET /api/me/ rate during a flood; 0: autoFloodRate
	Out       string        // output folder, "" for none
	Pin       bool          // pin servers and the attacker to separate CPUs
	Key       string        // signing key given to every child, and used to mint
	Username  string
	Password  string
	// ExternalKey signs tokens for external targets; "" makes the bench
	// log in to get them (and skip rotate, which needs one token per hit).
	ExternalKey string
	Command     string    // the command line, recorded in the report
	Stdout      io.Writer // the table
	Stderr      io.Writer // plan, progress and notes
	TTY         bool      // Stderr is a terminal: redraw a live line
	// Columns and StderrColumns are the widths of the terminals Stdout
	// and Stderr are, 0 for a pipe or a file. On a terminal narrower than
	// the table the bench prints a narrow one and wraps its lines
	// (narrow.go); 0 prints everything whole.
	Columns, StderrColumns int
}

// Errors a caller may match. ErrBadConfig from [Config.CheckSettings],
// ErrUnknownTarget and ErrUnknownPeer from [Targets] say the command
// line asked for what cannot be (jwtlab bench exits 2); ErrNoTargets
// says nothing asked for could run here.
var (
	ErrNoTargets     = errors.New("no targets to run")
	ErrBadConfig     = errors.New("bad bench configuration")
	ErrUnknownTarget = errors.New("unknown target")
	ErrUnknownPeer   = errors.New("unknown peer")
)

// Defaults the command line starts from.
const (
	// DefaultWorkers matches the figures the issue compares with
	// (vegeta closed loop, 32 workers).
	DefaultWorkers = 32
	// maxFloodRate caps the automatic flood rate: steady traffic, not a
	// second load test. minFloodRate keeps a p99 meaningful (a few hundred
	// requests in a short attack).
	maxFloodRate = 500
	minFloodRate = 50
	// DefaultSLO is a p99 a user would not notice on a login page.
	DefaultSLO = 50 * time.Millisecond
	// firstRate and rateSteps bound the doubling sweep when no -rates are
	// given: 10, 20, ... 40960 rps covers obtain's tens and the floor's
	// tens of thousands.
	firstRate = 10
	rateSteps = 13
)

// Run starts each target for each scenario, attacks it, and returns the
// summary; it also prints the plan, progress and table, and writes the
// output folder when asked.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	pin := pin(cfg.Pin)
	defer pin.restore()
	sum := &Summary{Machine: machine(pin), Skipped: slices.Clone(cfg.Skipped),
		Command: cfg.Command, Started: time.Now().UTC().Format(time.RFC3339)}
	for _, t := range cfg.Targets {
		if o := t.overrides(); len(o) > 0 {
			if sum.Overrides == nil {
				sum.Overrides = map[string][]string{}
			}
			sum.Overrides[t.Name] = o
		}
	}
	var plan bytes.Buffer
	printPlan(&plan, &cfg, sum.Machine)
	printWrapped(cfg.Stderr, plan.String(), cfg.StderrColumns)
	hl, err := hashLimit(ctx, &cfg, pin)
	if err != nil {
		return nil, err
	}
	if hl != nil {
		sum.HashLimit = hl
		printWrapped(cfg.Stderr, fmt.Sprintf("hash:      one argon2id (OWASP) cost %.1f ms of CPU on the servers' CPU just now: about %.1f logins/s on %d core(s); each obtain row is held to a probe around its own attack", hl.MS, hl.PerSecond(), hl.Cores), cfg.StderrColumns)
	}

	at := &attacker{out: cfg.Out, pin: pin, progress: newProgress(cfg.Stderr, cfg.TTY, cfg.StderrColumns)}
	if cfg.Out != "" {
		if err := os.MkdirAll(filepath.Join(cfg.Out, "results"), 0o755); err != nil {
			return nil, err
		}
		at.plots = map[string]*plot.Plot{}
	}
	r, err := newRunner(&cfg, pin, at)
	if err != nil {
		return nil, err
	}

	r.floor = r.newFloorBracket(cfg.Targets)
targets:
	for _, t := range cfg.Targets {
		for _, sc := range cfg.Scenarios {
			if t.Kind == KindFloor && sc != "me" {
				continue // the floor answers one thing; its "me" is the ceiling
			}
			floodRate := cfg.FloodRate
			if floodRate == 0 {
				floodRate = autoFloodRate(sum.Results, t.Name)
			}
			attack := func() ([]Result, error) { return r.scenario(ctx, t, sc, floodRate) }
			var res []Result
			if hl.holds(t.Name, sc) {
				res, err = hl.around(ctx, cfg.Exe, pin, attack)
			} else {
				res, err = attack()
			}
			sum.Results = append(sum.Results, res...) // a sweep cut short keeps its steps
			if ctx.Err() != nil {
				// Interrupted: still show what was measured.
				fmt.Fprintln(cfg.Stderr, "  interrupted")
				break targets
			}
			if err != nil {
				fmt.Fprintf(cfg.Stderr, "  %s/%s: %v\n", t.Name, sc, err)
				sum.Skipped = append(sum.Skipped, Skip{Target: t.Name + "/" + sc, Reason: err.Error()})
			}
		}
	}
	ratios(sum.Results)
	sum.Knees = knees(sum.Results, cfg.SLO)
	if len(sum.Results) == 0 {
		return sum, ErrNoTargets
	}
	fmt.Fprintln(cfg.Stdout)
	if err := writeTableFit(cfg.Stdout, sum, cfg.Columns, cfg.Out); err != nil {
		return sum, err
	}
	if cfg.Out != "" {
		if err := writeOut(cfg.Out, sum, at); err != nil {
			return sum, err
		}
		fmt.Fprintf(cfg.Stderr, "\nwrote %s (summary.json, report.md, results/, plot-*.html)\n", cfg.Out)
	}
	return sum, ctx.Err()
}

func (c *Config) check() error {
	switch {
	case len(c.Targets) == 0 && len(c.Skipped) > 0:
		return fmt.Errorf("%w: %s: %s", ErrNoTargets, c.Skipped[0].Target, c.Skipped[0].Reason)
	case len(c.Targets) == 0:
		return ErrNoTargets
	case len(c.Key) < 32:
		return fmt.Errorf("%w: signing key shorter than 32 bytes", ErrBadConfig)
	}
	return c.CheckSettings()
}

// CheckSettings checks what the command line sets (mode, duration,
// workers, scenarios, flood rate, SLO), so that a bad value is refused
// before any target is looked for or started. Run checks it again.
func (c *Config) CheckSettings() error {
	switch {
	case c.Mode != "max" && c.Mode != "rate" && c.Mode != "both":
		return fmt.Errorf("%w: mode %q (want max, rate or both)", ErrBadConfig, c.Mode)
	case c.Duration <= 0 || c.Workers <= 0:
		return fmt.Errorf("%w: duration and workers must be positive", ErrBadConfig)
	}
	for _, s := range c.Scenarios {
		if !slices.Contains(scenarioNames, s) {
			return fmt.Errorf("%w: unknown scenario %q (have %s)", ErrBadConfig, s, strings.Join(scenarioNames, ","))
		}
	}
	if c.FloodRate < 0 {
		return fmt.Errorf("%w: negative flood rate", ErrBadConfig)
	}
	if c.SLO <= 0 {
		return fmt.Errorf("%w: the SLO must be positive, not %v", ErrBadConfig, c.SLO)
	}
	return nil
}

// runner holds what every scenario of a run shares: the configuration,
// how targets are started and attacked, the token pools and the login
// body. Its methods are the steps of one scenario.
type runner struct {
	cfg    *Config
	start  *starter
	attack *attacker
	// own mints for the targets the bench starts, with cfg.Key; external
	// mints for external targets with cfg.ExternalKey, or is nil when the
	// bench must log in to them.
	own, external *mintCache
	login         []byte        // the JSON body of a login as cfg's user
	floor         *floorBracket // the floor's measurements, nil when the run has none
}

func newRunner(cfg *Config, pin *pinning, at *attacker) (*runner, error) {
	r := &runner{cfg: cfg, attack: at,
		start: &starter{exe: cfg.Exe, key: cfg.Key, password: cfg.Password, pin: pin}}
	// The demo user is the first user of every fresh store: id 1.
	own, err := NewMinter([]byte(cfg.Key), 1)
	if err != nil {
		return nil, err
	}
	r.own = newMintCache(own, cfg.Duration)
	if cfg.ExternalKey != "" {
		external, err := NewMinter([]byte(cfg.ExternalKey), 1)
		if err != nil {
			return nil, err
		}
		r.external = newMintCache(external, cfg.Duration)
	}
	r.login, _ = json.Marshal(map[string]string{"username": cfg.Username, "password": cfg.Password})
	return r, nil
}

// scenario starts a fresh t for scenario sc and runs its attacks.
func (r *runner) scenario(ctx context.Context, t Target, sc string, floodRate int) ([]Result, error) {
	in, err := r.start.start(ctx, t, sc)
	if err != nil {
		return nil, err
	}
	defer in.stop()
	toks, err := r.tokens(ctx, t, in.base)
	if err != nil {
		return nil, err
	}
	if sc == "sliding" {
		// One login per fresh instance: the token is the session's, and
		// every hit reuses it as a client would (toks is shared; copy it).
		tok, err := slidingLogin(ctx, in.base, r.login)
		if err != nil {
			return nil, err
		}
		ts := *toks
		ts.sliding = tok
		toks = &ts
	}
	var out []Result
	if r.cfg.closedLoop(sc) {
		specs, err := r.maxSpecs(t, sc, in.base, toks, floodRate)
		if err != nil {
			return nil, err
		}
		out, err = r.bracketed(ctx, t, sc, func() ([]Result, error) {
			var out []Result
			for _, group := range specs {
				if err := preflight(ctx, group); err != nil {
					return nil, err
				}
				res, err := r.attack.run(ctx, group, in.pid)
				if err != nil {
					return nil, err
				}
				out = append(out, res...)
			}
			return out, nil
		})
		if err != nil {
			return nil, err
		}
	}
	if r.cfg.Mode != "max" && sc != "flood" {
		res, err := r.sweep(ctx, t, sc, in, toks)
		out = append(out, res...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// maxSpecs returns the closed-loop attacks of a scenario, in groups that
// run at the same time. A flood is a quiet baseline of GET /api/me/ at a
// fixed rate, then the same traffic with a login flood beside it.
func (r *runner) maxSpecs(t Target, sc, base string, toks *tokens, floodRate int) ([][]attackSpec, error) {
	cfg := r.cfg
	spec := attackSpec{target: t.Name, scenario: sc, mode: "max", workers: cfg.Workers, duration: cfg.Duration}
	if sc != "flood" {
		tr, err := toks.targeter(sc, base, r.login, cfg.expectedHits(0))
		if err != nil {
			return nil, err
		}
		spec.targeter = tr
		return [][]attackSpec{{spec}}, nil
	}
	me := attackSpec{target: t.Name, scenario: "flood/me", mode: "rate", workers: cfg.Workers,
		rate: floodRate, duration: cfg.Duration, targeter: meTargeter(base, toks.access)}
	// The quiet baseline is as long as the flood, so the two p99s rank
	// the same number of requests over as much of the machine's noise:
	// half as long, its p99 read lower (0.72-1.46 ms against 1.18-2.04,
	// six runs each) and the ratio up to 4.0 × where the equal baseline
	// gave at most 1.9 × (NOTES.md, "The targets").
	quiet := me
	quiet.scenario = "flood/me-quiet"
	quiet.duration = cfg.Duration
	flood := spec
	flood.scenario = "flood/login"
	flood.targeter = obtainTargeter(base, r.login)
	return [][]attackSpec{{quiet}, {flood, me}}, nil
}

// autoFloodRate is half what target served in the closed-loop "me"
// scenario, within [minFloodRate, maxFloodRate]: below its ceiling, so the
// quiet baseline is not already queueing and any growth is the flood's.
func autoFloodRate(done []Result, target string) int {
	for _, r := range done {
		if r.Target == target && r.Scenario == "me" && r.Mode == "max" {
			return min(max(int(r.RPS*r.Success/2), minFloodRate), maxFloodRate)
		}
	}
	return maxFloodRate
}

// expectedHits sizes a single-use token pool: rate × duration for an open
// loop; for a closed loop, a generous guess (the pool mints more on
// demand if the guess was short).
func (cfg *Config) expectedHits(rate int) int {
	secs := (cfg.Duration + warmup).Seconds()
	if rate > 0 {
		return int(float64(rate)*secs) + rate
	}
	// closedLoopGuess is above the rotate rates seen on a 2-core machine.
	const closedLoopGuess = 8000
	return int(closedLoopGuess * secs)
}

// sweep runs the open-loop steps of a scenario until p99 passes the SLO or
// errors appear.
func (r *runner) sweep(ctx context.Context, t Target, sc string, in *instance, toks *tokens) ([]Result, error) {
	cfg := r.cfg
	rates := cfg.Rates
	if len(rates) == 0 {
		for i, rate := 0, firstRate; i < rateSteps; i, rate = i+1, rate*2 {
			rates = append(rates, rate)
		}
	}
	var out []Result
	for _, rate := range rates {
		tr, err := toks.targeter(sc, in.base, r.login, cfg.expectedHits(rate))
		if err != nil {
			return out, err
		}
		spec := attackSpec{target: t.Name, scenario: sc, mode: "rate", workers: cfg.Workers,
			rate: rate, duration: cfg.Duration, targeter: tr}
		if len(out) == 0 {
			if err := preflight(ctx, []attackSpec{spec}); err != nil {
				return out, err
			}
		}
		res, err := r.attack.run(ctx, []attackSpec{spec}, in.pid)
		if err != nil {
			return out, err
		}
		out = append(out, res...)
		if kneeReason(res[0], cfg.SLO) != "" {
			break
		}
	}
	return out, nil
}

// kneeReason says why an open-loop step is past the knee, or "".
func kneeReason(r Result, slo time.Duration) string {
	switch {
	case r.Success < 1:
		return fmt.Sprintf("%.1f%% success", r.Success*100)
	case r.P99ms > ms(slo):
		return fmt.Sprintf("p99 %.1f ms > SLO %.0f ms", r.P99ms, ms(slo))
	}
	return ""
}

// knees finds, for each target and scenario swept in rate mode, the
// highest rate that met the SLO.
func knees(results []Result, slo time.Duration) []Knee {
	var out []Knee
	idx := map[string]int{}
	for _, r := range results {
		if r.Mode != "rate" || strings.HasPrefix(r.Scenario, "flood/") {
			continue
		}
		key := r.Target + "\x00" + r.Scenario
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, Knee{Target: r.Target, Scenario: r.Scenario, SLOms: ms(slo)})
		}
		k := &out[i]
		if k.Reason != "" {
			continue
		}
		if why := kneeReason(r, slo); why != "" {
			k.Reason = fmt.Sprintf("at %d rps: %s", r.Rate, why)
			continue
		}
		k.Rate, k.P99ms = r.Rate, r.P99ms
	}
	return out
}

// preflight sends one request of each attack and wants a 2xx, so a
// mismatch (wrong token shape, missing user) fails loudly in a line
// instead of as a table of 401s.
func preflight(ctx context.Context, specs []attackSpec) error {
	client := newClient()
	defer client.CloseIdleConnections()
	for _, s := range specs {
		var tgt vegeta.Target
		if err := s.targeter(&tgt); err != nil {
			return err
		}
		req, err := tgt.Request()
		if err != nil {
			return err
		}
		resp, err := client.Do(req.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("preflight %s %s: %w", tgt.Method, tgt.URL, err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("preflight %s %s: %s %s", tgt.Method, tgt.URL, resp.Status, strings.TrimSpace(string(body)))
		}
	}
	return nil
}

// tokens hands out the credentials a target accepts.
type tokens struct {
	access, refresh tokenFunc
	// sliding is the one sliding token of the sliding scenario, "" before
	// its login.
	sliding string
	// rotating returns a single-use refresh source for about n hits, or an
	// error when single-use tokens cannot be had for this target.
	rotating func(n int) (tokenFunc, error)
}

func (ts *tokens) targeter(sc, base string, login []byte, hits int) (vegeta.Targeter, error) {
	switch sc {
	case "me":
		return meTargeter(base, ts.access), nil
	case "refresh":
		return postTokenTargeter(base, "/api/token/refresh/", "refresh", ts.refresh), nil
	case "verify":
		return postTokenTargeter(base, "/api/token/verify/", "token", ts.access), nil
	case "obtain":
		return obtainTargeter(base, login), nil
	case "sliding":
		if ts.sliding == "" {
			return nil, fmt.Errorf("%w: sliding needs a sliding token (none obtained)", ErrBadConfig)
		}
		tok := ts.sliding
		return meTargeter(base, func() (string, error) { return tok, nil }), nil
	case "rotate", "rotate+reuse":
		src, err := ts.rotating(hits)
		if err != nil {
			return nil, err
		}
		return postTokenTargeter(base, "/api/token/refresh/", "refresh", src), nil
	}
	return nil, fmt.Errorf("%w: no targeter for %q", ErrBadConfig, sc)
}

// poolSize is how many distinct access and refresh tokens a reusable pool
// holds: enough that a server cannot answer from a per-token cache, small
// enough to mint in a fraction of a second.
const poolSize = 20000

// mintCache keeps minted pools across targets: they share a key and a
// user, and every target has its own store, so one pool serves them all
// until its access tokens near expiry.
type mintCache struct {
	minter *Minter
	size   int           // tokens per reusable pool
	life   time.Duration // how long a pool is used before a fresh one is minted
	at     time.Time
	tokens *tokens
}

func newMintCache(m *Minter, attack time.Duration) *mintCache {
	// A pool must outlive the attack it starts, with a margin for slow
	// starts; a 5-minute access token allows 4 minutes minus the attack.
	const margin = time.Minute
	return &mintCache{minter: m, size: poolSize, life: max(accessLifetime-attack-margin, 0)}
}

func (c *mintCache) get() (*tokens, error) {
	if c.tokens != nil && time.Since(c.at) < c.life {
		return c.tokens, nil
	}
	m := c.minter
	access, err := newPool(m, "access", c.size, false)
	if err != nil {
		return nil, err
	}
	refresh, err := newPool(m, "refresh", c.size, false)
	if err != nil {
		return nil, err
	}
	c.at = time.Now()
	c.tokens = &tokens{access: access.take, refresh: refresh.take, rotating: func(n int) (tokenFunc, error) {
		p, err := newPool(m, "refresh", n, true)
		if err != nil {
			return nil, err
		}
		return p.take, nil
	}}
	return c.tokens, nil
}

// tokens prepares tokens for target t: minted with the key the bench
// gave it, or for an external target without a key, obtained by logging in.
func (r *runner) tokens(ctx context.Context, t Target, base string) (*tokens, error) {
	switch {
	case t.Kind != KindExternal:
		return r.own.get()
	case r.external != nil:
		return r.external.get()
	}
	return loginTokens(ctx, base, r.login)
}

// loginPairs is how many logins an external target gets before the
// attacks: each costs a password hash on the target.
const loginPairs = 8

// loginTokens logs in a few times and cycles through the pairs it got.
func loginTokens(ctx context.Context, base string, login []byte) (*tokens, error) {
	client := newClient()
	defer client.CloseIdleConnections()
	var access, refresh []string
	for range loginPairs {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/token/", strings.NewReader(string(login)))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("login: %w", err)
		}
		var pair struct{ Access, Refresh string }
		err = json.NewDecoder(resp.Body).Decode(&pair)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil || pair.Access == "" {
			return nil, fmt.Errorf("login at %s: %s", base, resp.Status)
		}
		access, refresh = append(access, pair.Access), append(refresh, pair.Refresh)
	}
	a, r := &pool{tokens: access}, &pool{tokens: refresh}
	return &tokens{access: a.take, refresh: r.take, rotating: func(int) (tokenFunc, error) {
		return nil, errors.New("rotate needs one fresh refresh token per hit: set JWTLAB_SIGNING_KEY to the target's key so the bench can mint them")
	}}, nil
}

// ratios fills vs_floor (against floor's GET /api/me/, the machine's
// ceiling, probed around the row's own attack where it was, else the
// floor's row) and vs_dev (against dev in the same scenario and mode). Both
// compare successful responses per second: a fast 429 is not throughput.
func ratios(rs []Result) {
	var floor float64
	dev := map[string]float64{}
	for _, r := range rs {
		if r.Mode != "max" {
			continue
		}
		if r.Target == "floor" && r.Scenario == "me" {
			floor = r.OKPerSecond()
		}
		if r.Target == "dev" {
			dev[r.Scenario] = r.OKPerSecond()
		}
	}
	for i := range rs {
		r := &rs[i]
		if r.Mode != "max" {
			continue
		}
		switch {
		case r.FloorOKPS > 0:
			r.VsFloor = roundRatio(r.OKPerSecond() / r.FloorOKPS)
		case floor > 0:
			r.VsFloor = roundRatio(r.OKPerSecond() / floor)
		}
		if d := dev[r.Scenario]; d > 0 {
			r.VsDev = roundRatio(r.OKPerSecond() / d)
		}
	}
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// roundRatio keeps two decimals, or two significant digits below 0.1: a
// login against the floor's GET is some 0.002, which two decimals would
// round to nothing.
func roundRatio(x float64) float64 {
	if x >= 0.1 || x <= 0 {
		return round2(x)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 2, 64), 64)
	return r
}

func writeOut(dir string, sum *Summary, at *attacker) error {
	if err := writeFile(filepath.Join(dir, "summary.json"), func(w io.Writer) error { return WriteSummary(w, sum) }); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "report.md"), func(w io.Writer) error { return WriteReport(w, sum) }); err != nil {
		return err
	}
	return at.writePlots()
}

// writeFile creates path and fills it with write. A failed Close is an
// error too: it can be the first report of a full disk.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

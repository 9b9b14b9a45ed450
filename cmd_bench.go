package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"jwtlab/bench"
	"jwtlab/server"
)

// Bench durations per attack. The default keeps `jwtlab bench` with no
// flags near three minutes on a 2-core machine (floor, dev, prod and
// prod+nginx over eight scenarios); -quick is CI's smoke test.
const (
	benchDuration      = 3 * time.Second
	benchQuickDuration = 2 * time.Second
)

func cmdBench(ctx context.Context, args []string, e env) error {
	fs := newFlags("bench", e, "usage: jwtlab bench [flags]\n\nLoad-tests floor, dev, prod, prod+nginx, and with PostgreSQL prod-pg and cluster, with vegeta and prints a table.\n\nExit status: 0 the table was printed, 1 nothing could be measured (every target skipped) or the run failed, 2 usage error (a bad flag value, an unknown target, peer or scenario).\n\nflags:")
	var (
		targets   = fs.String("targets", strings.Join(bench.DefaultTargets(), ","), "comma-separated targets: floor, dev, prod, prod+nginx, prod-pg, cluster, django-dev, django-prod, django-tuned, or a -target name")
		scenarios = fs.String("scenarios", strings.Join(bench.AllScenarios(), ","), "comma-separated scenarios")
		mode      = fs.String("mode", "max", "max (closed loop, fixed workers), rate (open loop, stepped rates) or both")
		duration  = fs.Duration("duration", benchDuration, "length of each attack (each step in rate mode)")
		quick     = fs.Bool("quick", false, fmt.Sprintf("short attacks (%v) for a smoke test", benchQuickDuration))
		workers   = fs.Int("workers", bench.DefaultWorkers, "closed-loop workers (and login-flood workers)")
		rates     = fs.String("rates", "", "comma-separated open-loop rates per second (default: doubling from 10)")
		slo       = fs.Duration("slo", bench.DefaultSLO, "rate mode stops once p99 exceeds this")
		floodRate = fs.Int("flood-rate", 0, "GET /api/me/ requests per second during a login flood (0: half the target's \"me\" rate, at most 500)")
		out       = fs.String("out", "bench-out", "folder for summary.json, report.md, vegeta results and plots (\"\" for none)")
		ablate    = fs.Bool("ablate", false, "add dev targets with one prod knob switched on each")
		peers     = fs.String("peers", "", "comma-separated peer stacks to add: django (all three of its targets; naming django-* targets in -targets runs just those, with or without -peers)")
		peersDir  = fs.String("peers-dir", "bench/peers", "folder holding the peers' start scripts")
		pinCPUs   = fs.Bool("pin", true, "pin servers and the attacker to different CPUs with taskset")
		username  = fs.String("username", "demo", "the user every target logs in as")
		password  = fs.String("password", "demo-password-123", "that user's password (the Django peer's demo password)")
		postgres  = fs.String("postgres", e.getenv("JWTLAB_POSTGRES_URL"), "postgres:// `URL` for prod-pg and cluster, each run in a fresh schema (default $JWTLAB_POSTGRES_URL; empty skips them)")
		external  []string
		// The floor target is this binary, run as a child.
		serveFloor = fs.Bool("serve-floor", false, internalFlag+"serve the floor target instead of benchmarking")
		addr       = fs.String("addr", "127.0.0.1:0", internalFlag+"the floor target's listen address")
		// The hash probe, run as a child on the servers' CPUs.
		hashProbe = fs.Int("hash-probe", 0, internalFlag+"time this many password hashes and print the median")
	)
	fs.Func("target", "external target `name=URL` (repeatable); tokens are minted with $JWTLAB_SIGNING_KEY when set, else obtained by logging in", func(s string) error {
		name, u, ok := strings.Cut(s, "=")
		if !ok || name == "" || !strings.HasPrefix(u, "http") {
			return errors.New("want name=http://HOST:PORT")
		}
		external = append(external, s)
		return nil
	})
	if err := parseNoArgs(fs, args, e); err != nil {
		return err
	}
	if *serveFloor {
		return bench.ServeFloor(ctx, *addr, e.stderr)
	}
	if *hashProbe > 0 {
		return bench.HashProbe(e.stdout, *hashProbe)
	}
	if *quick && !flagSet(fs, "duration") {
		*duration = benchQuickDuration
	}
	rateList, err := parseRates(*rates)
	if err != nil {
		return usagef(e, fs, "-rates: %v", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: find own binary: %w", err)
	}
	// A fresh random key per run: children get it in the environment, the
	// bench mints with it, and nothing else ever sees it.
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	key := hex.EncodeToString(raw)

	cfg := bench.Config{
		Exe: exe, Scenarios: server.SplitList(*scenarios), Mode: *mode, Duration: *duration,
		Workers: *workers, Rates: rateList, SLO: *slo, FloodRate: *floodRate, Out: *out,
		Pin: *pinCPUs, Key: key, Username: *username, Password: *password,
		ExternalKey: e.getenv("JWTLAB_SIGNING_KEY"),
		Command:     strings.Join(append([]string{"jwtlab bench"}, redactArgs(args)...), " "),
		Stdout:      e.stdout, Stderr: e.stderr, TTY: isTTY(e.stderr),
		Columns: columns(e.stdout), StderrColumns: columns(e.stderr),
	}
	// A value no run can use is refused before any target is looked
	// for, let alone started.
	if err := cfg.CheckSettings(); err != nil {
		return usagef(e, fs, "%v", err)
	}
	cfg.Targets, cfg.Skipped, err = bench.Targets(ctx, exe, key, bench.Selection{
		Names: server.SplitList(*targets), External: external, Peers: server.SplitList(*peers), PeersDir: *peersDir, Ablate: *ablate,
		Postgres: *postgres,
	})
	if errors.Is(err, bench.ErrUnknownTarget) || errors.Is(err, bench.ErrUnknownPeer) {
		return usagef(e, fs, "%v", err)
	}
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	_, err = bench.Run(ctx, cfg)
	if err != nil && ctx.Err() != nil {
		// Ctrl-C, SIGTERM or SIGHUP: Run has stopped its servers and
		// removed its temporary files before it returns; what the raw
		// error says ("context canceled", a killed probe) would read as
		// a crash.
		return errors.New("bench: interrupted; its servers are stopped and its temporary files removed (the table above holds the attacks that finished)")
	}
	if errors.Is(err, bench.ErrBadConfig) || errors.Is(err, bench.ErrNoTargets) {
		return fmt.Errorf("bench: %w", err)
	}
	return err
}

// redactArgs hides the password of any URL on the command line (a
// -postgres URL), which the report records.
func redactArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		prefix, rest := "", a
		if name, v, ok := strings.Cut(a, "="); ok && strings.HasPrefix(name, "-") {
			prefix, rest = name+"=", v
		}
		if u, err := url.Parse(rest); err == nil && u.User != nil {
			if _, has := u.User.Password(); has {
				out[i] = prefix + u.Redacted()
			}
		}
	}
	return out
}

func parseRates(s string) ([]int, error) {
	var out []int
	for _, f := range server.SplitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

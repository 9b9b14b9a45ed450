package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"jwtlab/internal/freeport"
)

// Target kinds.
const (
	KindFloor    = "floor"    // jwtlab bench -serve-floor
	KindServe    = "serve"    // jwtlab serve -profile ...
	KindNginx    = "nginx"    // nginx in front of jwtlab serve -profile prod
	KindCluster  = "cluster"  // nginx in front of clusterSize prod instances on one PostgreSQL
	KindExternal = "external" // a URL someone else runs
	KindScript   = "script"   // a peer started by a script (Django)
)

// Target is one server under test.
type Target struct {
	Name    string
	Kind    string
	Profile string   // dev or prod, for serve and nginx
	Set     []string // knob=value overrides passed as -set
	URL     string   // external targets
	Script  string   // script targets: started as `Script ADDR`
	Env     []string // script targets: extra NAME=value for the script
	// Postgres is a postgres:// URL for serve and cluster targets: each
	// run gets a fresh schema there instead of a SQLite file. "" means
	// SQLite.
	Postgres string
}

// overrides is what an ablation step changes from its base: the -set
// knob=value flags of a jwtlab step, or the PEER_* variables of a Django
// step (run-tuned.sh with PEER_PRESET=prod).
func (t Target) overrides() []string {
	if len(t.Set) > 0 {
		return t.Set
	}
	return t.Env
}

// clusterSize is how many instances a cluster target runs: two is the
// smallest number that shares a database and shows what sharing costs.
const clusterSize = 2

// Timeouts for bringing a child up and down.
const (
	// startTimeout covers a cold SQLite store and the first argon2 hash of
	// the demo user on a busy shared machine.
	startTimeout = 20 * time.Second
	// stopTimeout is longer than prod's graceful drain, so a clean exit is
	// seen as one.
	stopTimeout = 10 * time.Second
	// pollEvery is how often the log file is read while waiting for a port.
	pollEvery = 20 * time.Millisecond
)

var listeningRE = regexp.MustCompile(`listening on (http://[^\s]+)`)

// instance is a running target.
type instance struct {
	base string // http://127.0.0.1:PORT, no trailing slash
	pid  int    // the process whose memory is reported; 0 if none
	dir  string // temp folder holding the store and logs
	kids []*child
	// cleanup runs after every child stopped (dropping a PostgreSQL schema).
	cleanup []func()
}

// child is one process of a target and a channel closed when it exits.
type child struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// starter starts children for one run.
type starter struct {
	exe      string
	key      string // JWTLAB_SIGNING_KEY given to every child
	password string
	pin      *pinning
}

func (s *starter) env(cmd *exec.Cmd) {
	cmd.Env = append(cmd.Environ(), "JWTLAB_SIGNING_KEY="+s.key)
}

// start brings t up for one scenario in a fresh temp folder.
func (s *starter) start(ctx context.Context, t Target, scenario string) (*instance, error) {
	dir, err := os.MkdirTemp("", "jwtlab-bench-")
	if err != nil {
		return nil, err
	}
	in := &instance{dir: dir}
	fail := func(err error) (*instance, error) {
		in.stop()
		return nil, err
	}
	switch t.Kind {
	case KindFloor:
		in.base, err = s.spawn(ctx, in, []string{s.exe, "bench", "-serve-floor", "-addr", "127.0.0.1:0"}, "floor.log")
	case KindServe, KindNginx, KindCluster:
		var addrs []string
		addrs, err = s.serve(ctx, in, t, scenario)
		if err == nil && t.Kind == KindServe {
			in.base = "http://" + addrs[0]
		}
		if err == nil && t.Kind != KindServe {
			err = s.nginx(ctx, in, addrs)
		}
	case KindExternal:
		in.base = strings.TrimRight(t.URL, "/")
	case KindScript:
		err = s.script(ctx, in, t, scenario)
	default:
		err = fmt.Errorf("unknown target kind %q", t.Kind)
	}
	if err != nil {
		return fail(fmt.Errorf("start %s: %w", t.Name, err))
	}
	return in, nil
}

// serve creates the demo user in a fresh store (a SQLite file, or a new
// PostgreSQL schema) and starts jwtlab serve on it: once, or clusterSize
// times for a cluster, every instance pinned to the same server CPUs. It
// returns the instances' HOST:PORT addresses.
func (s *starter) serve(ctx context.Context, in *instance, t Target, scenario string) ([]string, error) {
	db := filepath.Join(in.dir, "bench.db")
	if t.Postgres != "" {
		u, drop, err := freshSchema(ctx, t.Postgres)
		if err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
		in.cleanup = append(in.cleanup, drop)
		db = u
	}
	add := exec.CommandContext(ctx, s.exe, "users", "add", "-db", db, "-username", "demo")
	s.env(add)
	add.Stdin = strings.NewReader(s.password + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("users add: %v: %s", err, lastLine(out))
	}
	// Every target is reached as 127.0.0.1 (nginx passes the Host it got).
	argv := []string{s.exe, "serve", "-profile", t.Profile, "-addr", "127.0.0.1:0", "-db", db, "-allowed-hosts", "127.0.0.1"}
	for _, kv := range t.Set {
		argv = append(argv, "-set", kv)
	}
	argv = append(argv, serveArgs(t.Kind, scenario)...)
	n := 1
	if t.Kind == KindCluster {
		n = clusterSize
	}
	var addrs []string
	for i := range n {
		logName := "serve.log"
		if i > 0 {
			logName = fmt.Sprintf("serve-%d.log", i+1)
		}
		base, err := s.spawn(ctx, in, argv, logName)
		if err != nil {
			return nil, err
		}
		addrs = append(addrs, strings.TrimPrefix(base, "http://"))
	}
	return addrs, nil
}

// spawn starts argv pinned to the server CPU, output to a log file, waits
// for its "listening on" line and returns the URL it names. A file rather
// than a pipe: dev writes a line per request, and draining a pipe would
// cost the attacker's CPU. The first child spawned is the one whose memory
// is reported.
func (s *starter) spawn(ctx context.Context, in *instance, argv []string, logName string) (string, error) {
	logPath := filepath.Join(in.dir, logName)
	logf, err := os.Create(logPath)
	if err != nil {
		return "", err
	}
	defer logf.Close()
	argv = s.pin.prefix(argv)
	cmd := exec.Command(argv[0], argv[1:]...)
	s.env(cmd)
	cmd.Stdout, cmd.Stderr = logf, logf
	setChildAttrs(cmd)
	kid, err := in.run(cmd)
	if err != nil {
		return "", err
	}
	if in.pid == 0 {
		in.pid = cmd.Process.Pid
	}
	deadline := time.After(startTimeout)
	for {
		log, _ := os.ReadFile(logPath)
		if m := listeningRE.FindSubmatch(log); m != nil {
			return string(m[1]), nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-kid.exited:
			log, _ := os.ReadFile(logPath)
			return "", fmt.Errorf("%s exited before listening: %s", progName(cmd), lastLine(log))
		case <-deadline:
			return "", fmt.Errorf("no \"listening on\" line within %v: %s", startTimeout, lastLine(log))
		case <-time.After(pollEvery):
		}
	}
}

// run starts cmd and reaps it in the background.
func (in *instance) run(cmd *exec.Cmd) (*child, error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	kid := &child{cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(kid.exited) }()
	in.kids = append(in.kids, kid)
	return kid, nil
}

// stop ends every child, last started first (terminate, then a kill
// after stopTimeout), runs the cleanups and removes the temp folder.
func (in *instance) stop() {
	for i := len(in.kids) - 1; i >= 0; i-- {
		kid := in.kids[i]
		_ = terminate(kid.cmd.Process)
		select {
		case <-kid.exited:
		case <-time.After(stopTimeout):
			_ = kid.cmd.Process.Kill()
			<-kid.exited
		}
	}
	for _, f := range in.cleanup {
		f()
	}
	if in.dir != "" {
		_ = os.RemoveAll(in.dir)
	}
}

// freeAddr finds a free loopback address for programs that cannot report
// the port they got (nginx, gunicorn): below the ephemeral ports, so that
// no program listening on port 0 meanwhile can take it (freeport.Pick).
func freeAddr() (string, error) {
	p, err := freeport.Pick()
	return "127.0.0.1:" + p, err
}

// awaitAddr waits until kid serves HTTP on addr, then makes addr the
// instance's base URL; if kid exits first, the last line of its log says why.
func (in *instance) awaitAddr(ctx context.Context, kid *child, addr string, timeout time.Duration, logPath string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	base := "http://" + addr
	ready := make(chan error, 1)
	go func() { ready <- waitHTTP(ctx, base, timeout) }()
	select {
	case err := <-ready:
		if err != nil {
			return err
		}
	case <-kid.exited:
		log, _ := os.ReadFile(logPath)
		return fmt.Errorf("%s exited: %s", progName(kid.cmd), lastLine(log))
	}
	in.base = base
	return nil
}

// progName names the program a child runs, past any taskset prefix.
func progName(cmd *exec.Cmd) string {
	args := cmd.Args
	if filepath.Base(args[0]) == "taskset" && len(args) > 3 {
		args = args[3:] // taskset -c CPU PROGRAM ...
	}
	return filepath.Base(args[0])
}

// waitHTTP waits until base answers GET /api/me/ with anything but a
// gateway error: a proxy accepts connections before its upstream does.
func waitHTTP(ctx context.Context, base string, timeout time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	defer client.CloseIdleConnections()
	deadline := time.Now().Add(timeout)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/me/", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode < 502 || resp.StatusCode > 504 {
				return nil
			}
			err = errors.New(resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %v: %w", base, timeout, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// lastLine returns the last non-empty line of a program's output, for a
// one-line error.
func lastLine(out []byte) string {
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	if len(lines) == 0 || len(lines[len(lines)-1]) == 0 {
		return "(no output)"
	}
	return string(lines[len(lines)-1])
}

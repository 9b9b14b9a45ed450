package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// peerPython is the interpreter the Django peer's scripts use: Debian's,
// where install.sh puts Django and simplejwt.
const peerPython = "/usr/bin/python3"

// scriptStartTimeout covers the peer's migrations on a fresh database and
// gunicorn importing Django in each worker.
const scriptStartTimeout = 60 * time.Second

// DjangoTargets returns the Django peer's targets (django-dev: runserver;
// django-prod: gunicorn behind nginx; django-tuned: the same stack tuned,
// run-tuned.sh) from the scripts in dir, or a one-line reason for each that
// cannot run here.
func DjangoTargets(ctx context.Context, dir string) ([]Target, []Skip) {
	var targets []Target
	var skips []Skip
	pyErr := pythonCheck(ctx, "django", "rest_framework_simplejwt")
	for _, p := range []struct{ name, script string }{
		{"django-dev", "run-dev.sh"},
		{"django-prod", "run-prod.sh"},
		{"django-tuned", "run-tuned.sh"},
	} {
		script, err := filepath.Abs(filepath.Join(dir, p.script))
		if err != nil {
			skips = append(skips, Skip{p.name, err.Error()})
			continue
		}
		reason := ""
		switch st, err := os.Stat(script); {
		case err != nil:
			reason = fmt.Sprintf("%s not found", filepath.Join(dir, p.script))
		case st.Mode()&0o111 == 0:
			reason = script + " is not executable"
		case pyErr != "":
			reason = pyErr
		case p.name == "django-prod":
			reason = stackCheck(ctx)
		case p.name == "django-tuned":
			reason = tunedCheck(ctx)
		}
		if reason != "" {
			skips = append(skips, Skip{p.name, reason})
			continue
		}
		targets = append(targets, Target{Name: p.name, Kind: KindScript, Script: script})
	}
	return targets, skips
}

// stackCheck says what django-prod's stack lacks (nginx, gunicorn), or "".
func stackCheck(ctx context.Context) string {
	if _, err := exec.LookPath("nginx"); err != nil {
		return "nginx not found on PATH"
	}
	return pythonCheck(ctx, "gunicorn")
}

// tunedCheck says what run-tuned.sh's stack lacks, or "": django-prod's,
// plus redis-server and the Python packages of the tuned settings.
func tunedCheck(ctx context.Context) string {
	if why := stackCheck(ctx); why != "" {
		return why
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		return "redis-server not found on PATH"
	}
	return pythonCheck(ctx, "django_redis", "argon2")
}

// djangoKnobs are the settings run-tuned.sh changes from django-prod's
// values to the tuned ones, each a PEER_* variable (README.md in the peer's
// folder says what each buys). The Django ablation starts django-prod's
// stack (PEER_PRESET=prod) with one of them turned.
var djangoKnobs = []Knob{
	{"conn_max_age", "60"},      // persistent database connections
	{"auth", "cached"},          // a 2 s per-worker user cache on /api/me/
	{"auth", "stateless"},       // no user read at all (JWTStatelessUserAuthentication)
	{"json_only", "1"},          // JSONRenderer only
	{"workers", "cores"},        // one sync worker per core instead of 2 x cores + 1
	{"worker_class", "gthread"}, // gthread workers with 4 threads and upstream keep-alive
	{"sqlite_wal", "1"},         // SQLite in WAL mode: one fsync per commit
	{"hasher", "argon2-django"}, // Django 3.2's Argon2PasswordHasher first (100 MiB, p=8)
	{"hasher", "argon2"},        // argon2id with OWASP's parameters first (peer/hashers.py)
	{"throttle", "redis"},       // DRF login throttles on a shared Redis cache
	{"throttle", "locmem"},      // the same throttles on a per-process cache
	{"nginx_limit", "1"},        // nginx limit_req on /api/token/, holding a flood
}

// DjangoAblationTargets returns one target per djangoKnobs entry: run-tuned.sh
// from dir with django-prod's preset and that one knob turned, named
// django-prod+knob=value like jwtlab's ablation steps.
func DjangoAblationTargets(ctx context.Context, dir string) ([]Target, error) {
	if why := tunedCheck(ctx); why != "" {
		return nil, fmt.Errorf("django ablation: %s", why)
	}
	script, err := filepath.Abs(filepath.Join(dir, "run-tuned.sh"))
	if err != nil {
		return nil, err
	}
	out := make([]Target, 0, len(djangoKnobs))
	for _, k := range djangoKnobs {
		env := []string{"PEER_PRESET=prod"}
		switch k.Name {
		case "worker_class":
			env = append(env, "PEER_WORKER_CLASS=gthread", "PEER_THREADS=4")
		default:
			env = append(env, "PEER_"+strings.ToUpper(k.Name)+"="+k.Value)
		}
		out = append(out, Target{Name: "django-prod+" + k.Name + "=" + k.Value, Kind: KindScript, Script: script, Env: env})
	}
	return out, nil
}

// pythonCheck says what peerPython cannot import, or "".
func pythonCheck(ctx context.Context, modules ...string) string {
	if _, err := os.Stat(peerPython); err != nil {
		return peerPython + " not found"
	}
	cmd := exec.CommandContext(ctx, peerPython, "-c", "import "+strings.Join(modules, ", "))
	if err := cmd.Run(); err != nil {
		return fmt.Sprintf("%s cannot import %s (run bench/peers/django/install.sh)", peerPython, strings.Join(modules, ", "))
	}
	return ""
}

// script starts a peer as `SCRIPT PORT` with its own data folder (a fresh
// database with the demo user) and the bench's signing key, pinned like
// every server.
func (s *starter) script(ctx context.Context, in *instance, t Target, scenario string) error {
	env, err := scriptEnv(scenario)
	if err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	_, port, _ := strings.Cut(addr, ":")
	argv := s.pin.prefix([]string{t.Script, port})
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(cmd.Environ(), "PEER_DATA_DIR="+filepath.Join(in.dir, "data"), "JWT_SIGNING_KEY="+s.key)
	cmd.Env = append(cmd.Env, t.Env...)
	cmd.Env = append(cmd.Env, env...)
	setChildAttrs(cmd)
	logPath := filepath.Join(in.dir, "peer.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	kid, err := in.run(cmd)
	if err != nil {
		return err
	}
	in.pid = cmd.Process.Pid
	return in.awaitAddr(ctx, kid, addr, scriptStartTimeout, logPath)
}

// errNoReuseDetection: simplejwt 5.2.2 has no refresh-token reuse
// detection, so a peer built on it has no rotate+reuse row.
var errNoReuseDetection = errors.New("rotate+reuse: simplejwt 5.2.2 has no refresh-token reuse detection")

// scriptEnv is the peer's environment for a scenario: the settings that
// serveArgs gives jwtlab, spelled as the peer's variables
// (bench/peers/django/peer/settings.py reads them).
func scriptEnv(scenario string) ([]string, error) {
	switch scenario {
	case "rotate":
		return []string{"JWT_ROTATE=1"}, nil
	case "rotate+reuse":
		return nil, errNoReuseDetection
	case "sliding":
		// Routes /api/token/sliding/ and lets /api/me/ take sliding tokens.
		return []string{"JWT_SLIDING=1"}, nil
	case "obtain":
		// As for jwtlab (serveArgs): obtain measures the password hash, so
		// the login throttles are lifted; the flood keeps them.
		return []string{"PEER_THROTTLE=off", "PEER_NGINX_LIMIT=0"}, nil
	}
	return nil, nil
}

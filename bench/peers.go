package bench

import (
	"context"
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
// django-prod: gunicorn behind nginx) from the scripts in dir, or a
// one-line reason for each that cannot run here.
func DjangoTargets(ctx context.Context, dir string) ([]Target, []Skip) {
	var targets []Target
	var skips []Skip
	pyErr := pythonCheck(ctx, "django", "rest_framework_simplejwt")
	for _, p := range []struct{ name, script string }{
		{"django-dev", "run-dev.sh"},
		{"django-prod", "run-prod.sh"},
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
			if _, err := exec.LookPath("nginx"); err != nil {
				reason = "nginx not found on PATH"
			} else {
				reason = pythonCheck(ctx, "gunicorn")
			}
		}
		if reason != "" {
			skips = append(skips, Skip{p.name, reason})
			continue
		}
		targets = append(targets, Target{Name: p.name, Kind: KindScript, Script: script})
	}
	return targets, skips
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
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	_, port, _ := strings.Cut(addr, ":")
	argv := s.pin.prefix([]string{t.Script, port})
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(cmd.Environ(), "PEER_DATA_DIR="+filepath.Join(in.dir, "data"), "JWT_SIGNING_KEY="+s.key)
	if scenario == "rotate" {
		cmd.Env = append(cmd.Env, "JWT_ROTATE=1")
	}
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

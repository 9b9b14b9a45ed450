package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// NginxCheck says why prod+nginx cannot run here, or "" when it can.
func NginxCheck(ctx context.Context, exe string) string {
	if _, err := exec.LookPath("nginx"); err != nil {
		return "nginx not found on PATH"
	}
	// The generator is part of jwtlab; ask it for a config the way a user
	// would, so the bench measures exactly what jwtlab nginx-config writes.
	if _, err := nginxConf(ctx, exe, "127.0.0.1:1", "127.0.0.1:2"); err != nil {
		return "jwtlab nginx-config: " + err.Error()
	}
	return ""
}

func nginxConf(ctx context.Context, exe, upstream, listen string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, exe, "nginx-config", "-upstream", upstream, "-listen", listen)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, lastLine([]byte(stderr.String())))
	}
	return out, nil
}

// nginx puts nginx in front of the jwtlab serve children already in in
// (upstreams are their HOST:PORT addresses), with its own prefix, pid and
// temp paths under the instance's folder (never the system service),
// pinned to the server CPU like the app.
func (s *starter) nginx(ctx context.Context, in *instance, upstreams []string) error {
	listen, err := freeAddr()
	if err != nil {
		return err
	}
	conf, err := nginxConf(ctx, s.exe, strings.Join(upstreams, ","), listen)
	if err != nil {
		return fmt.Errorf("nginx-config: %w", err)
	}
	return s.runNginx(ctx, in, conf, listen)
}

// runNginx starts nginx with conf, which listens on listen, in in's
// folder, and waits until it answers there.
func (s *starter) runNginx(ctx context.Context, in *instance, conf []byte, listen string) error {
	// nginx's workers drop to an unprivileged user when started as root;
	// they must be able to reach the temp paths under the prefix.
	if err := os.Chmod(in.dir, 0o755); err != nil {
		return err
	}
	confPath := filepath.Join(in.dir, "nginx.conf")
	if err := os.WriteFile(confPath, conf, 0o644); err != nil {
		return err
	}
	var globals []string
	if !hasDirective(conf, "daemon") {
		globals = append(globals, "daemon off;")
	}
	if !hasDirective(conf, "pid") {
		globals = append(globals, "pid "+filepath.Join(in.dir, "nginx.pid")+";")
	}
	argv := []string{"nginx", "-p", in.dir + "/", "-c", confPath, "-e", filepath.Join(in.dir, "nginx-error.log")}
	if len(globals) > 0 {
		argv = append(argv, "-g", strings.Join(globals, " "))
	}
	argv = s.pin.prefix(argv)
	cmd := exec.Command(argv[0], argv[1:]...)
	logf, err := os.Create(filepath.Join(in.dir, "nginx.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	setChildAttrs(cmd)
	kid, err := in.run(cmd)
	if err != nil {
		return err
	}
	// nginx prints nothing when it is ready; it is ready when it answers.
	return in.awaitAddr(ctx, kid, listen, startTimeout, filepath.Join(in.dir, "nginx-error.log"))
}

// hasDirective reports whether conf sets name at the start of a line,
// outside comments.
func hasDirective(conf []byte, name string) bool {
	for _, line := range strings.Split(string(conf), "\n") {
		line, _, _ = strings.Cut(line, "#")
		if f := strings.Fields(line); len(f) > 0 && f[0] == name {
			return true
		}
	}
	return false
}

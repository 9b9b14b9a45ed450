package testenv

import (
	"crypto/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// PostgresCluster is a PostgreSQL cluster of one test's own, which the
// test may stop and start: stopping the shared one would pull the
// database from under the other tests `go test ./...` runs at the same
// time.
type PostgresCluster struct {
	version, name string
	// URL reaches the cluster's postgres database on loopback, with
	// trust authentication: a test database nobody else can reach.
	URL string
}

// NewPostgresCluster creates and starts a cluster on a free loopback
// port (pg_createcluster, Debian's postgresql-common, as root) and drops
// it when the test ends. Without root or postgresql-common the test
// skips (fails in the integration run).
func NewPostgresCluster(tb testing.TB) *PostgresCluster {
	tb.Helper()
	if os.Geteuid() != 0 {
		Missing(tb, "a throwaway PostgreSQL cluster needs root (pg_createcluster)")
	}
	out, err := exec.Command("pg_lsclusters", "-h").Output()
	if err != nil {
		Missing(tb, "pg_lsclusters (postgresql-common): "+err.Error())
	}
	f := strings.Fields(string(out))
	if len(f) < 1 {
		Missing(tb, "no PostgreSQL version installed")
	}
	port := FreePort(tb)
	c := &PostgresCluster{version: f[0], name: "jwtlab_test_" + strings.ToLower(rand.Text()[:8])}
	// Dropped even when creating failed halfway, which leaves a cluster.
	tb.Cleanup(func() {
		if out, _ := exec.Command("pg_lsclusters", "-h").Output(); !strings.Contains(string(out), c.name) {
			return
		}
		if out, err := c.command("pg_dropcluster", c.version, c.name, "--stop").CombinedOutput(); err != nil {
			tb.Errorf("pg_dropcluster %s %s: %v\n%s", c.version, c.name, err, out)
		}
	})
	// Debian's clusters listen on localhost only: trust reaches no one else.
	if out, err := c.command("pg_createcluster", c.version, c.name, "-p", port, "--start", "--", "--auth=trust").CombinedOutput(); err != nil {
		tb.Fatalf("pg_createcluster: %v\n%s", err, out)
	}
	c.URL = "postgres://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable"
	return c
}

// Stop stops the cluster in fast mode, which disconnects its clients at
// once, as an operator's restart does; it is started again when the test
// ends, so the cluster drops cleanly.
func (c *PostgresCluster) Stop(tb testing.TB) {
	tb.Helper()
	c.ctl(tb, "stop", "--mode", "fast")
	tb.Cleanup(func() { c.Start(tb) })
}

// Start starts the cluster if it is not running.
func (c *PostgresCluster) Start(tb testing.TB) {
	tb.Helper()
	if c.command("pg_ctlcluster", c.version, c.name, "status").Run() == nil {
		return
	}
	c.ctl(tb, "start")
}

func (c *PostgresCluster) ctl(tb testing.TB, action string, flags ...string) {
	tb.Helper()
	args := append([]string{c.version, c.name, action}, flags...)
	if out, err := c.command("pg_ctlcluster", args...).CombinedOutput(); err != nil {
		tb.Fatalf("pg_ctlcluster %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// command runs from /, as .ci/start-postgres does: postgresql-common's
// tools run as user postgres, who may not read the test's directory.
func (c *PostgresCluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = "/"
	return cmd
}

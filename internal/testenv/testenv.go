// Package testenv is what tests in several packages ask of the machine
// they run on: an outside program or service, a free loopback port, a
// PostgreSQL schema or cluster of their own. Without what it needs a test skips
// with a one-line reason, except in CI's integration run
// (JWTLAB_INTEGRATION=1), where the same absence is a failure. It also
// holds the one check those packages share, that a race to spend a
// single-use token has one winner (OneWinner).
//
// Only _test.go files import it, so the jwtlab binary links neither it
// nor package testing (TestBinaryLinksNoTestPackages checks).
package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"jwtlab/internal/freeport"
)

// Integration reports whether this is CI's integration run
// (JWTLAB_INTEGRATION=1), where everything a test needs must be there.
func Integration() bool { return os.Getenv("JWTLAB_INTEGRATION") == "1" }

// Missing skips tb with why, or fails it in the integration run.
func Missing(tb testing.TB, why string) {
	tb.Helper()
	if Integration() {
		tb.Fatalf("%s (JWTLAB_INTEGRATION=1 requires it; run .ci/install-deps)", why)
	}
	tb.Skip(why)
}

// Program returns the path of an outside program: on PATH, or in
// /usr/sbin, where Debian installs nginx and which is not on every
// user's PATH. Without it the test skips (fails in the integration run).
func Program(tb testing.TB, name string) string {
	tb.Helper()
	if path, err := exec.LookPath(name); err == nil {
		return path
	}
	if _, err := os.Stat("/usr/sbin/" + name); err == nil {
		return "/usr/sbin/" + name
	}
	Missing(tb, name+" not installed")
	return ""
}

// Python checks that /usr/bin/python3 can import modules (Debian's
// Django packages are visible to that interpreter only).
func Python(tb testing.TB, modules ...string) {
	tb.Helper()
	list := strings.Join(modules, ", ")
	if err := exec.Command("/usr/bin/python3", "-c", "import "+list).Run(); err != nil {
		Missing(tb, "/usr/bin/python3 cannot import "+list)
	}
}

// FreePort returns a port that was free on 127.0.0.1 a moment ago, for a
// child process that must be told its port before it starts: below the
// kernel's ephemeral ports where it can be (freeport.Pick says why).
func FreePort(tb testing.TB) string {
	tb.Helper()
	p, err := freeport.Pick()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// PostgresURL returns $JWTLAB_POSTGRES_URL, the test database
// (.ci/start-postgres prints one). Without it the test skips (fails in
// the integration run).
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("JWTLAB_POSTGRES_URL")
	if u == "" {
		if Integration() {
			tb.Fatal("JWTLAB_POSTGRES_URL is not set (JWTLAB_INTEGRATION=1 requires it; run .ci/start-postgres)")
		}
		tb.Skip("PostgreSQL not configured: set JWTLAB_POSTGRES_URL (see .ci/start-postgres)")
	}
	return u
}

// PostgresSchema creates a fresh schema, named prefix and random
// letters, in the database at base, and drops it with all it holds when
// the test ends. It returns the schema's name and base with its
// search_path set to it, so tests never share tables. Call it before
// starting what uses the schema: cleanups run last-registered first, so
// the schema outlives them.
func PostgresSchema(tb testing.TB, base, prefix string) (schema, dsn string) {
	tb.Helper()
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("PostgreSQL URL: %v", err)
	}
	schema = prefix + strings.ToLower(rand.Text()[:12])
	if err := postgresExec(base, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if err := postgresExec(base, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Logf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return schema, u.String()
}

// postgresWait bounds each statement testenv sends: creating, dropping
// or looking up a schema takes milliseconds, so 10 s means the server is
// not answering, and the test should say so rather than hang.
const postgresWait = 10 * time.Second

// PostgresSchemaExists reports whether the database at dsn has a schema
// of that name, for a test that checks who made or dropped it.
func PostgresSchemaExists(tb testing.TB, dsn, schema string) bool {
	tb.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), postgresWait)
	defer cancel()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n == 1
}

// postgresExec runs one statement on its own connection.
func postgresExec(dsn, stmt string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), postgresWait)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

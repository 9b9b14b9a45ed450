package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestStrayArgument: a command that takes no positional argument refuses
// one as a usage error (exit status 2) in one line, before it opens,
// reads or serves anything.
func TestStrayArgument(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	for _, args := range [][]string{
		{"serve", "-db", db, "extra"},
		{"users", "add", "-db", db, "-username", "demo", "extra"},
		{"users", "list", "-db", db, "extra"},
		{"users", "revoke", "-db", db, "-username", "demo", "extra"},
		{"users", "import-django", "-db", db, "extra"},
		{"keygen", "extra"},
		{"nginx-config", "extra"},
		{"bench", "-targets", "floor", "extra"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
			code := exitStatus(err, &stderr)
			name := strings.Join(args[:1], "")
			if args[0] == "users" {
				name = "users " + args[1]
			}
			want := "jwtlab " + name + ": unexpected argument \"extra\"\n"
			if code != 2 || stderr.String() != want || stdout.Len() > 0 {
				t.Errorf("jwtlab %s: status %d, stderr %q, stdout %q; want 2, %q, nothing", strings.Join(args, " "), code, stderr.String(), stdout.String(), want)
			}
		})
	}
	if matches, _ := filepath.Glob(db + "*"); len(matches) > 0 {
		t.Errorf("a refused command created %v", matches)
	}
}

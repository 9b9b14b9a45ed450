package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runJWTLab runs jwtlab in process with args and stdin and an empty
// environment, and returns what it printed and run's error.
func runJWTLab(stdin string, args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// runCLI is runJWTLab as a shell sees it: the exit status main would
// return, with the error printed on stderr the way main prints it.
func runCLI(t *testing.T, stdin string, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	stdout, stderr, err := runJWTLab(stdin, args...)
	var errOut bytes.Buffer
	status = exitStatus(err, &errOut)
	return status, stdout, stderr + errOut.String()
}

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
			code, stdout, stderr := runCLI(t, "", args...)
			name := strings.Join(args[:1], "")
			if args[0] == "users" {
				name = "users " + args[1]
			}
			want := "jwtlab " + name + ": unexpected argument \"extra\"\n"
			if code != 2 || stderr != want || stdout != "" {
				t.Errorf("jwtlab %s: status %d, stderr %q, stdout %q; want 2, %q, nothing", strings.Join(args, " "), code, stderr, stdout, want)
			}
		})
	}
	if matches, _ := filepath.Glob(db + "*"); len(matches) > 0 {
		t.Errorf("a refused command created %v", matches)
	}
}

// TestFlagErrorOneLine: a mistaken flag or usage is said in one line
// that names the command (exit status 2), not buried above the whole
// usage; -h still prints the usage and succeeds.
func TestFlagErrorOneLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "-bogus"}, "jwtlab serve: flag provided but not defined: -bogus\n"},
		{[]string{"users", "add", "-bogus"}, "jwtlab users add: flag provided but not defined: -bogus\n"},
		{[]string{"bench", "-duration", "soon"}, "jwtlab bench: invalid value \"soon\" for flag -duration: parse error\n"},
		{[]string{"learn", "-bogus"}, "jwtlab learn: flag provided but not defined: -bogus\n"},
		{[]string{"verify", "x.y.z", "-secret"}, "jwtlab verify: flag needs an argument: -secret\n"},
		{[]string{"verify", "x.y.z"}, "jwtlab verify: give exactly one of -secret, -secret-file, -key and -jwks\n"},
		{[]string{"sign", "-secret", "s"}, "jwtlab sign: missing -claims\n"},
		{[]string{"nginx-config", "-bogus"}, "jwtlab nginx-config: flag provided but not defined: -bogus\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tc.args...)
			if code != 2 || stderr != tc.want || stdout != "" {
				t.Errorf("status %d, stderr %q, stdout %q; want 2, %q, nothing", code, stderr, stdout, tc.want)
			}
		})
	}
	for _, cmd := range []string{"serve", "verify", "sign", "bench", "keygen"} {
		code, stdout, stderr := runCLI(t, "", cmd, "-h")
		if code != 0 || !strings.Contains(stderr, "usage: jwtlab "+cmd) && !strings.Contains(stderr, "Usage of jwtlab "+cmd) || !strings.Contains(stderr, "\n  -") || stdout != "" {
			t.Errorf("jwtlab %s -h: status %d, stderr %q; want 0 and the usage with its flags", cmd, code, stderr)
		}
	}
}

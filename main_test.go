package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
}

// TestHelpGoesToStdout: help asked for (-h, -help, jwtlab help, jwtlab
// -h, users -h) is the command's output: on stdout, exit status 0, so
// jwtlab sign -h | less shows it. Each command's begins with its usage
// line, serve's included. Usage printed for a mistake (no command, no
// verb) stays on stderr with exit status 2.
func TestHelpGoesToStdout(t *testing.T) {
	for _, c := range commands {
		listed := "\n  -" // the flags
		if c.name == "users" {
			listed = "\n  add " // the verbs, each with its flags
		}
		for _, h := range []string{"-h", "-help", "--help"} {
			code, stdout, stderr := runCLI(t, "", c.name, h)
			if code != 0 || !strings.HasPrefix(stdout, "usage: jwtlab "+c.name+" ") || !strings.Contains(stdout, listed) || stderr != "" {
				t.Errorf("jwtlab %s %s: status %d, stdout %q, stderr %q; want 0, the usage line and flags on stdout, nothing on stderr", c.name, h, code, stdout, stderr)
			}
		}
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"users", "help"}, {"users", "-h"}, {"users", "add", "-h"}, {"learn", "3", "-h"}} {
		code, stdout, stderr := runCLI(t, "", args...)
		if code != 0 || !strings.HasPrefix(stdout, "usage: jwtlab ") || stderr != "" {
			t.Errorf("jwtlab %q: status %d, stdout %q, stderr %q; want 0 and the usage on stdout", args, code, stdout, stderr)
		}
	}
	for _, args := range [][]string{{}, {"users"}} {
		code, stdout, stderr := runCLI(t, "", args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "jwtlab") {
			t.Errorf("jwtlab %q: status %d, stdout %q, stderr %q; want 2 and the mistake on stderr", args, code, stdout, stderr)
		}
	}
	// A help that cannot be written is a failure, as any output is.
	for _, args := range [][]string{{"-h"}, {"keygen", "-h"}, {"users", "-h"}} {
		var errOut bytes.Buffer
		err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), fullWriter{}, &errOut)
		if code := exitStatus(err, &errOut); code != 1 || !strings.Contains(errOut.String(), "no space left on device") {
			t.Errorf("jwtlab %q into a full stdout: status %d, stderr %q; want 1 saying the disk is full", args, code, errOut.String())
		}
	}
}

// fullWriter fails every write, as stdout on a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestWriteErrorFails: a command whose output could not be written fails
// with one line naming stdout, exit status 1, whether it checks its own
// writes (keygen, inspect) or leaves that to run (sign, verify, learn,
// users).
func TestWriteErrorFails(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	key := filepath.Join(dir, "key.txt")
	if err := os.WriteFile(key, []byte("0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, tok, _ := runCLI(t, "", "sign", "-secret-file", key, "-claims", `{"sub":"a"}`, "-exp", "+1h")
	tok = strings.TrimSpace(tok)
	db := filepath.Join(dir, "users.db")
	for _, tc := range []struct {
		name, stdin string
		args        []string
	}{
		{"keygen", "", []string{"keygen"}},
		{"nginx-config", "", []string{"nginx-config"}},
		{"inspect -json", "", []string{"inspect", "-json", tok}},
		{"inspect, plain text", "", []string{"inspect", tok}},
		{"sign", "", []string{"sign", "-secret-file", key, "-claims", `{"sub":"a"}`, "-exp", "+1h"}},
		{"verify", "", []string{"verify", "-secret-file", key, tok}},
		{"learn, the list", "", []string{"learn"}},
		{"learn 1", "", []string{"learn", "1"}},
		{"users add", "pw-123456789\n", []string{"users", "add", "-db", db, "-username", "full1"}},
		{"users list", "", []string{"users", "list", "-db", db}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errOut bytes.Buffer
			err := run(context.Background(), tc.args, func(string) string { return "" }, strings.NewReader(tc.stdin), fullWriter{}, &errOut)
			code := exitStatus(err, &errOut)
			if want := "jwtlab: write stdout: no space left on device\n"; code != 1 || errOut.String() != want {
				t.Errorf("jwtlab %q into a full stdout: status %d, stderr %q; want 1, %q", tc.args, code, errOut.String(), want)
			}
		})
	}
	// A file's error names the file already, and is said as it is.
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	for _, args := range [][]string{{"keygen"}, {"sign", "-secret-file", key, "-claims", `{"sub":"a"}`, "-exp", "+1h"}} {
		var errOut bytes.Buffer
		err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), full, &errOut)
		code := exitStatus(err, &errOut)
		if want := "jwtlab: write /dev/full: no space left on device\n"; code != 1 || errOut.String() != want {
			t.Errorf("jwtlab %q > /dev/full: status %d, stderr %q; want 1, %q", args, code, errOut.String(), want)
		}
	}
}

// TestErrorIsOneLine: an error whose message spans lines (pgx lists each
// address it tried on an indented line of its own) is printed as one.
func TestErrorIsOneLine(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.New("open postgres: failed to connect to `user=u database=db`:\n\t127.0.0.1:1: dial error: refused\n\t127.0.0.1:1: dial error: refused"),
			"jwtlab: open postgres: failed to connect to `user=u database=db`: 127.0.0.1:1: dial error: refused; 127.0.0.1:1: dial error: refused\n"},
		{&exitError{code: 2, err: errors.New("first\r\n  second\n\nthird\n")}, "jwtlab: first; second; third\n"},
		{errors.New("one line"), "jwtlab: one line\n"},
	} {
		var errOut bytes.Buffer
		exitStatus(tc.err, &errOut)
		if errOut.String() != tc.want {
			t.Errorf("exitStatus(%q) printed %q; want %q", tc.err, errOut.String(), tc.want)
		}
	}
	// The real thing: PostgreSQL on a port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	code, _, stderr := runCLI(t, "", "users", "list", "-db", "postgres://u@"+addr+"/db?connect_timeout=5")
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "refused") {
		t.Errorf("users list on a closed PostgreSQL port: status %d, stderr %q; want 1 and one line saying the connection was refused", code, stderr)
	}
}

// TestErrorLineEscapes: what exitStatus prints is one line in which no
// control or format character is left raw (a user's value, a file's
// bytes), and a file name with a line break in it reads as one quoted
// name, not as two lines folded with "; ".
func TestErrorLineEscapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"an escape sequence", errors.New("bad \x1b[31mred"), `jwtlab: bad \x1b[31mred` + "\n"},
		{"a C1 control and DEL", errors.New("a\u009bb\x7fc"), `jwtlab: a\u009bb\x7fc` + "\n"},
		{"a bidi override and isolate", errors.New("x\u202eevil\u2066y"), `jwtlab: x\u202eevil\u2066y` + "\n"},
		{"a byte that is not UTF-8", errors.New("a\x9b31mb"), `jwtlab: a\x9b31mb` + "\n"},
		{"a tab and a form feed", &exitError{code: 2, err: errors.New("a\tb\fc")}, `jwtlab: a\tb\fc` + "\n"},
		{"a file name with a line break", fmt.Errorf("load: %w", &fs.PathError{Op: "open", Path: "/tmp/x\ny", Err: syscall.ENOENT}),
			`jwtlab: load: open "/tmp/x\ny": no such file or directory` + "\n"},
		{"a plain file name stays as it is", &fs.PathError{Op: "open", Path: `C:\tmp\x`, Err: syscall.ENOENT},
			`jwtlab: open C:\tmp\x: no such file or directory` + "\n"},
		{"a message of several lines still folds", errors.New("first:\n\tsecond\x1b"), `jwtlab: first: second\x1b` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errOut bytes.Buffer
			exitStatus(tc.err, &errOut)
			if errOut.String() != tc.want {
				t.Errorf("exitStatus(%q) printed %q; want %q", tc.err, errOut.String(), tc.want)
			}
		})
	}
}

// TestUserValuesAreQuoted: a path, name or flag given on the command line
// is quoted in the line that names it, and nothing in it reaches stderr
// raw, on the usage path (usagef, the flag package's errors) as on the
// runtime one.
func TestUserValuesAreQuoted(t *testing.T) {
	dir := t.TempDir()
	nl := filepath.Join(dir, "p\nq.db")
	esc := filepath.Join(dir, "\x1b[31mred.db")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"users passwd -db with a line break", []string{"users", "passwd", "-username", "bob", "-db", nl}, 2,
			fmt.Sprintf("jwtlab users passwd: no database at %q; users add, users import-django or serve creates one\n", nl)},
		{"users list -db with an escape sequence", []string{"users", "list", "-db", esc}, 2,
			fmt.Sprintf("jwtlab users list: no database at %q; users add, users import-django or serve creates one\n", esc)},
		{"import-django -from with a line break", []string{"users", "import-django", "-from", nl, "-db", filepath.Join(dir, "new.db")}, 2,
			fmt.Sprintf("jwtlab users import-django: -from: no Django database at %q\n", nl)},
		{"a flag name with an escape sequence", []string{"keygen", "-by\x1b[2Jtes"}, 2,
			`jwtlab keygen: flag provided but not defined: -by\x1b[2Jtes` + "\n"},
		{"sign -secret-file with a line break", []string{"sign", "-secret-file", nl, "-claims", "{}"}, 2,
			fmt.Sprintf("jwtlab: open %q: no such file or directory\n", nl)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "pw-123456789\n", tc.args...)
			if code != tc.code || stderr != tc.want || stdout != "" {
				t.Errorf("jwtlab %q: status %d, stderr %q, stdout %q; want %d, %q, nothing", tc.args, code, stderr, stdout, tc.code, tc.want)
			}
		})
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*")); len(matches) > 0 {
		t.Errorf("a refused command created %q", matches)
	}
}

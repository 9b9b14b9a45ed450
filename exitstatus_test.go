package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestExitStatusIsDocumented: each command's -h has an "Exit status:"
// paragraph, and the codes it names are the codes the command answers
// with: every case below answers with one it names, and every code it
// names is answered by a case (0 success, 1 a failure while running or a
// token that does not verify, 2 a usage or setup error).
func TestExitStatusIsDocumented(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no walk to -continue
	dir := t.TempDir()
	secret := "0123456789abcdef0123456789abcdef"
	_, tok, _ := runCLI(t, "", "sign", "-secret", secret, "-claims", `{"sub":"a"}`, "-exp", "+1h")
	tok = strings.TrimSpace(tok)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	db := filepath.Join(dir, "users.db")
	type invocation struct {
		stdin string
		args  []string
		code  int
		full  bool // stdout is a full disk
	}
	for _, tc := range []struct {
		help []string // the -h that documents the codes
		runs []invocation
	}{
		{[]string{"-h"}, []invocation{
			{args: []string{"-h"}, code: 0},
			{args: []string{"verify", "-secret", "wrong", tok}, code: 1},
			{args: []string{"bogus"}, code: 2},
		}},
		{[]string{"serve", "-h"}, []invocation{
			{args: []string{"serve", "-print-config"}, code: 0},
			{args: []string{"serve", "-db", filepath.Join(dir, "serve.db"), "-addr", busy.Addr().String()}, code: 1},
			{args: []string{"serve", "-addr", "bogus"}, code: 2},
			{args: []string{"serve", "-db", dir}, code: 2},
		}},
		{[]string{"users", "-h"}, []invocation{
			{stdin: "pw-123456789\n", args: []string{"users", "add", "-db", db, "-username", "alice"}, code: 0},
			{stdin: "pw-123456789\n", args: []string{"users", "passwd", "-db", db, "-username", "nobody"}, code: 1},
			{args: []string{"users", "list", "-db", dir}, code: 2},
		}},
		{[]string{"users", "list", "-h"}, []invocation{
			{args: []string{"users", "list", "-db", db}, code: 0},
			{args: []string{"users", "revoke", "-db", db, "-username", "nobody"}, code: 1},
			{args: []string{"users", "list", "-db", filepath.Join(dir, "none.db")}, code: 2},
		}},
		// A run that prints the table takes minutes: -h stands for 0.
		{[]string{"bench", "-h"}, []invocation{
			{args: []string{"bench", "-h"}, code: 0},
			{args: []string{"bench", "-targets", "cluster", "-postgres", ""}, code: 1},
			{args: []string{"bench", "-targets", "floor", "-mode", "fast"}, code: 2},
		}},
		{[]string{"learn", "-h"}, []invocation{
			{args: []string{"learn"}, code: 0},
			{args: []string{"learn", "-continue"}, code: 1},
			{args: []string{"learn", "99"}, code: 2},
		}},
		{[]string{"inspect", "-h"}, []invocation{
			{args: []string{"inspect", "-json", tok}, code: 0},
			{args: []string{"inspect", "-secret", "wrong", tok}, code: 0},
			{args: []string{"inspect", "-json", "-secret", "wrong", tok}, code: 1},
			{args: []string{"inspect", "a.b"}, code: 1},
			{args: []string{"inspect", "-json", "-"}, code: 2},
		}},
		{[]string{"verify", "-h"}, []invocation{
			{args: []string{"verify", "-secret", secret, tok}, code: 0},
			{args: []string{"verify", "-secret", "wrong", tok}, code: 1},
			{args: []string{"verify", "-secret", secret, "a.b"}, code: 1},
			{args: []string{"verify", "-secret", secret, "-"}, code: 2},
		}},
		{[]string{"sign", "-h"}, []invocation{
			{args: []string{"sign", "-secret", secret, "-claims", "{}"}, code: 0},
			{args: []string{"sign", "-secret", secret, "-claims", "{}"}, code: 1, full: true},
			{args: []string{"sign", "-secret", "s3cret", "-alg", "RS256", "-claims", "{}"}, code: 2},
		}},
		{[]string{"nginx-config", "-h"}, []invocation{
			{args: []string{"nginx-config"}, code: 0},
			{args: []string{"nginx-config", "-out", filepath.Join(dir, "missing", "nginx.conf")}, code: 1},
			{args: []string{"nginx-config", "-out", dir}, code: 2},
		}},
		{[]string{"keygen", "-h"}, []invocation{
			{args: []string{"keygen"}, code: 0},
			{args: []string{"keygen"}, code: 1, full: true},
			{args: []string{"keygen", "-bytes", "1"}, code: 2},
		}},
	} {
		t.Run(strings.Join(tc.help, " "), func(t *testing.T) {
			status, help, _ := runCLI(t, "", tc.help...)
			documented := exitCodes(help)
			if status != 0 || documented == nil {
				t.Fatalf("jwtlab %s = %d, stdout %q; want 0 and an Exit status paragraph", strings.Join(tc.help, " "), status, help)
			}
			var seen []int
			for _, r := range tc.runs {
				var out io.Writer = &bytes.Buffer{}
				if r.full {
					out = fullWriter{}
				}
				var errOut bytes.Buffer
				err := run(context.Background(), r.args, func(string) string { return "" }, strings.NewReader(r.stdin), out, &errOut)
				code := exitStatus(err, &errOut)
				if code != r.code {
					t.Errorf("jwtlab %q = %d (%q); want %d", r.args, code, errOut.String(), r.code)
				}
				if !slices.Contains(documented, code) {
					t.Errorf("jwtlab %q = %d, which jwtlab %s does not name (it names %v)", r.args, code, strings.Join(tc.help, " "), documented)
				}
				seen = append(seen, code)
			}
			for _, c := range documented {
				if !slices.Contains(seen, c) {
					t.Errorf("jwtlab %s names exit status %d, which no case answers with", strings.Join(tc.help, " "), c)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Errorf("users list created the database it refused")
	}
}

// exitCodes are the codes an "Exit status:" paragraph names: "0 ...,
// 1 ..., 2 ...", to the next blank line or flag; nil without one.
func exitCodes(help string) []int {
	_, para, ok := strings.Cut(help, "Exit status:")
	if !ok {
		return nil
	}
	if i := strings.Index(para, "\n\n"); i >= 0 {
		para = para[:i]
	}
	if i := strings.Index(para, "\n  -"); i >= 0 {
		para = para[:i]
	}
	codes := []int{}
	for _, m := range regexp.MustCompile(`(?:^ |, )(\d) `).FindAllStringSubmatch(strings.ReplaceAll(para, "\n", " "), -1) {
		codes = append(codes, int(m[1][0]-'0'))
	}
	return codes
}

// TestMistakesExitTwo: a malformed -addr, a directory given as a
// database, a lesson that is not there and a "-" on an empty stdin are
// mistakes in the command line: one line naming the command, exit
// status 2, before anything is opened.
func TestMistakesExitTwo(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "-addr", "bogus"}, `jwtlab serve: -addr "bogus": want HOST:PORT, such as 127.0.0.1:8000 (port 0 picks a free port)`},
		{[]string{"serve", "-addr", "127.0.0.1:99999"}, `jwtlab serve: -addr "127.0.0.1:99999": port "99999": want a number from 0 to 65535`},
		{[]string{"serve", "-db", dir}, `jwtlab serve: -db "` + dir + `" is a directory: give a SQLite file in it, or a postgres:// URL`},
		{[]string{"users", "list", "-db", dir}, `jwtlab users list: -db "` + dir + `" is a directory: give a SQLite file in it, or a postgres:// URL`},
		{[]string{"users", "add", "-username", "a", "-db", dir}, `jwtlab users add: -db "` + dir + `" is a directory: give a SQLite file in it, or a postgres:// URL`},
		{[]string{"users", "flush", "-db", dir}, `jwtlab users flush: -db "` + dir + `" is a directory: give a SQLite file in it, or a postgres:// URL`},
		{[]string{"users", "import-django", "-from", dir, "-db", filepath.Join(dir, "new.db")}, `jwtlab users import-django: -from "` + dir + `" is a directory: give a SQLite file in it, or a postgres:// URL`},
		{[]string{"learn", "99"}, `jwtlab learn: no such lesson: "99" (run jwtlab learn for the list)`},
		{[]string{"verify", "-secret", "s", "-"}, "jwtlab verify: - reads the token from stdin, which is empty"},
		{[]string{"inspect", "-json", "-"}, "jwtlab inspect: - reads the token from stdin, which is empty"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tc.args...)
			if code != 2 || stderr != tc.want+"\n" || stdout != "" {
				t.Errorf("jwtlab %q: status %d, stderr %q, stdout %q; want 2, %q, nothing", tc.args, code, stderr, stdout, tc.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a refused command created %v", entries)
	}
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestNginxConfig(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nginx.conf")
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantOut    string // in stdout, or in the -out file
		wantErr    string // in the one-line error
	}{
		{name: "defaults go to stdout", args: []string{"nginx-config"}, wantOut: "server 127.0.0.1:8000 max_fails=2 fail_timeout=5s;"},
		{name: "several upstreams", args: []string{"nginx-config", "-upstream", "127.0.0.1:8001,127.0.0.1:8002"},
			wantOut: "server 127.0.0.1:8001 max_fails=2 fail_timeout=5s;\n        server 127.0.0.1:8002 max_fails=2 fail_timeout=5s;"},
		{name: "flags reach the config", args: []string{"nginx-config", "-upstream", "127.0.0.1:9000", "-listen", "127.0.0.1:9090", "-token-rate", "7"},
			wantOut: "rate=7r/s;"},
		{name: "-out writes the file", args: []string{"nginx-config", "-out", out, "-prefix", "/srv/n"}, wantOut: `pid "/srv/n/nginx.pid";`},
		{name: "spaces around upstreams are dropped", args: []string{"nginx-config", "-upstream", " 127.0.0.1:8001 , 127.0.0.1:8002"},
			wantOut: "server 127.0.0.1:8001 max_fails=2 fail_timeout=5s;\n        server 127.0.0.1:8002 max_fails=2 fail_timeout=5s;"},
		{name: "an empty upstream between two is refused", args: []string{"nginx-config", "-upstream", "127.0.0.1:8000,,127.0.0.1:8001"}, wantStatus: 2,
			wantErr: `jwtlab nginx-config: -upstream "127.0.0.1:8000,,127.0.0.1:8001" has an empty entry: give HOST:PORT[,HOST:PORT...]`},
		{name: "an empty upstream at the end is refused", args: []string{"nginx-config", "-upstream", "127.0.0.1:8000,"}, wantStatus: 2, wantErr: "has an empty entry"},
		{name: "no upstream is refused", args: []string{"nginx-config", "-upstream", ""}, wantStatus: 2, wantErr: "has an empty entry"},
		{name: "an upstream without a port is refused", args: []string{"nginx-config", "-upstream", "127.0.0.1"}, wantStatus: 2, wantErr: `upstream "127.0.0.1": want HOST:PORT`},
		{name: "a relative prefix is refused", args: []string{"nginx-config", "-prefix", "run"}, wantStatus: 2, wantErr: "want an absolute directory"},
		{name: "a zero rate is refused", args: []string{"nginx-config", "-token-rate", "0"}, wantStatus: 2, wantErr: "at least 1"},
		{name: "a zero burst is refused", args: []string{"nginx-config", "-token-burst", "0"}, wantStatus: 2, wantErr: "at least 1"},
		{name: "-token-hold holds logins past the burst", args: []string{"nginx-config", "-token-hold", "54"},
			wantOut: "limit_req zone=token_obtain burst=64 delay=10;"},
		{name: "a negative hold is refused", args: []string{"nginx-config", "-token-hold", "-1"}, wantStatus: 2, wantErr: "-token-hold must not be negative"},
		{name: "an argument is a usage error", args: []string{"nginx-config", "extra"}, wantStatus: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, stdout, stderr := runCLI(t, "", tt.args...)
			if status != tt.wantStatus {
				t.Fatalf("run(%q) exit = %d; want %d (stderr %q)", tt.args, status, tt.wantStatus, stderr)
			}
			if tt.wantErr != "" {
				if msg := stderr; !strings.Contains(msg, tt.wantErr) || strings.Count(msg, "\n") != 1 {
					t.Errorf("run(%q) stderr = %q; want one line containing %q", tt.args, msg, tt.wantErr)
				}
			}
			if tt.wantOut == "" {
				return
			}
			got := stdout
			if i := slices.Index(tt.args, "-out"); i >= 0 {
				b, err := os.ReadFile(tt.args[i+1])
				if err != nil {
					t.Fatal(err)
				}
				got = string(b)
			}
			if !strings.Contains(got, tt.wantOut) {
				t.Errorf("run(%q) config lacks %q", tt.args, tt.wantOut)
			}
		})
	}
}

// TestReplaceFile: -out replaces its file all or nothing. A write that
// fails part way (a full disk) leaves the old file as it was, mode and
// all, and no temporary file behind; a success keeps the old file's
// mode, and a new file is 0644.
func TestReplaceFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	err := replaceFile(name, func(w io.Writer) error {
		io.WriteString(w, "half a con")
		return full
	})
	if !errors.Is(err, full) || !strings.Contains(err.Error(), name) {
		t.Errorf("replaceFile with a failing write = %v; want the write's error, naming %s", err, name)
	}
	check := func(name, want string, mode os.FileMode) {
		t.Helper()
		b, err := os.ReadFile(name)
		st, _ := os.Stat(name)
		if err != nil || string(b) != want || st.Mode().Perm() != mode {
			t.Errorf("%s holds %q (%v), mode %v; want %q, mode %v", name, b, err, st.Mode().Perm(), want, mode)
		}
	}
	check(name, "old", 0o600)
	if err := replaceFile(name, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	check(name, "new", 0o600)
	fresh := filepath.Join(dir, "fresh.conf")
	if err := replaceFile(fresh, func(w io.Writer) error { _, err := io.WriteString(w, "fresh"); return err }); err != nil {
		t.Fatal(err)
	}
	check(fresh, "fresh", 0o644)
	// A symbolic link stays one; the file it names is replaced.
	link := filepath.Join(dir, "link.conf")
	if err := os.Symlink(name, link); err != nil {
		t.Fatal(err)
	}
	if err := replaceFile(link, func(w io.Writer) error { _, err := io.WriteString(w, "linked"); return err }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("replaceFile through a symbolic link replaced the link: %v, %v", st.Mode(), err)
	}
	check(name, "linked", 0o600)
	// A directory is refused, and left empty.
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := replaceFile(sub, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err == nil || err.Error() != fmt.Sprintf("%q is a directory", sub) {
		t.Errorf("replaceFile(DIR) = %v; want an error saying it is a directory", err)
	}
	// The command says so before it renders anything: a flag mistake.
	status, _, stderr := runCLI(t, "", "nginx-config", "-out", sub)
	if want := fmt.Sprintf("jwtlab nginx-config: -out %q is a directory: give a file in it\n", sub); status != 2 || stderr != want {
		t.Errorf("nginx-config -out DIR = %d, %q; want 2, %q", status, stderr, want)
	}
	for _, d := range []string{dir, sub} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("a temporary file is left behind: %s", filepath.Join(d, e.Name()))
			}
		}
	}
}

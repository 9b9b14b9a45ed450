package main

import (
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

package nginx

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jwtlab/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name   string
		golden string
		cfg    Config
	}{
		{"absolute prefix and defaults", "prefix.conf.golden",
			Config{Upstreams: []string{"127.0.0.1:8000"}, Listen: "127.0.0.1:8080", Prefix: "/srv/jwtlab-nginx"}},
		{"relative to nginx -p, IPv6 and a raised rate", "relative.conf.golden",
			Config{Upstreams: []string{"[::1]:8000"}, Listen: "localhost:8080", TokenRate: 50, TokenBurst: 100}},
		{"two instances", "cluster.conf.golden",
			Config{Upstreams: []string{"127.0.0.1:8001", "127.0.0.1:8002"}, Listen: "127.0.0.1:8080", Prefix: "/srv/jwtlab-nginx"}},
		{"a prefix with a space, quoted in the suggested command", "prefix-space.conf.golden",
			Config{Upstreams: []string{"127.0.0.1:8000"}, Listen: "127.0.0.1:8080", Prefix: "/srv/with space"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := Render(&got, tt.cfg); err != nil {
				t.Fatalf("Render(%+v) = %v; want nil", tt.cfg, err)
			}
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("Render(%+v) differs from %s (run go test -update if intended):\n%s", tt.cfg, path, got.String())
			}
		})
	}
}

// TestRenderUsesInputs guards against a golden file that was updated
// blindly: the values given must appear where nginx reads them.
func TestRenderUsesInputs(t *testing.T) {
	var b bytes.Buffer
	cfg := Config{Upstreams: []string{"10.1.2.3:9000", "10.1.2.4:9001"}, Listen: "127.0.0.2:9090", Prefix: "/tmp/p x", TokenRate: 7, TokenBurst: 3}
	if err := Render(&b, cfg); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"server 10.1.2.3:9000 max_fails=2 fail_timeout=5s;",
		"server 10.1.2.4:9001 max_fails=2 fail_timeout=5s;",
		"proxy_next_upstream error timeout;",
		"listen 127.0.0.2:9090;",
		`pid "/tmp/p x/nginx.pid";`,
		`client_body_temp_path "/tmp/p x/client_body_temp";`,
		"rate=7r/s;",
		"burst=3 nodelay;",
		"proxy_set_header X-Forwarded-For $remote_addr;",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Render(%+v) lacks %q", cfg, want)
		}
	}
	for line := range strings.Lines(b.String()) {
		if d := strings.TrimSpace(line); strings.HasPrefix(d, "proxy_next_upstream ") && strings.Contains(d, "non_idempotent") {
			t.Errorf("Render(%+v) retries POSTs that reached an instance; want them never passed on", cfg)
		}
	}
	if strings.Contains(b.String(), "X-Forwarded-For $proxy_add_x_forwarded_for") {
		t.Errorf("Render(%+v) appends to X-Forwarded-For; want it overwritten", cfg)
	}

	// With a hold, limit_req's burst is the burst plus the hold, and only
	// the burst passes without waiting.
	b.Reset()
	cfg.TokenHold = 11
	if err := Render(&b, cfg); err != nil {
		t.Fatal(err)
	}
	if want := "limit_req zone=token_obtain burst=14 delay=3;"; !strings.Contains(b.String(), want) {
		t.Errorf("Render(%+v) lacks %q", cfg, want)
	}
	if strings.Contains(b.String(), "nodelay") {
		t.Errorf("Render(%+v) still answers past the burst at once (nodelay)", cfg)
	}
}

// TestSuggestedCommandPastes: the nginx command lines the header's
// comments suggest, pasted into a shell, give nginx the prefix and the
// error log as one argument each, whatever the prefix holds that a
// prefix may (spaces, &, parentheses, *, !, # and redirections).
func TestSuggestedCommandPastes(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skipf("no sh: %v", err)
	}
	for _, prefix := range []string{"/srv/jwtlab-nginx", "/tmp/with space", "/tmp/a&b (c) *!~#|<>"} {
		var b bytes.Buffer
		if err := Render(&b, Config{Upstreams: []string{"127.0.0.1:8000"}, Listen: "127.0.0.1:8080", Prefix: prefix}); err != nil {
			t.Fatal(err)
		}
		conf := b.String()
		_, run, ok := strings.Cut(conf, "\n#   nginx ")
		run, _, _ = strings.Cut(run, "\n")
		_, e, ok2 := strings.Cut(conf, "(add `-e ")
		e, _, _ = strings.Cut(e, "`")
		if !ok || !ok2 {
			t.Fatalf("Render(prefix %q) has no suggested command:\n%s", prefix, conf)
		}
		// printf stands for nginx: it prints each argument on a line.
		out, err := exec.Command(sh, "-c", `printf '%s\n' `+run+" -e "+e).Output()
		if err != nil {
			t.Fatalf("sh -c %q: %v", run, err)
		}
		got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
		want := []string{"-p", prefix, "-c", "FILE", "-g", "daemon off;", "-e", prefix + "/error.log"}
		if !slices.Equal(got, want) {
			t.Errorf("the command Render(prefix %q) suggests, %q, passes %q; want %q", prefix, run+" -e "+e, got, want)
		}
	}
}

func TestShellWord(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/srv/jwtlab-nginx", "/srv/jwtlab-nginx"},
		{"/tmp/with space", "'/tmp/with space'"},
		{"it's", `'it'\''s'`},
		{"", "''"},
		{"$HOME", "'$HOME'"},
	} {
		if got := shellWord(tc.in); got != tc.want {
			t.Errorf("shellWord(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenderRejects(t *testing.T) {
	ok := Config{Upstreams: []string{"127.0.0.1:8000"}, Listen: "127.0.0.1:8080"}
	tests := []struct {
		name string
		edit func(*Config)
		want error
	}{
		{"an upstream without a port", func(c *Config) { c.Upstreams = []string{"127.0.0.1"} }, ErrBadAddress},
		{"an empty upstream", func(c *Config) { c.Upstreams = []string{""} }, ErrBadAddress},
		{"a port out of range", func(c *Config) { c.Listen = "127.0.0.1:65536" }, ErrBadAddress},
		{"port zero, which nginx cannot bind", func(c *Config) { c.Listen = "127.0.0.1:0" }, ErrBadAddress},
		{"a port name", func(c *Config) { c.Listen = "127.0.0.1:http" }, ErrBadAddress},
		{"an empty host", func(c *Config) { c.Listen = ":8080" }, ErrBadAddress},
		{"a host with a semicolon", func(c *Config) { c.Upstreams = []string{"a;b:8000"} }, ErrBadAddress},
		{"a host with a space", func(c *Config) { c.Upstreams = []string{"a b:8000"} }, ErrBadAddress},
		{"an unbracketed IPv6 address", func(c *Config) { c.Upstreams = []string{"::1:8000"} }, ErrBadAddress},
		{"a label starting with a hyphen", func(c *Config) { c.Upstreams = []string{"-a.example:8000"} }, ErrBadAddress},
		{"listen equal to upstream", func(c *Config) { c.Listen = c.Upstreams[0] }, ErrBadAddress},
		{"listen equal to the second upstream", func(c *Config) { c.Upstreams = []string{"127.0.0.1:8001", c.Listen} }, ErrBadAddress},
		{"no upstream", func(c *Config) { c.Upstreams = nil }, ErrBadAddress},
		{"an upstream listed twice", func(c *Config) { c.Upstreams = []string{"127.0.0.1:8001", "127.0.0.1:8001"} }, ErrBadAddress},
		{"a bad second upstream", func(c *Config) { c.Upstreams = []string{"127.0.0.1:8001", "127.0.0.1"} }, ErrBadAddress},
		{"a relative prefix", func(c *Config) { c.Prefix = "run/nginx" }, ErrBadPrefix},
		{"a prefix with a quote", func(c *Config) { c.Prefix = `/tmp/a"b` }, ErrBadPrefix},
		{"a prefix with a variable", func(c *Config) { c.Prefix = "/tmp/$host" }, ErrBadPrefix},
		{"a prefix with a newline", func(c *Config) { c.Prefix = "/tmp/a\nb" }, ErrBadPrefix},
		{"a negative rate", func(c *Config) { c.TokenRate = -1 }, ErrBadLimit},
		{"a negative burst", func(c *Config) { c.TokenBurst = -1 }, ErrBadLimit},
		{"a negative hold", func(c *Config) { c.TokenHold = -1 }, ErrBadLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			var b bytes.Buffer
			err := Render(&b, cfg)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Render(%+v) = %v; want %v", cfg, err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Render(%+v) error %q spans lines; want one line", cfg, err)
			}
			if b.Len() != 0 {
				t.Errorf("Render(%+v) wrote %d bytes on error; want none", cfg, b.Len())
			}
		})
	}
}

// writeConf renders cfg into a fresh prefix and returns the prefix and the
// config file's path.
func writeConf(t *testing.T, cfg Config) (prefix, file string) {
	t.Helper()
	prefix = t.TempDir()
	if os.Geteuid() == 0 {
		// nginx started as root runs its workers as nobody, which must
		// reach the temp paths; t.TempDir makes its directories 0700.
		for d := prefix; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	cfg.Prefix = prefix
	var b bytes.Buffer
	if err := Render(&b, cfg); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return prefix, file
}

func TestNginxAcceptsConfig(t *testing.T) {
	bin := testenv.Program(t, "nginx")
	prefix, file := writeConf(t, Config{Upstreams: []string{"127.0.0.1:8000"}, Listen: "127.0.0.1:8080"})
	out, err := exec.Command(bin, "-t", "-p", prefix, "-c", file, "-e", filepath.Join(prefix, "error.log")).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t -p %s -c %s: %v\n%s", prefix, file, err, out)
	}
	if !strings.Contains(string(out), "test is successful") {
		t.Errorf("nginx -t output = %q; want it to report success", out)
	}
}

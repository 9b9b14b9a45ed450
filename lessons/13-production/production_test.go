package production_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	production "jwtlab/lessons/13-production"
	"jwtlab/server"
)

// TestSlowlorisSeesTheTimeout checks the measuring tool both ways: before
// the header timeout fires the connections are held, after it they are not.
func TestSlowlorisSeesTheTimeout(t *testing.T) {
	cfg := server.DevConfig()
	cfg.ReadHeaderTimeout = 500 * time.Millisecond // far from both waits below, so a busy machine cannot blur them
	r, err := production.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	tests := []struct {
		name string
		wait time.Duration
		want int
	}{
		{"well before the timeout all are held", 50 * time.Millisecond, 3},
		{"well after the timeout none are", 1500 * time.Millisecond, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			held, err := production.Slowloris(r.Addr, 3, tt.wait)
			if err != nil || held != tt.want {
				t.Errorf("Slowloris(3 conns, wait %v) = %d, %v; want %d", tt.wait, held, err, tt.want)
			}
		})
	}
}

// get sends GET /api/me/ with an X-Padding header of n bytes on c and
// returns the status code.
func get(t *testing.T, c net.Conn, br *bufio.Reader, n int) int {
	t.Helper()
	// One Write, so the whole request is on the wire at once.
	if _, err := fmt.Fprintf(c, "GET /api/me/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: %s\r\n\r\n", strings.Repeat("a", n)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestProdHeaderLimit: prod's 16 KiB max_header_bytes lets about 20 KiB
// through on a new connection (net/http's 4 KiB "bufio slop"), and up to
// 4 KiB more on a kept-alive one.
func TestProdHeaderLimit(t *testing.T) {
	r, err := production.Start(server.ProdConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	tests := []struct {
		name      string
		keptAlive bool
		n, want   int
	}{
		{"19 KiB on a new connection reaches the handler", false, 19 << 10, http.StatusUnauthorized},
		{"21 KiB on a new connection is refused", false, 21 << 10, http.StatusRequestHeaderFieldsTooLarge},
		{"23 KiB on a kept-alive connection reaches the handler", true, 23 << 10, http.StatusUnauthorized},
		{"25 KiB on a kept-alive connection is refused", true, 25 << 10, http.StatusRequestHeaderFieldsTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", r.Addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			br := bufio.NewReader(c)
			if tt.keptAlive {
				if got := get(t, c, br, 10); got != http.StatusUnauthorized {
					t.Fatalf("first request = %d; want 401", got)
				}
			}
			if got := get(t, c, br, tt.n); got != tt.want {
				t.Errorf("GET with a %d-byte header = %d; want %d", tt.n, got, tt.want)
			}
		})
	}
}

func TestStopTwice(t *testing.T) {
	r, err := production.Start(server.ProdConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Stop(); err != nil {
		t.Errorf("first Stop() = %v", err)
	}
	if err := r.Stop(); err != nil {
		t.Errorf("second Stop() = %v; want nil", err)
	}
}

func TestStartRefusesABadConfig(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.AccessLifetime = 0
	if _, err := production.Start(cfg); err == nil {
		t.Error("Start(config with no access lifetime) = nil error")
	}
}

func TestParseDirectives(t *testing.T) {
	conf := "# top\nhttp {\n    keepalive_timeout 30s; # clients\n    upstream u {\n        keepalive_timeout 60s;\n    }\n    keepalive_timeout 99s;\n}\n"
	got := production.ParseDirectives(conf)
	want := map[string]string{"http/keepalive_timeout": "30s", "http/upstream u/keepalive_timeout": "60s"}
	if len(got) != len(want) {
		t.Fatalf("ParseDirectives = %v; want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("ParseDirectives[%q] = %q; want %q", k, got[k], v)
		}
	}
}

// FuzzParseDirectives: any text, however unbalanced, parses without a panic,
// and every key ends in a directive name without spaces.
func FuzzParseDirectives(f *testing.F) {
	f.Add("http {\n a b;\n}\n")
	f.Add("}}}\n{\n;")
	f.Fuzz(func(t *testing.T, conf string) {
		for k := range production.ParseDirectives(conf) {
			name := k[strings.LastIndexByte(k, '/')+1:]
			if strings.ContainsAny(name, " \t") {
				t.Fatalf("key %q ends in a name with a space", k)
			}
		}
	})
}

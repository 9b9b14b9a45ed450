package production_test

import (
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

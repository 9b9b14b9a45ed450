package server

import "testing"

func TestHostAllowed(t *testing.T) {
	dev := devAllowedHosts()
	for _, tc := range []struct {
		host    string
		allowed []string
		want    bool
	}{
		{"127.0.0.1:8000", dev, true},
		{"localhost:8000", dev, true},
		{"LOCALHOST", dev, true},
		{"api.localhost:8000", dev, true}, // ".localhost" takes subdomains
		{"[::1]:8000", dev, true},
		{"attacker.example", dev, false},
		{"localhost.attacker.example", dev, false},
		{"127.0.0.2", dev, false},
		{"", dev, false},
		{"localhost:8000:80", dev, false},
		{"local host", dev, false},
		{"api.example.com.", []string{"api.example.com"}, true}, // trailing dot dropped
		{"x.api.example.com", []string{"api.example.com"}, false},
		{"x.example.com", []string{".example.com"}, true},
		{"example.com", []string{".example.com"}, true},
		{"badexample.com", []string{".example.com"}, false},
		{"anything.test:1", []string{"*"}, true},
		{"under_score.test", []string{"*"}, false}, // not a valid host even for *
	} {
		if got := hostAllowed(tc.host, tc.allowed); got != tc.want {
			t.Errorf("hostAllowed(%q, %q) = %v; want %v", tc.host, tc.allowed, got, tc.want)
		}
	}
}

// TestDevConfigsDoNotShareHosts: editing one dev config's hosts leaves the
// next one's alone.
func TestDevConfigsDoNotShareHosts(t *testing.T) {
	a := DevConfig()
	a.AllowedHosts[0] = "evil.example"
	if b := DevConfig(); b.AllowedHosts[0] != ".localhost" {
		t.Errorf("a second DevConfig's hosts = %v after editing the first's; want its own", b.AllowedHosts)
	}
}

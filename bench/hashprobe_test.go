package bench

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

// TestHashProbe: the probe prints one line, the median hash time in ms,
// which the bench parses; zero rounds is an error, not a division.
func TestHashProbe(t *testing.T) {
	var buf bytes.Buffer
	if err := HashProbe(&buf, 3); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^hash_ms=([0-9]+\.[0-9]{2})\n$`).FindStringSubmatch(buf.String())
	if m == nil {
		t.Fatalf("probe printed %q; want hash_ms=<ms>", buf.String())
	}
	if ms, _ := strconv.ParseFloat(m[1], 64); ms <= 0 {
		t.Errorf("probe measured %v ms; want a positive time", ms)
	}
	if err := HashProbe(&buf, 0); err == nil {
		t.Error("HashProbe with 0 rounds: no error")
	}
}

// TestHashLimitNotes: obtain rows of jwtlab servers are held to the
// limit, and no other row is.
func TestHashLimitNotes(t *testing.T) {
	h := &HashLimit{MS: 20, Cores: 2, Targets: []string{"prod"}}
	if got := h.PerSecond(); got != 100 {
		t.Errorf("PerSecond = %v; want 100 (2 cores at 20 ms a hash)", got)
	}
	n, ok := h.note(Result{Target: "prod", Scenario: "obtain", RPS: 90, Success: 0.5})
	if want := "- hash limit, prod/obtain: 45.0 ok/s = 0.45 x the 100.0 logins/s that 2 core(s) at 20.0 ms of CPU an argon2id hash allow"; !ok || n != want {
		t.Errorf("note = %q, %v; want %q", n, ok, want)
	}
	for _, r := range []Result{{Target: "django-prod", Scenario: "obtain"}, {Target: "prod", Scenario: "me"}} {
		if n, ok := h.note(r); ok {
			t.Errorf("note for %s/%s = %q; want none", r.Target, r.Scenario, n)
		}
	}
	if _, ok := (*HashLimit)(nil).note(Result{Target: "prod", Scenario: "obtain"}); ok {
		t.Error("a run without a probe noted a limit")
	}
}

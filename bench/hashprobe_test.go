package bench

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
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
	if want := "- hash limit, prod/obtain: 45.0 ok/s = 0.45 x the 100.0 logins/s that 2 core(s) at 20.0 ms of CPU an argon2id hash (probed before the attacks) allow"; !ok || n != want {
		t.Errorf("note = %q, %v; want %q", n, ok, want)
	}
	// A row probed around its own attack is held to that figure.
	n, ok = h.note(Result{Target: "prod", Scenario: "obtain", RPS: 90, Success: 0.5, HashMS: 40})
	if want := "- hash limit, prod/obtain: 45.0 ok/s = 0.90 x the 50.0 logins/s that 2 core(s) at 40.0 ms of CPU an argon2id hash (probed around this attack) allow"; !ok || n != want {
		t.Errorf("note = %q, %v; want %q", n, ok, want)
	}
	// A row nginx mostly refused measures nginx: no fraction of the limit.
	throttled := Result{Target: "prod", Scenario: "obtain", RPS: 20000, Requests: 100000, Success: 0.0002,
		StatusCodes: map[string]int{"200": 20, "429": 99980}, HashMS: 20}
	if n, ok := h.note(throttled); !ok || !strings.Contains(n, "not held to it: most logins were refused") {
		t.Errorf("note for a throttled row = %q, %v; want it not held to the limit", n, ok)
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

// TestHashProbedAroundEachObtain: the real program probes before and
// after an attack and gives the obtain rows the mean; a probe that fails
// leaves the rows alone and the attack's own error stands.
func TestHashProbedAroundEachObtain(t *testing.T) {
	exe := jwtlabBinary(t)
	h := &HashLimit{MS: 20, Cores: 1, Targets: []string{"prod"}}
	attacked := 0
	attack := func() ([]Result, error) {
		attacked++
		return []Result{{Target: "prod", Scenario: "obtain"}, {Target: "prod", Scenario: "me"}}, nil
	}
	res, err := h.around(context.Background(), exe, pin(false), attack)
	if err != nil || attacked != 1 {
		t.Fatalf("around = %v after %d attacks; want nil after 1", err, attacked)
	}
	if res[0].HashMS <= 0 || res[1].HashMS != 0 {
		t.Errorf("HashMS of obtain, me = %v, %v; want a positive time, then 0", res[0].HashMS, res[1].HashMS)
	}
	failed := errors.New("attack failed")
	res, err = h.around(context.Background(), filepath.Join(t.TempDir(), "missing"), pin(false), func() ([]Result, error) {
		return []Result{{Target: "prod", Scenario: "obtain"}}, failed
	})
	if !errors.Is(err, failed) || res[0].HashMS != 0 {
		t.Errorf("around with no probe = %v, HashMS %v; want the attack's error and 0", err, res[0].HashMS)
	}
}

package main

import (
	"fmt"
	"strings"
	"testing"

	"jwtlab/bench"
)

// Every case fails before a child is started: in a test, the running
// binary is the test binary, which must never be re-executed as a target.
func TestBenchRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
		code int
	}{
		{"an unknown target", []string{"bench", "-targets", "floor,nope"}, `unknown target "nope"`, 2},
		{"an unknown scenario", []string{"bench", "-targets", "floor", "-scenarios", "me,nope"}, `unknown scenario "nope"`, 2},
		{"an unknown mode", []string{"bench", "-targets", "floor", "-mode", "fast"}, `mode "fast"`, 2},
		{"a rate that is not a number", []string{"bench", "-targets", "floor", "-rates", "10,x"}, `"x" is not a positive number`, 2},
		{"an unknown peer", []string{"bench", "-targets", "floor", "-peers", "rails"}, `unknown peer "rails"`, 2},
		{"a target without a URL", []string{"bench", "-target", "mine"}, "want name=http://HOST:PORT", 2},
		{"a stray argument", []string{"bench", "-targets", "floor", "extra"}, `unexpected argument "extra"`, 2},
		{"zero workers", []string{"bench", "-targets", "floor", "-workers", "0"}, "workers must be positive", 2},
		{"a negative duration", []string{"bench", "-targets", "floor", "-duration", "-1s"}, "duration and workers must be positive", 2},
		{"a zero SLO", []string{"bench", "-targets", "floor", "-slo", "0"}, "the SLO must be positive, not 0s", 2},
		{"a negative flood rate", []string{"bench", "-targets", "floor", "-flood-rate", "-1"}, "negative flood rate", 2},
		{"a bad value with an unknown target", []string{"bench", "-targets", "nope", "-mode", "fast"}, `mode "fast"`, 2},
		{"cluster without PostgreSQL", []string{"bench", "-targets", "cluster", "-postgres", ""}, "cluster: no PostgreSQL: give -postgres URL", 1},
		{"prod-pg on a URL that is not PostgreSQL's", []string{"bench", "-targets", "prod-pg", "-postgres", "mysql://h/db"}, "prod-pg: -postgres: want a postgres:// URL", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("jwtlab %s = exit %d, stderr %q; want exit %d with %q", strings.Join(tt.args, " "), code, stderr, tt.code, tt.want)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n > 0 {
				t.Errorf("stderr has %d lines; want one:\n%s", n+1, stderr)
			}
		})
	}
}

func TestBenchRecordsNoPassword(t *testing.T) {
	for _, tc := range []struct{ in, want []string }{
		{[]string{"-postgres", "postgres://u:secret@h/db?sslmode=disable"}, []string{"-postgres", "postgres://u:xxxxx@h/db?sslmode=disable"}},
		{[]string{"-postgres=postgres://u:secret@h/db"}, []string{"-postgres=postgres://u:xxxxx@h/db"}},
		{[]string{"-targets", "floor,prod", "-target", "x=http://h:1"}, []string{"-targets", "floor,prod", "-target", "x=http://h:1"}},
		{[]string{"-postgres", "postgres://u@h/db"}, []string{"-postgres", "postgres://u@h/db"}},
	} {
		got := redactArgs(tc.in)
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("redactArgs(%q) = %q; want %q", tc.in, got, tc.want)
		}
		for _, a := range got {
			if strings.Contains(a, "secret") {
				t.Errorf("redactArgs(%q) keeps the password: %q", tc.in, a)
			}
		}
	}
}

// TestBenchHidesInternalFlags: -h leaves out the flags only bench's own
// children are run with (-serve-floor, -addr, -hash-probe), and shows
// each flag's declared default even after a flag before -h; the hidden
// flags still parse and work.
func TestBenchHidesInternalFlags(t *testing.T) {
	status, help, errOut := runCLI(t, "", "bench", "-workers", "7", "-h")
	if status != 0 || errOut != "" || !strings.Contains(help, "\n  -targets string\n") {
		t.Fatalf("jwtlab bench -h = %d, stdout %q, stderr %q; want 0 and the flags on stdout", status, help, errOut)
	}
	for _, hidden := range []string{"-serve-floor", "-addr", "-hash-probe", "internal:"} {
		if strings.Contains(help, hidden) {
			t.Errorf("jwtlab bench -h shows %s:\n%s", hidden, help)
		}
	}
	if want := fmt.Sprintf("(default %d)", bench.DefaultWorkers); !strings.Contains(help, want) {
		t.Errorf("jwtlab bench -workers 7 -h does not show -workers %s:\n%s", want, help)
	}
	var out string
	// What bench/hashprobe.go runs; -addr is the floor child's.
	status, out, errOut = runCLI(t, "", "bench", "-hash-probe", "1", "-addr", "127.0.0.1:0")
	if status != 0 || !strings.HasPrefix(out, "hash_ms=") {
		t.Errorf("jwtlab bench -hash-probe 1 = %d, stdout %q, stderr %q; want 0 and hash_ms=", status, out, errOut)
	}
	if status, _, errOut := runCLI(t, "", "bench", "-serve-floor=maybe"); status != 2 || !strings.Contains(errOut, "-serve-floor") {
		t.Errorf("jwtlab bench -serve-floor=maybe = %d, %q; want 2: -serve-floor is still a bool flag", status, errOut)
	}
}

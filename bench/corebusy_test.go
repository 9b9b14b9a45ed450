package bench

import (
	"strings"
	"testing"
)

// Two readings of a machine's /proc/stat (proc(5)): cpu0 the server's,
// cpu1 the attacker's.
const (
	statBefore = `cpu  400 0 300 1000 50 0 10 0 0 0
cpu0 100 0 100 500 40 0 5 0 0 0
cpu1 300 0 200 500 10 0 5 0 0 0
intr 12345
`
	// cpu0: 70 busy ticks, 20 idle, 10 waiting for I/O; cpu1: 99 busy, 1 idle.
	statAfter = `cpu  569 0 330 1021 60 0 20 0 0 0
cpu0 150 0 120 520 50 0 5 0 0 0
cpu1 369 0 215 501 10 0 15 0 0 0
`
)

func TestCoreBusyCountsIOWaitAsIdle(t *testing.T) {
	before, err := parseCoreTimes(strings.NewReader(statBefore), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	after, err := parseCoreTimes(strings.NewReader(statAfter), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := busyPercent(before, after, 0); got != 70 {
		t.Errorf("server core busy = %v%%; want 70 (70 of 100 ticks; the 10 in iowait are idle)", got)
	}
	if got := busyPercent(before, after, 1); got != 99 {
		t.Errorf("attacker core busy = %v%%; want 99", got)
	}
	if _, err := parseCoreTimes(strings.NewReader(statBefore), 0, 7); err == nil {
		t.Error("a CPU missing from /proc/stat was not an error")
	}
	if _, err := parseCoreTimes(strings.NewReader("cpu0 1 x 3 4 5 6 7\n"), 0); err == nil {
		t.Error("a malformed count was not an error")
	}
}

func TestBottleneckNoteNamesAttackerBoundRows(t *testing.T) {
	rs := []Result{
		{Target: "floor", Scenario: "me", Mode: "max", ServerCoreBusy: 70, AttackerCoreBusy: 100},
		{Target: "prod", Scenario: "refresh", Mode: "max", ServerCoreBusy: 95, AttackerCoreBusy: 73},
		{Target: "prod", Scenario: "flood/me", Mode: "rate", ServerCoreBusy: 95, AttackerCoreBusy: 99},
	}
	n, ok := bottleneckNote(rs)
	if !ok || !strings.Contains(n, "floor/me (100%, server 70%)") || strings.Contains(n, "refresh") || strings.Contains(n, "flood") {
		t.Errorf("note = %q; want floor/me alone: refresh is the server's, an open loop sets its own pace", n)
	}
	if _, ok := bottleneckNote(rs[1:]); ok {
		t.Error("a run with no attacker-bound closed loop got the note")
	}
}

func TestServerMicrosPerOKIsBusyTimeOverAnswers(t *testing.T) {
	r := Result{Mode: "max", RPS: 20000, Success: 0.5, ServerCoreBusy: 80}
	if got := r.ServerMicrosPerOK(); got != 80 {
		t.Errorf("80%% busy over 10,000 ok/s = %v µs an answer; want 80", got)
	}
	if got := (Result{Mode: "rate", RPS: 500, Success: 1, ServerCoreBusy: 20}).ServerMicrosPerOK(); got != 0 {
		t.Errorf("an open loop gave %v µs; want none", got)
	}
	if got := (Result{Mode: "max", RPS: 100, Success: 1}).ServerMicrosPerOK(); got != 0 {
		t.Errorf("unmeasured cores gave %v µs; want none", got)
	}
	if got := (Result{Mode: "max", ServerCoreBusy: 50}).ServerMicrosPerOK(); got != 0 {
		t.Errorf("no answers gave %v µs; want none", got)
	}
}

//go:build unix

package django

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// recordedCases is the recording record_cases.py -check compares with.
const recordedCases = "../../../server/testdata/simplejwt-cases.json"

// tunedChange is one row of README.md's table of recorded cases the tuned
// stack answers differently: the case, the setting that changes it, and
// what the tuned answer is.
type tunedChange struct{ name, setting, answer string }

// tunedChangesHeading starts the README section whose table is the list;
// the README is the list's one home, and this file reads it from there.
const tunedChangesHeading = "## The recorded cases on the tuned stack"

var tableRow = regexp.MustCompile("^\\| `([a-z0-9_]+)` \\| (.+?) \\| (.+?) \\|$")

// readTunedChanges parses the table under tunedChangesHeading in README.md.
func readTunedChanges(t *testing.T) []tunedChange {
	t.Helper()
	f, err := os.Open("README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []tunedChange
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == tunedChangesHeading:
			in = true
		case in && strings.HasPrefix(line, "## "):
			in = false
		case in && strings.HasPrefix(line, "| `"):
			m := tableRow.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("README.md: table row %q is not | `case` | setting | answer |", line)
			}
			rows = append(rows, tunedChange{m[1], m[2], m[3]})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("README.md has no table under %q", tunedChangesHeading)
	}
	return rows
}

// TestTunedChangesNameRecordedCases checks the README's list without the
// peer: every row names a recorded case, once, with a setting and a reason.
func TestTunedChangesNameRecordedCases(t *testing.T) {
	b, err := os.ReadFile(recordedCases)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct{ Cases []struct{ Name string } }
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range rec.Cases {
		known[c.Name] = true
	}
	seen := map[string]bool{}
	for _, r := range readTunedChanges(t) {
		if !known[r.name] {
			t.Errorf("README.md lists %q, which is not a case in %s", r.name, recordedCases)
		}
		if seen[r.name] {
			t.Errorf("README.md lists %q twice", r.name)
		}
		seen[r.name] = true
		if strings.TrimSpace(r.setting) == "" || strings.TrimSpace(r.answer) == "" {
			t.Errorf("README.md row %q lacks its setting or its answer", r.name)
		}
	}
}

// TestRunTunedAnswersTheRecordedCases replays all recorded simplejwt cases
// against run-tuned.sh (record_cases.py -tuned) and wants each to match the
// recording, except exactly the cases README.md lists as changed by a
// tuned setting: a listed case that matches again fails too, so the list
// stays true.
func TestRunTunedAnswersTheRecordedCases(t *testing.T) {
	requireTuned(t)
	requirePeer(t, "curl")
	if err := exec.Command("/usr/bin/python3", "-c", "import jwt").Run(); err != nil {
		if os.Getenv("JWTLAB_INTEGRATION") == "1" {
			t.Fatal("/usr/bin/python3 lacks PyJWT (JWTLAB_INTEGRATION=1 requires it; run .ci/install-deps)")
		}
		t.Skip("/usr/bin/python3 lacks PyJWT")
	}
	changes := readTunedChanges(t)

	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	// Four stacks start one after another (migrations, two Argon2 hashes
	// each) and 107 requests follow, paced at the logins: 1-3 minutes on
	// a busy 2-core machine; 10 only catches a hang.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "record_cases.py", "-tuned",
		"-o", filepath.Join(dir, "tuned.json"), "-check", recordedCases, "-report", report)
	// SIGINT lets the script's finally stop the stacks it started.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	out, err := cmd.CombinedOutput()
	// Exit 1 means "differences found", which the report then lists;
	// anything else is the replay failing.
	if exit, ok := err.(*exec.ExitError); err != nil && (!ok || exit.ExitCode() != 1) {
		t.Fatalf("record_cases.py -tuned: %v\n%s", err, out)
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("record_cases.py -tuned wrote no report (%v):\n%s", err, out)
	}
	var differ map[string][]string
	if err := json.Unmarshal(b, &differ); err != nil {
		t.Fatal(err)
	}

	listed := map[string]bool{}
	for _, c := range changes {
		listed[c.name] = true
		if _, ok := differ[c.name]; !ok {
			t.Errorf("%s now answers as recorded on the tuned stack; remove it from README.md's list (it said %s changes it)", c.name, c.setting)
		}
	}
	var unlisted []string
	for name := range differ {
		if !listed[name] {
			unlisted = append(unlisted, name)
		}
	}
	slices.Sort(unlisted)
	for _, name := range unlisted {
		t.Errorf("%s differs on the tuned stack (%s) and README.md does not list it", name, strings.Join(differ[name], ", "))
	}
	if t.Failed() {
		t.Logf("record_cases.py -tuned said:\n%s", out)
	}
}

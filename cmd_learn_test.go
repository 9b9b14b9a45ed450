package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jwtlab/lessons"
)

func TestLearn(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantErr  bool
		wantOut  string
		notInOut string
	}{
		{name: "no number lists the lessons", args: []string{"learn"}, wantOut: " 1  Segments"},
		{name: "plain prints the whole lesson", args: []string{"learn", "-plain", "1"}, wantOut: "Next: jwtlab learn 2", notInOut: "[lesson"},
		{name: "-plain after the number, as the issue writes it", args: []string{"learn", "14", "-plain"}, wantOut: "Try it", notInOut: "[lesson"},
		{name: "q leaves after the first screen", args: []string{"learn", "1"}, stdin: "q\n", wantOut: "[lesson 1 · step 1/", notInOut: "Step 2 of"},
		{name: "a number jumps to a step", args: []string{"learn", "1"}, stdin: "3\nq\n", wantOut: "lesson 1 · step 3/"},
		{name: "an unknown lesson fails", args: []string{"learn", "99"}, wantErr: true},
		{name: "two numbers are a usage error", args: []string{"learn", "1", "2"}, wantErr: true},
		{name: "a number and -continue are a usage error", args: []string{"learn", "-continue", "2"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := runJWTLab(tt.stdin, tt.args...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("run(%q) = %v; want error %v (stderr %q)", tt.args, err, tt.wantErr, errOut)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("run(%q) stdout lacks %q:\n%s", tt.args, tt.wantOut, out)
			}
			if tt.notInOut != "" && strings.Contains(out, tt.notInOut) {
				t.Errorf("run(%q) stdout has %q", tt.args, tt.notInOut)
			}
		})
	}
}

// TestLearnListPipedIsWhole: the list, piped, keeps every summary whole:
// only a terminal's width shortens them.
func TestLearnListPipedIsWhole(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runJWTLab("", "learn")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		if !strings.Contains(out, l.Summary) {
			t.Errorf("learn | cat lacks lesson %d's whole summary %q:\n%s", l.Number, l.Summary, out)
		}
	}
}

// TestLearnContinue: a walk remembers where it stopped, the list says so,
// and -continue goes back there; finishing a lesson points at the next.
func TestLearnContinue(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if _, _, err := runJWTLab("", []string{"learn", "-continue"}...); err == nil {
		t.Fatal("learn -continue with nothing remembered = nil error; want one")
	}
	if _, _, err := runJWTLab("3\nq\n", []string{"learn", "3", "q"}...); err == nil {
		t.Fatal("learn 3 q = nil error; want a usage error")
	}
	if _, errOut, err := runJWTLab("3\nq\n", []string{"learn", "3"}...); err != nil {
		t.Fatalf("learn 3 = %v (%s)", err, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "jwtlab", "learn.json")); err != nil {
		t.Errorf("no state file after a walk: %v", err)
	}
	out, _, _ := runJWTLab("", []string{"learn"}...)
	if !strings.Contains(out, "You stopped at lesson 3, step 3") {
		t.Errorf("learn list does not say where the walk stopped:\n%s", out)
	}
	out, errOut, err := runJWTLab("q\n", []string{"learn", "-continue"}...)
	if err != nil {
		t.Fatalf("learn -continue = %v (%s)", err, errOut)
	}
	if !strings.Contains(out, "[lesson 3 · step 3/") || strings.Contains(out, "step 1/") {
		t.Errorf("learn -continue did not start at lesson 3 step 3:\n%s", out)
	}
	// Enter to the end of lesson 3: the next walk starts lesson 4.
	if _, _, err := runJWTLab(strings.Repeat("\n", 300), []string{"learn", "-continue"}...); err != nil {
		t.Fatal(err)
	}
	out, _, _ = runJWTLab("q\n", []string{"learn", "-continue"}...)
	if !strings.Contains(out, "[lesson 4 · step 1/") {
		t.Errorf("after finishing lesson 3, -continue did not start lesson 4:\n%s", out)
	}
}

// TestLearnContinuePrinted: with nobody to press a key (stdin /dev/null,
// stdout not a terminal), -continue prints the lesson from the step the
// last walk stopped at, a step past the end being the last.
func TestLearnContinuePrinted(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	l, err := lessons.Find("1")
	if err != nil {
		t.Fatal(err)
	}
	n := len(l.Steps)
	if err := os.MkdirAll(filepath.Join(dir, "jwtlab"), 0o700); err != nil {
		t.Fatal(err)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for _, tc := range []struct{ saved, from int }{{3, 3}, {999, n}} {
		place := fmt.Sprintf(`{"lesson":1,"step":%d}`, tc.saved)
		if err := os.WriteFile(filepath.Join(dir, "jwtlab", "learn.json"), []byte(place), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"learn", "-continue"}, func(string) string { return "" }, null, &out, &errOut); err != nil {
			t.Fatalf("learn -continue after %s = %v (%s)", place, err, errOut.String())
		}
		for _, want := range []string{fmt.Sprintf("Lesson 1: Segments, from step %d of %d", tc.from, n), fmt.Sprintf("--- Step %d of %d:", tc.from, n)} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("learn -continue after %s lacks %q:\n%s", place, want, out.String())
			}
		}
		if before := fmt.Sprintf("--- Step %d of %d:", tc.from-1, n); strings.Contains(out.String(), before) {
			t.Errorf("learn -continue after %s printed %q, before the saved step", place, before)
		}
	}
}

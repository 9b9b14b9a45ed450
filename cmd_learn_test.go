package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestLearn(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantErr  bool
		wantOut  string
		notInOut string
	}{
		{name: "no number lists the lessons", args: []string{"learn"}, wantOut: " 1  Segments"},
		{name: "plain prints the whole lesson", args: []string{"learn", "-plain", "1"}, wantOut: "Try it", notInOut: "[Enter"},
		{name: "-plain after the number, as the issue writes it", args: []string{"learn", "14", "-plain"}, wantOut: "Try it", notInOut: "[Enter"},
		{name: "q leaves after the first step", args: []string{"learn", "1"}, stdin: "q\n", wantOut: "Step 1 of", notInOut: "Step 2 of"},
		{name: "an unknown lesson fails", args: []string{"learn", "99"}, wantErr: true},
		{name: "two numbers are a usage error", args: []string{"learn", "1", "2"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, func(string) string { return "" }, strings.NewReader(tt.stdin), &out, &errOut)
			if (err != nil) != tt.wantErr {
				t.Fatalf("run(%q) = %v; want error %v (stderr %q)", tt.args, err, tt.wantErr, errOut.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("run(%q) stdout lacks %q:\n%s", tt.args, tt.wantOut, out.String())
			}
			if tt.notInOut != "" && strings.Contains(out.String(), tt.notInOut) {
				t.Errorf("run(%q) stdout has %q", tt.args, tt.notInOut)
			}
		})
	}
}

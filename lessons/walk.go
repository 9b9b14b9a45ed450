package lessons

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// List writes one line per lesson: number, title and summary.
func List(w io.Writer, all []Lesson) {
	for _, l := range all {
		fmt.Fprintf(w, "%2d  %-32s %s\n", l.Number, l.Title, l.Summary)
	}
	fmt.Fprintln(w, "\nRun jwtlab learn N to walk through lesson N (-plain prints it without pauses).")
}

// Walk prints lesson l step by step: each step's prose, its code, then the
// output of running it. With in non-nil it waits after each step for a line:
// empty goes on, "q" stops. With in nil (-plain) it prints everything.
func Walk(w io.Writer, in io.Reader, l Lesson) error {
	var lines *bufio.Scanner
	if in != nil {
		lines = bufio.NewScanner(in)
	}
	fmt.Fprintf(w, "Lesson %d: %s\n%s\n\n%s\n", l.Number, l.Title, strings.Repeat("=", len(l.Title)+10), l.Intro)
	for i, s := range l.Steps {
		fmt.Fprintf(w, "\n--- Step %d of %d: %s ---\n\n%s\n", i+1, len(l.Steps), s.Title, s.Prose)
		if s.Run != nil {
			if s.Decls != "" {
				fmt.Fprintf(w, "\nThe code under study:\n\n%s\n", indent(s.Decls))
			}
			fmt.Fprintf(w, "\nThe step (go test ./lessons/%s -run '^%s$' -v):\n\n%s\n", l.Slug, s.Example, indent(s.Code))
			var out bytes.Buffer
			if err := s.Run(&out); err != nil {
				return fmt.Errorf("lesson %d step %q: %w", l.Number, s.Title, err)
			}
			fmt.Fprintf(w, "\nIts output, just now:\n\n%s\n", indent(out.String()))
		}
		if lines == nil || i == len(l.Steps)-1 {
			continue
		}
		fmt.Fprint(w, "\n[Enter: next step, q then Enter: quit] ")
		if !lines.Scan() || strings.TrimSpace(strings.ToLower(lines.Text())) == "q" {
			fmt.Fprintln(w)
			return lines.Err()
		}
	}
	return nil
}

// indent sets a block of text off by a tab, as go doc shows code.
func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	var b strings.Builder
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + line)
	}
	return b.String()
}

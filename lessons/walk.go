package lessons

import (
	"bufio"
	"bytes"
	"context"
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
// empty goes on, "q" stops; so does cancelling ctx (Ctrl-C), even while
// waiting. With in nil (-plain) it prints everything.
func Walk(ctx context.Context, w io.Writer, in io.Reader, l Lesson) error {
	lines := readLines(in)
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
		select {
		case line, ok := <-lines:
			if !ok || strings.TrimSpace(strings.ToLower(line)) == "q" {
				fmt.Fprintln(w)
				return nil
			}
		case <-ctx.Done():
			fmt.Fprintln(w)
			return nil
		}
	}
	return nil
}

// readLines delivers in's lines on a channel, closed at the end of input,
// so Walk can wait for a line and for ctx at once. The goroutine ends with
// the input; for a terminal that is at exit.
func readLines(in io.Reader) <-chan string {
	if in == nil {
		return nil
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		for sc := bufio.NewScanner(in); sc.Scan(); {
			lines <- sc.Text()
		}
	}()
	return lines
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

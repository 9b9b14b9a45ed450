package lessons

import (
	"bytes"
	"fmt"
	"go/doc/comment"
	"strings"
	"unicode/utf8"
)

// A part is one block of a step: its prose, the code under study, the
// Example, or the output. Parts are what the pager keeps together on a
// screen when they fit.
type part []string

// stepParts renders step i of l at the given width as parts of lines, none
// wider than width (0: no wrapping, for piped output). out is the output of
// running the step.
func stepParts(l Lesson, i int, out string, width, next int) []part {
	s := l.Steps[i]
	var parts []part
	if i == 0 {
		head := fmt.Sprintf("Lesson %d: %s", l.Number, l.Title)
		rule := strings.Repeat("=", utf8.RuneCountInString(head))
		p := part{head, rule, ""}
		parts = append(parts, append(p, prose(l.Intro, width)...))
	}
	title := fmt.Sprintf("--- Step %d of %d: %s ---", i+1, len(l.Steps), s.Title)
	parts = append(parts, append(part{title, ""}, prose(s.Prose, width)...))
	if s.Run != nil {
		if s.Decls != "" {
			parts = append(parts, block("The code under study:", s.Decls, width))
		}
		parts = append(parts, block(fmt.Sprintf("The step (go test ./lessons/%s -run '^%s$' -v):", l.Slug, s.Example), s.Code, width))
		parts = append(parts, block("Its output, just now:", out, width))
	}
	if i == len(l.Steps)-1 {
		if next > 0 {
			parts = append(parts, part{fmt.Sprintf("Next: jwtlab learn %d", next)})
		} else {
			parts = append(parts, part{"That was the last lesson."})
		}
	}
	// Headings and captions are wrapped too: at 40 columns a step's
	// caption ("The step (go test ...)") is longer than a line.
	for i := range parts {
		parts[i] = wrapAll(parts[i], width)
	}
	return parts
}

// prose reflows doc-comment text to width with go/doc/comment, so
// paragraphs rewrap and code blocks keep their lines.
func prose(text string, width int) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if allIndented(text) {
		// go/doc/comment removes an indentation every line shares, so a
		// section that is all code (Try it) would come out as one
		// paragraph: keep its lines as the code block they are.
		return wrap(indent(strings.TrimSpace(dedent(text))), width)
	}
	var p comment.Parser
	pr := comment.Printer{TextWidth: width, TextCodePrefix: "    "}
	if width <= 0 {
		// go/doc/comment treats 0 as its default of 80 columns; piped
		// output keeps a generous width instead of wrapping again.
		pr.TextWidth = 1 << 20
	}
	return wrap(string(bytes.TrimRight(pr.Text(p.Parse(text)), "\n")), width)
}

// allIndented reports whether every line of text that is not blank
// starts with a tab or a space.
func allIndented(text string) bool {
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) != "" && line[0] != '\t' && line[0] != ' ' {
			return false
		}
	}
	return true
}

// dedent removes one leading tab from every line that has one.
func dedent(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}

// block is a caption, a blank line, then text set off by four spaces.
func block(caption, text string, width int) part {
	return append(part{caption, ""}, wrap(indent(text), width)...)
}

// wrap splits text into lines, expands tabs to four spaces (a terminal's
// eight would push code off the screen) and cuts every line longer than
// width, so the pager can count screen rows by counting lines.
func wrap(text string, width int) []string {
	text = strings.TrimRight(text, "\n")
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(strings.ReplaceAll(line, "\t", "    "), " ")
		for width > 0 && utf8.RuneCountInString(line) > width {
			r := []rune(line)
			out = append(out, string(r[:width]))
			line = string(r[width:])
		}
		out = append(out, line)
	}
	return out
}

// paginate packs parts onto screens of at most rows lines. A part that
// fits on the current screen joins it (after a blank line); one that does
// not starts a new screen; one longer than a screen is cut into pieces.
func paginate(parts []part, rows int) [][]string {
	rows = max(rows, 1)
	var pages [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			pages = append(pages, cur)
			cur = nil
		}
	}
	for _, p := range parts {
		need := len(p)
		if len(cur) > 0 {
			need++ // the blank line between parts
		}
		if len(cur)+need > rows {
			flush()
		}
		if len(cur) > 0 {
			cur = append(cur, "")
		}
		for len(p) > rows-len(cur) {
			n := rows - len(cur)
			cur = append(cur, p[:n]...)
			p = p[n:]
			flush()
		}
		cur = append(cur, p...)
	}
	flush()
	return pages
}

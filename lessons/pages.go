package lessons

import (
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
		rule := utf8.RuneCountInString(head)
		if width > 0 {
			rule = min(rule, width)
		}
		p := append(foldText(head, width, 0), strings.Repeat("=", rule), "")
		parts = append(parts, append(p, prose(l.Intro, width)...))
	}
	title := fmt.Sprintf("--- Step %d of %d: %s ---", i+1, len(l.Steps), s.Title)
	parts = append(parts, append(append(foldText(title, width, 0), ""), prose(s.Prose, width)...))
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
	return parts
}

// codeLine starts each line of a code block in go/doc/comment's text, so
// that prose can fold code as code; it is never shown.
const codeLine = "\x00"

// prose reflows doc-comment text to width with go/doc/comment, so
// paragraphs rewrap and code blocks keep their lines (folded, as block
// folds code, where one is wider than the screen).
func prose(text string, width int) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if allIndented(text) {
		// go/doc/comment removes an indentation every line shares, so a
		// section that is all code (Try it) would come out as one
		// paragraph: keep its lines as the code block they are.
		return foldCodeText(indent(strings.TrimSpace(dedent(text))), width)
	}
	var p comment.Parser
	pr := comment.Printer{TextWidth: width, TextCodePrefix: codeLine + "    "}
	if width <= 0 {
		// go/doc/comment treats 0 as its default of 80 columns; piped
		// output is not wrapped at all (a negative width is no limit).
		pr.TextWidth = -1
	}
	var out []string
	for _, line := range lines(string(pr.Text(p.Parse(text)))) {
		if code, ok := strings.CutPrefix(line, codeLine); ok {
			out = append(out, foldCode(code, width)...)
			continue
		}
		// Paragraphs are already wrapped; only a word wider than the
		// screen is left, and a list item's lines keep its indentation.
		out = append(out, foldText(line, width, leading(line))...)
	}
	return out
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
	return append(append(foldText(caption, width, 0), ""), foldCodeText(indent(text), width)...)
}

// lines splits text into lines, expands tabs to four spaces (a terminal's
// eight would push code off the screen) and drops trailing blanks, so
// that a line's length in runes is the columns it takes.
func lines(text string) []string {
	out := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, line := range out {
		out[i] = strings.TrimRight(strings.ReplaceAll(line, "\t", "    "), " ")
	}
	return out
}

// foldCodeText is lines with each code line folded to width.
func foldCodeText(text string, width int) []string {
	var out []string
	for _, line := range lines(text) {
		out = append(out, foldCode(line, width)...)
	}
	return out
}

// contMark starts the rest of a line too long for the screen. It marks
// the continuation rather than the end of the broken line: the broken
// line keeps its text exactly up to the break (a trailing mark could be
// read as its last character, or copied as part of a command), and the
// mark sits under the code it continues, where vim's showbreak puts it.
// Whole lines, for copying, are what learn N -plain | cat prints.
const contMark = "↪ "

// foldCode cuts a line of code or output into lines of at most width
// runes (0: never). It breaks after a space where it can, else after
// punctuation, else inside a word too long for a line; each continuation
// is indented like the line, two more columns and contMark, so that the
// pieces without that prefix join into the line again.
func foldCode(line string, width int) []string {
	r := []rune(line)
	if width <= 0 || len(r) <= width {
		return []string{line}
	}
	ind := leading(line)
	// Deep indentation would leave the rest no room: half the width at most.
	prefix := strings.Repeat(" ", min(ind, max(width/2-4, 0))) + "  " + contMark
	var out []string
	head, room, lo := "", width, ind // the first piece does not break in its indentation
	for len(r) > room {
		k := breakAt(r, room, lo)
		out = append(out, head+string(r[:k]))
		r = r[k:]
		head, room, lo = prefix, max(width-utf8.RuneCountInString(prefix), 1), 0
	}
	return append(out, head+string(r))
}

// breakAt says how many runes of r (longer than room) go on a line of
// room runes, more than lo: after the last space, else after the last
// punctuation, looking first in the line's second half so that a short
// word does not leave a line nearly empty; failing both, room runes.
// A break never leaves a space at the start of the rest.
func breakAt(r []rune, room, lo int) int {
	afterSpace := func(a, b rune) bool { return a == ' ' && b != ' ' }
	afterPunct := func(a, b rune) bool { return strings.ContainsRune(",;.:()[]{}/|&=", a) && b != ' ' }
	for _, from := range []int{max(lo, room/2), lo} {
		for _, ok := range []func(a, b rune) bool{afterSpace, afterPunct} {
			for k := room; k > from; k-- {
				if ok(r[k-1], r[k]) {
					return k
				}
			}
		}
	}
	return room
}

// foldText breaks a line of prose at spaces into lines of at most width
// runes (0: never); the lines after the first are indented by hang
// spaces (at most half the width), as a list item's or a table row's
// text is. A word longer than a line is cut, and its rest marked as
// foldCode marks a continuation.
func foldText(line string, width, hang int) []string {
	r := []rune(line)
	if width <= 0 || len(r) <= width {
		return []string{line}
	}
	pad := strings.Repeat(" ", min(hang, width/2))
	var out []string
	head, lo := "", leading(line)
	for utf8.RuneCountInString(head)+len(r) > width {
		room := max(width-utf8.RuneCountInString(head), 1)
		k := room
		for k > lo && r[k] != ' ' {
			k--
		}
		if k <= lo { // a word wider than the line
			out = append(out, head+string(r[:room]))
			r, head = r[room:], pad+contMark
		} else {
			out = append(out, strings.TrimRight(head+string(r[:k]), " "))
			r, head = []rune(strings.TrimLeft(string(r[k:]), " ")), pad
		}
		lo = 0
	}
	return append(out, head+string(r))
}

// leading counts the spaces a line starts with.
func leading(line string) int {
	return len(line) - len(strings.TrimLeft(line, " "))
}

// A mark is where a screen begins in a step, in terms that do not depend
// on the width: the part, and how many runes of the part's text (not
// counting spaces, which wrapping adds and removes, or continuation marks)
// come before the screen's first line.
type mark struct{ part, at int }

func (m mark) before(o mark) bool {
	return m.part < o.part || (m.part == o.part && m.at < o.at)
}

// paginate packs parts onto screens of at most rows lines. A part that
// fits on the current screen joins it (after a blank line); one that does
// not starts a new screen; one longer than a screen is cut into pieces,
// between lines of the text rather than inside a folded one where that
// leaves the screen at least half full. It also says where each screen
// begins.
func paginate(parts []part, rows int) ([][]string, []mark) {
	rows = max(rows, 1)
	var pages [][]string
	var marks []mark
	var cur []string
	var curMarks []mark // where each line of cur begins
	flush := func() {
		if len(cur) > 0 {
			pages, marks = append(pages, cur), append(marks, curMarks[0])
			cur, curMarks = nil, nil
		}
	}
	for i, p := range parts {
		need := len(p)
		if len(cur) > 0 {
			need++ // the blank line between parts
		}
		if len(cur)+need > rows {
			flush()
		}
		at := mark{part: i}
		if len(cur) > 0 {
			cur, curMarks = append(cur, ""), append(curMarks, at)
		}
		for _, line := range p {
			if len(cur) == rows {
				keep := len(cur)
				if folded(line) {
					for keep > 0 && folded(cur[keep-1]) {
						keep--
					}
					keep-- // and the line's first piece
				}
				if keep < (rows+1)/2 {
					keep = len(cur)
				}
				rest := append([]string(nil), cur[keep:]...)
				restMarks := append([]mark(nil), curMarks[keep:]...)
				cur, curMarks = cur[:keep], curMarks[:keep]
				flush()
				cur, curMarks = rest, restMarks
			}
			cur, curMarks = append(cur, line), append(curMarks, at)
			at.at += textRunes(line)
		}
	}
	flush()
	return pages, marks
}

// folded reports whether line continues the one before it.
func folded(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " "), contMark)
}

// textRunes counts the runes of line that wrapping leaves as they are.
func textRunes(line string) int {
	n := 0
	for _, r := range line {
		if !strings.ContainsRune(contMark, r) { // contMark holds the space too
			n++
		}
	}
	return n
}

// pageAt finds the screen that holds the line at m: the last that begins
// at or before it. After a resize it keeps the line the reader had at the
// top of the screen on the screen, wherever the new wrapping puts it.
func pageAt(marks []mark, m mark) int {
	page := 0
	for i, start := range marks {
		if m.before(start) {
			break
		}
		page = i
	}
	return page
}

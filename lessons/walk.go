package lessons

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// listWidth is the width List fits in: the 80 columns of the smallest
// terminal the lessons are tried in, piped or not.
const listWidth = 80

// List writes one line per lesson: number, title and summary, the summary
// cut at a word boundary so that no line is wider than listWidth and the
// list fits one 80x24 screen while there are at most 21 lessons. The full
// summaries are in README.md's lesson list and each lesson's introduction.
func List(w io.Writer, all []Lesson) {
	titleWidth := 0
	for _, l := range all {
		titleWidth = max(titleWidth, utf8.RuneCountInString(l.Title))
	}
	for _, l := range all {
		head := fmt.Sprintf("%2d  %-*s  ", l.Number, titleWidth, l.Title)
		fmt.Fprintln(w, strings.TrimRight(head+shorten(l.Summary, listWidth-utf8.RuneCountInString(head)), " "))
	}
	fmt.Fprintln(w, "\nRun jwtlab learn N to walk through lesson N (-plain prints it without pauses).")
}

// shorten returns text if it fits in width runes, else as many whole
// words as fit followed by "...", or "" when not even a word fits.
func shorten(text string, width int) string {
	if utf8.RuneCountInString(text) <= width {
		return text
	}
	const more = "..."
	out := ""
	for _, word := range strings.Fields(text) {
		next := word
		if out != "" {
			next = out + " " + word
		}
		if utf8.RuneCountInString(next)+len(more) > width {
			break
		}
		out = next
	}
	if out == "" {
		return ""
	}
	return strings.TrimRight(out, ",;:") + more
}

// Print writes the lesson from step from (0-based, as Walk counts; past
// the last step it is the last) to its end without pausing: what -plain
// pipes to the pager or prints, and what learn -continue prints when
// nobody is there to press a key. width 0 leaves long lines whole (piped
// output).
func Print(w io.Writer, l Lesson, from, width, next int) error {
	from = max(min(from, len(l.Steps)-1), 0)
	if from > 0 {
		// The lesson's heading comes with its first step: say which
		// lesson this is, and where in it.
		head := fmt.Sprintf("Lesson %d: %s, from step %d of %d (jwtlab learn %d prints it all)", l.Number, l.Title, from+1, len(l.Steps), l.Number)
		fmt.Fprintf(w, "%s\n\n", strings.Join(prose(head, width), "\n"))
	}
	for i := from; i < len(l.Steps); i++ {
		out, err := runStep(l, i)
		if err != nil {
			return err
		}
		for _, p := range stepParts(l, i, out, width, next) {
			fmt.Fprintf(w, "%s\n\n", strings.Join(p, "\n"))
		}
	}
	return nil
}

func runStep(l Lesson, i int) (string, error) {
	s := l.Steps[i]
	if s.Run == nil {
		return "", nil
	}
	var out strings.Builder
	if err := s.Run(&out); err != nil {
		return "", fmt.Errorf("lesson %d step %q: %w", l.Number, s.Title, err)
	}
	return out.String(), nil
}

// Pager walks a lesson one screen at a time, like less: no screen is
// taller than the terminal, so nothing scrolls off before it is read.
type Pager struct {
	Out io.Writer
	// In gives the keys. With Raw it is a terminal in raw mode and each
	// key acts at once; otherwise each line is one key (tests, scripts).
	In  io.Reader
	Raw bool
	// Size reports the terminal's width and height; nil or a zero answer
	// means 80x24, the VT100's screen and every terminal's default.
	Size func() (width, height int)
	// Next is the lesson to suggest after the last step; 0 for none.
	Next int
}

// Stop says where a walk ended, for jwtlab learn -continue.
type Stop struct {
	Step int  // index of the step on screen when the learner left
	Done bool // left by going on past the last step
}

// walk is one walk's state: where it is and what it has computed.
type walk struct {
	Pager
	l     Lesson
	outs  map[int]string // each step's output: steps run once
	step  int
	page  int
	hl    string // the last search, highlighted on a terminal
	width int
	rows  int // lines of text per screen: the height less the prompt line
}

// Walk pages through l from step start (0-based) until the learner quits,
// goes past the last step, input ends or ctx is cancelled.
func (p Pager) Walk(ctx context.Context, l Lesson, start int) (Stop, error) {
	if len(l.Steps) == 0 {
		return Stop{Done: true}, nil
	}
	if p.Raw {
		p.Out = crlf{p.Out}
	}
	w := &walk{Pager: p, l: l, outs: map[int]string{}, step: min(max(start, 0), len(l.Steps)-1)}
	var in <-chan string
	if p.Raw {
		in = readKeys(p.In)
	} else {
		in = readLines(p.In)
	}
	var ed keyEditor
	var overlay []string // the list or help, shown over the step
	redraw := true
	msg := ""
	for {
		w.measure()
		pages, err := w.pages(w.step)
		if err != nil {
			return Stop{Step: w.step}, err
		}
		w.page = min(w.page, len(pages)-1)
		if w.page < 0 {
			w.page = len(pages) - 1
		}
		screen := pages[w.page]
		if overlay != nil {
			screen = overlay
		}
		if redraw {
			w.draw(screen)
		}
		w.prompt(len(pages), msg, "")
		msg, redraw = "", true

		cmd, ok := w.read(ctx, in, &ed, len(pages))
		if !ok {
			w.leave()
			return Stop{Step: w.step}, nil
		}
		back := overlay != nil
		overlay = nil
		switch cmd.act {
		case actNext:
			switch {
			case back: // Enter leaves the list or help where it was
			case w.page+1 < len(pages):
				w.page++
			case w.step+1 < len(l.Steps):
				w.step, w.page = w.step+1, 0
			default:
				w.leave()
				return Stop{Step: w.step, Done: true}, nil
			}
		case actBack:
			switch {
			case back:
			case w.page > 0:
				w.page--
			case w.step > 0:
				w.step, w.page = w.step-1, -1 // the previous step's last screen
			default:
				msg, redraw = "this is the first screen", false
			}
		case actJump:
			if cmd.n < 1 || cmd.n > len(l.Steps) {
				msg, redraw = fmt.Sprintf("no step %d: the steps are 1 to %d", cmd.n, len(l.Steps)), false
				if back {
					overlay = screen
				}
				break
			}
			w.step, w.page = cmd.n-1, 0
		case actList:
			overlay = w.list()
		case actHelp:
			overlay = w.help()
		case actSearch:
			if cmd.word == "" {
				msg, redraw = "type a word after /, then Enter", false
				if back {
					overlay = screen
				}
				break
			}
			found, err := w.search(cmd.word, pages)
			if err != nil {
				return Stop{Step: w.step}, err
			}
			if !found {
				msg, redraw = fmt.Sprintf("no step mentions %q", cmd.word), false
				if back {
					overlay = screen
				}
			}
		case actQuit:
			w.leave()
			return Stop{Step: w.step}, nil
		case actBad:
			msg, redraw = fmt.Sprintf("%s is not a key here; ? lists them", keyName(cmd.key)), false
			if back {
				overlay = screen
			}
		}
	}
}

func (w *walk) measure() {
	w.width, w.rows = 80, 24
	if w.Size != nil {
		if width, height := w.Size(); width > 0 && height > 0 {
			w.width, w.rows = width, height
		}
	}
	w.width = max(w.width, 20) // narrower than this, nothing reads anyway
	w.rows = max(w.rows-1, 3)
}

func (w *walk) pages(i int) ([][]string, error) {
	out, ok := w.outs[i]
	if !ok {
		var err error
		if out, err = runStep(w.l, i); err != nil {
			return nil, err
		}
		w.outs[i] = out
	}
	return paginate(stepParts(w.l, i, out, w.width, w.Next), w.rows), nil
}

// draw shows one screen. On a terminal it clears the screen first and
// highlights the last search; without one it just prints the lines.
func (w *walk) draw(lines []string) {
	if !w.Raw {
		fmt.Fprintf(w.Out, "\n%s\n", strings.Join(lines, "\n"))
		return
	}
	var b strings.Builder
	b.WriteString("\x1b[H\x1b[2J")
	for _, line := range lines {
		b.WriteString(highlight(line, w.hl))
		b.WriteString("\n")
	}
	io.WriteString(w.Out, b.String())
}

// prompt writes the status line: where the learner is, and either the
// keys, a message, or the number or search being typed. On a terminal it
// sits on the bottom row.
func (w *walk) prompt(pages int, msg, typing string) {
	where := fmt.Sprintf("lesson %d · step %d/%d", w.l.Number, w.step+1, len(w.l.Steps))
	if pages > 1 {
		where += fmt.Sprintf(" · screen %d/%d", w.page+1, pages)
	}
	tail := "Enter next · b back · ? help · q quit"
	switch {
	case typing != "":
		tail = "go to step " + typing
		if strings.HasPrefix(typing, "/") {
			tail = "search " + typing
		}
	case msg != "":
		tail = msg
	}
	line := where + " · " + tail
	if utf8.RuneCountInString(line) >= w.width && (msg != "" || typing != "") {
		line = tail // a narrow terminal: what was said matters more than where
	}
	line = truncate(line, w.width-1)
	if !w.Raw {
		fmt.Fprintf(w.Out, "\n[%s] ", line)
		return
	}
	// Bottom row, column 1, erase the line, reverse video.
	fmt.Fprintf(w.Out, "\x1b[%d;1H\x1b[2K\x1b[7m%s\x1b[0m", w.rows+1, line)
}

// read waits for the next command, echoing a number or search while it
// is typed. It answers false when input ends or ctx is cancelled.
func (w *walk) read(ctx context.Context, in <-chan string, ed *keyEditor, pages int) (command, bool) {
	for {
		select {
		case <-ctx.Done():
			return command{}, false
		case k, ok := <-in:
			if !ok {
				return command{}, false
			}
			if !w.Raw {
				return parseLine(k), true
			}
			cmd, done := ed.feed(k)
			if done {
				return cmd, true
			}
			w.prompt(pages, "", ed.entry)
		}
	}
}

// search finds word after the current screen, wrapping round the lesson
// as less does, and moves there.
func (w *walk) search(word string, pages [][]string) (bool, error) {
	lw := strings.ToLower(word)
	n := len(w.l.Steps)
	for k := 0; k <= n; k++ {
		i := (w.step + k) % n
		ps := pages
		if i != w.step {
			s := w.l.Steps[i]
			text := strings.Join([]string{s.Title, s.Prose, s.Decls, s.Code, s.Output}, "\n")
			if i == 0 {
				text += w.l.Intro
			}
			if !strings.Contains(strings.ToLower(text), lw) {
				continue
			}
			var err error
			if ps, err = w.pages(i); err != nil {
				return false, err
			}
		}
		for j, pg := range ps {
			// On the current step, only screens after this one the first
			// time round, and only earlier ones after wrapping.
			if i == w.step && ((k == 0 && j <= w.page) || (k == n && j > w.page)) {
				continue
			}
			if strings.Contains(strings.ToLower(strings.Join(pg, "\n")), lw) {
				w.step, w.page, w.hl = i, j, word
				return true, nil
			}
		}
		if i != w.step {
			// The word is in the step but cut by wrapping: its first screen.
			w.step, w.page, w.hl = i, 0, word
			return true, nil
		}
	}
	return false, nil
}

func (w *walk) list() []string {
	lines := []string{fmt.Sprintf("Lesson %d: %s", w.l.Number, w.l.Title), ""}
	for i, s := range w.l.Steps {
		mark := "  "
		if i == w.step {
			mark = "> "
		}
		lines = append(lines, truncate(fmt.Sprintf("%s%2d  %s", mark, i+1, s.Title), w.width))
	}
	lines = append(lines, "", "Type a step number and Enter to go there; Enter alone goes back.")
	return paginate([]part{wrapAll(lines, w.width)}, w.rows)[0]
}

func (w *walk) help() []string {
	lines := []string{
		"Keys",
		"",
		"  Enter, Space, →    next screen; after a step's last screen, the next step",
		"  b, ←               back one screen",
		"  N then Enter       go to step N",
		"  l                  list the steps",
		"  /word then Enter   find word in a later screen (wraps round the lesson)",
		"  ?                  this help",
		"  q, Ctrl-C          quit; jwtlab learn -continue comes back here",
		"",
		"Any other key only shows a hint. Enter goes back to the step.",
	}
	if !w.Raw {
		lines = append(lines, "Without a terminal, each key is a line: type it, then Enter.")
	}
	return paginate([]part{wrapAll(lines, w.width)}, w.rows)[0]
}

// leave ends the walk on a fresh line below the prompt.
func (w *walk) leave() {
	fmt.Fprintln(w.Out)
}

func wrapAll(lines []string, width int) []string {
	var out []string
	for _, l := range lines {
		out = append(out, wrap(l, width)...)
	}
	return out
}

func truncate(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return string([]rune(s)[:max(width-1, 0)]) + "…"
}

// keyName shows a refused key readably: control characters and escape
// sequences are not printed raw.
func keyName(k string) string {
	switch {
	case k == "":
		return "that"
	case k == "\x1b[A":
		return "↑"
	case k == "\x1b[B":
		return "↓"
	case strings.HasPrefix(k, "\x1b"):
		return "that key"
	case k[0] < ' ' || k[0] == 0x7f:
		return fmt.Sprintf("Ctrl-%c", k[0]+'@')
	}
	return fmt.Sprintf("%q", k)
}

// highlight shows each occurrence of word (any case) in reverse video.
func highlight(line, word string) string {
	lower := strings.ToLower(line)
	lw := strings.ToLower(word)
	if word == "" || len(lower) != len(line) || len(lw) != len(word) {
		return line
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lw)
		if i < 0 {
			b.WriteString(line)
			return b.String()
		}
		b.WriteString(line[:i] + "\x1b[7m" + line[i:i+len(word)] + "\x1b[27m")
		line, lower = line[i+len(word):], lower[i+len(word):]
	}
}

// crlf ends lines with CR LF: in raw mode the terminal no longer turns a
// newline into a return to the first column.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, strings.ReplaceAll(string(p), "\n", "\r\n")); err != nil {
		return 0, err
	}
	return len(p), nil
}

// indent sets a block of text off by four spaces, as go doc shows code.
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

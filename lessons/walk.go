package lessons

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// ListWidth writes one line per lesson: number, title and summary. With a
// width (the terminal's), each summary is cut at a word boundary so that
// no line is wider and the list fits one screen while there are at most
// 21 lessons; width 0 (piped output) keeps every summary whole. The full
// summaries are in README.md's lesson list and each lesson's introduction.
func ListWidth(w io.Writer, all []Lesson, width int) {
	titleWidth := 0
	for _, l := range all {
		titleWidth = max(titleWidth, utf8.RuneCountInString(l.Title))
	}
	for _, l := range all {
		head := fmt.Sprintf("%2d  %-*s  ", l.Number, titleWidth, l.Title)
		summary := l.Summary
		if width > 0 {
			summary = shorten(summary, width-utf8.RuneCountInString(head))
		}
		fmt.Fprintln(w, strings.TrimRight(head+summary, " "))
	}
	fmt.Fprintf(w, "\n%s\n", strings.Join(foldText("Run jwtlab learn N to walk through lesson N (-plain prints it without pauses).", width, 0), "\n"))
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

	// resized, when not nil, replaces the SIGWINCH a Raw walk listens
	// to: tests send on it.
	resized <-chan os.Signal
}

// Stop says where a walk ended, for jwtlab learn -continue.
type Stop struct {
	Step int  // index of the step on screen when the learner left
	Done bool // left by going on past the last step
}

// overlay is what is shown over the step: nothing, the list or the help.
type overlay int

const (
	noOverlay overlay = iota
	listOverlay
	helpOverlay
)

// walk is one walk's state: where it is and what it has computed.
type walk struct {
	Pager
	l    Lesson
	outs map[int]string // each step's output: steps run once
	step int
	page int    // -1: the step's last screen, until the step is laid out
	hl   string // the last search, highlighted on a terminal
	over overlay
	// overPage is the screen of the list or help on show: on a small
	// terminal they take more than one.
	overPage int
	// The current step laid out at the terminal's size.
	width, rows int // rows: lines of text per screen, the height less the prompt line
	laid        int // the step laid out, -1 for none yet
	screens     [][]string
	marks       []mark // where each screen begins
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
	w := &walk{Pager: p, l: l, outs: map[int]string{}, step: min(max(start, 0), len(l.Steps)-1), laid: -1}
	var in <-chan string
	resized := p.resized
	if p.Raw {
		in = readKeys(p.In)
		if resized == nil {
			var stop func()
			resized, stop = resizes()
			defer stop()
		}
	} else {
		in = readLines(p.In)
	}
	var ed keyEditor
	redraw := true
	msg := ""
	for {
		if err := w.layout(); err != nil {
			return Stop{Step: w.step}, err
		}
		if redraw {
			w.draw(w.screen())
		}
		w.prompt(msg, ed.entry)

		var cmd command
		select {
		case <-ctx.Done():
			w.leave()
			return Stop{Step: w.step}, nil
		case <-resized:
			// Redraw at the new size now, not at the next key: the old
			// screen is already wrapped or cut by the terminal.
			redraw = true
			continue
		case k, ok := <-in:
			if !ok {
				w.leave()
				return Stop{Step: w.step}, nil
			}
			if !w.Raw {
				cmd = parseLine(k)
				break
			}
			var done bool
			if cmd, done = ed.feed(k); !done {
				msg, redraw = "", false // the prompt shows what is typed
				continue
			}
		}
		msg, redraw = "", true
		// Without SIGWINCH (Windows) a resize shows only now: keep the
		// place on the new screens before moving from it.
		if err := w.layout(); err != nil {
			return Stop{Step: w.step}, err
		}
		pages := len(w.screens)
		prev := w.over
		w.over = noOverlay
		back := prev != noOverlay // a key that moves only closes the list or help
		refuse := func(m string) {
			msg, redraw = m, false
			w.over = prev
		}
		overPages := 0
		if back {
			overPages = len(w.overlayScreens(prev))
		}
		switch cmd.act {
		case actNext:
			switch {
			case back && w.overPage+1 < overPages:
				w.over, w.overPage = prev, w.overPage+1
			case back:
			case w.page+1 < pages:
				w.page++
			case w.step+1 < len(l.Steps):
				w.step, w.page = w.step+1, 0
			default:
				w.leave()
				return Stop{Step: w.step, Done: true}, nil
			}
		case actBack:
			switch {
			case back && w.overPage > 0:
				w.over, w.overPage = prev, w.overPage-1
			case back:
			case w.page > 0:
				w.page--
			case w.step > 0:
				w.step, w.page = w.step-1, -1 // the previous step's last screen
			default:
				refuse("this is the first screen")
			}
		case actFirst:
			w.page = 0
		case actLast:
			w.page = pages - 1
		case actJump:
			if cmd.n < 1 || cmd.n > len(l.Steps) {
				refuse(fmt.Sprintf("no step %d: the steps are 1 to %d", cmd.n, len(l.Steps)))
				break
			}
			w.step, w.page = cmd.n-1, 0
		case actList:
			w.over, w.overPage = listOverlay, 0
		case actHelp:
			w.over, w.overPage = helpOverlay, 0
		case actSearch:
			if cmd.word == "" {
				refuse("type a word after /, then Enter")
				break
			}
			found, err := w.search(cmd.word)
			if err != nil {
				return Stop{Step: w.step}, err
			}
			if !found {
				refuse(fmt.Sprintf("no step mentions %q", cmd.word))
			}
		case actQuit:
			w.leave()
			return Stop{Step: w.step}, nil
		case actBad:
			refuse(fmt.Sprintf("%s is not a key here; ? lists them", keyName(cmd.key)))
		}
	}
}

// size is the terminal's width and the rows a screen of text has.
func (w *walk) size() (width, rows int) {
	width, height := 80, 24
	if w.Size != nil {
		if wd, h := w.Size(); wd > 0 && h > 0 {
			width, height = wd, h
		}
	}
	// Narrower than 20 columns nothing reads anyway; the prompt takes a row.
	return max(width, 20), max(height-1, 3)
}

// layout lays the current step out at the terminal's size. When the size
// has changed since the screen on show was laid out, it moves to the
// screen that holds the line that screen began with: the screen number
// alone would land somewhere else in the text.
func (w *walk) layout() error {
	width, rows := w.size()
	var at mark
	keep := w.laid == w.step && (width != w.width || rows != w.rows) && w.page >= 0 && w.page < len(w.marks)
	if keep {
		at = w.marks[w.page]
	}
	w.width, w.rows = width, rows
	screens, marks, err := w.layOut(w.step)
	if err != nil {
		return err
	}
	w.screens, w.marks, w.laid = screens, marks, w.step
	if keep {
		w.page = pageAt(marks, at)
	}
	w.page = min(w.page, len(screens)-1)
	if w.page < 0 {
		w.page = len(screens) - 1
	}
	return nil
}

// layOut runs step i, once, and cuts it into screens at the current size.
func (w *walk) layOut(i int) ([][]string, []mark, error) {
	out, ok := w.outs[i]
	if !ok {
		var err error
		if out, err = runStep(w.l, i); err != nil {
			return nil, nil, err
		}
		w.outs[i] = out
	}
	screens, marks := paginate(stepParts(w.l, i, out, w.width, w.Next), w.rows)
	return screens, marks, nil
}

// screen is what is on show: the step's screen, or the list or help over it.
func (w *walk) screen() []string {
	if w.over != noOverlay {
		pages := w.overlayScreens(w.over)
		w.overPage = min(w.overPage, len(pages)-1) // the terminal may have grown
		return pages[w.overPage]
	}
	return w.screens[w.page]
}

// overlayScreens lays the list or the help out at the terminal's size.
func (w *walk) overlayScreens(o overlay) [][]string {
	if o == listOverlay {
		return w.list()
	}
	return w.help()
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

// prompt writes the status line. On a terminal it sits on the bottom row.
func (w *walk) prompt(msg, typing string) {
	line := w.status(msg, typing)
	if !w.Raw {
		fmt.Fprintf(w.Out, "\n[%s] ", line)
		return
	}
	// Bottom row, column 1, erase the line, reverse video.
	fmt.Fprintf(w.Out, "\x1b[%d;1H\x1b[2K\x1b[7m%s\x1b[0m", w.rows+1, line)
}

// status is the prompt's text: where the learner is, and either the keys,
// a message, or the number or search being typed. It is the first of its
// forms, longest first, that fits the width less one column (writing the
// last column makes some terminals scroll). Narrower, the keys drop the
// lesson number, then Enter and b, then the screen, and keep "? help ·
// q quit" to the last; a message keeps as much of where the learner is
// as fits.
func (w *walk) status(msg, typing string) string {
	step := fmt.Sprintf("step %d/%d", w.step+1, len(w.l.Steps))
	where := step
	if w.over != noOverlay {
		if n := len(w.overlayScreens(w.over)); n > 1 {
			where += fmt.Sprintf(" · %s %d/%d", map[overlay]string{listOverlay: "list", helpOverlay: "help"}[w.over], w.overPage+1, n)
		}
	} else if len(w.screens) > 1 {
		where += fmt.Sprintf(" · screen %d/%d", w.page+1, len(w.screens))
	}
	places := []string{fmt.Sprintf("lesson %d · %s", w.l.Number, where), where}
	say := msg
	switch {
	case strings.HasPrefix(typing, "/"):
		say = "search " + typing
	case typing != "":
		say = "go to step " + typing
	}
	var forms []string
	if say != "" {
		forms = append(forms, places[0]+" · "+say, places[1]+" · "+say, step+" · "+say, say)
	} else {
		keys, least := w.keys()
		for _, k := range []string{keys, least} {
			for _, p := range places {
				forms = append(forms, p+" · "+k)
			}
		}
		forms = append(forms, step+" · "+least, least)
	}
	for _, f := range forms {
		if utf8.RuneCountInString(f) < w.width {
			return f
		}
	}
	return truncate(forms[len(forms)-1], w.width-1)
}

// keys names the keys that act on what is on show, all of them and the
// fewest that still say how to get help and leave.
func (w *walk) keys() (all, least string) {
	if w.over == noOverlay {
		return "Enter next · b back · ? help · q quit", "? help · q quit"
	}
	all, least = "Enter back to the step · q quit", "Enter back · q quit"
	if w.overPage+1 < len(w.overlayScreens(w.over)) {
		all, least = "Enter more · b back · q quit", "Enter more · q quit"
	}
	if w.over == listOverlay {
		all = "N Enter go to step N · " + all
	}
	return all, least
}

// search finds word after the current screen, wrapping round the lesson
// as less does, and moves there.
func (w *walk) search(word string) (bool, error) {
	lw := strings.ToLower(word)
	n := len(w.l.Steps)
	for k := 0; k <= n; k++ {
		i := (w.step + k) % n
		ps := w.screens
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
			if ps, _, err = w.layOut(i); err != nil {
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

func (w *walk) list() [][]string {
	p := append(foldText(fmt.Sprintf("Lesson %d: %s", w.l.Number, w.l.Title), w.width, 0), "")
	for i, s := range w.l.Steps {
		mark := "  "
		if i == w.step {
			mark = "> "
		}
		// A long title goes on under itself, not under the step number.
		p = append(p, foldText(fmt.Sprintf("%s%2d  %s", mark, i+1, s.Title), w.width, 6)...)
	}
	p = append(append(p, ""), foldText("Type a step number and Enter to go there; Enter alone goes back.", w.width, 0)...)
	pages, _ := paginate([]part{p}, w.rows)
	return pages
}

// helpKeys is what help lists: the keys, then what they do.
var helpKeys = [][2]string{
	{"Enter, Space, →, PgDn", "next screen; after a step's last screen, the next step"},
	{"b, ←, PgUp", "back one screen"},
	{"Home, End", "the step's first or last screen"},
	{"N then Enter", "go to step N"},
	{"l", "list the steps"},
	{"/word then Enter", "find word in a later screen (wraps round the lesson)"},
	{"?", "this help"},
	{"q, Ctrl-C", "quit; jwtlab learn -continue comes back here"},
}

func (w *walk) help() [][]string {
	keyWidth := 0
	for _, k := range helpKeys {
		keyWidth = max(keyWidth, utf8.RuneCountInString(k[0]))
	}
	// What a key does starts at column hang, or, when that would leave
	// it fewer than 20 columns, on a line of its own under the key.
	hang := 2 + keyWidth + 2
	narrow := w.width-hang < 20
	if narrow {
		hang = 6
	}
	p := part{"Keys", ""}
	for _, k := range helpKeys {
		row := fmt.Sprintf("  %-*s  %s", keyWidth, k[0], k[1])
		if narrow {
			p = append(p, "  "+k[0])
			row = strings.Repeat(" ", hang) + k[1]
		}
		p = append(p, foldText(row, w.width, hang)...)
	}
	p = append(p, "")
	notes := []string{"Any other key only shows a hint. Enter goes back to the step."}
	if !w.Raw {
		notes = append(notes, "Without a terminal, each key is a line: type it, then Enter.")
	}
	for _, n := range notes {
		p = append(p, foldText(n, w.width, 0)...)
	}
	pages, _ := paginate([]part{p}, w.rows)
	return pages
}

// leave ends the walk on a fresh line below the prompt.
func (w *walk) leave() {
	fmt.Fprintln(w.Out)
}

func truncate(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return string([]rune(s)[:max(width-1, 0)]) + "…"
}

// keyNames names the keys a terminal sends as escape sequences or
// control characters, as the keyboard labels them.
var keyNames = map[string]string{
	keyEsc: "Esc", "\t": "Tab", keyBackspace: "Backspace", keyCtrlH: "Backspace",
	"\x1b[A": "↑", "\x1bOA": "↑", "\x1b[B": "↓", "\x1bOB": "↓",
	"\x1b[2~": "Insert", "\x1b[3~": "Delete", "\x1b[Z": "Shift-Tab",
	"\x1bOP": "F1", "\x1bOQ": "F2", "\x1bOR": "F3", "\x1bOS": "F4",
	"\x1b[11~": "F1", "\x1b[12~": "F2", "\x1b[13~": "F3", "\x1b[14~": "F4",
	"\x1b[15~": "F5", "\x1b[17~": "F6", "\x1b[18~": "F7", "\x1b[19~": "F8",
	"\x1b[20~": "F9", "\x1b[21~": "F10", "\x1b[23~": "F11", "\x1b[24~": "F12",
}

// keyName shows a refused key readably: control characters and escape
// sequences are not printed raw.
func keyName(k string) string {
	if name, ok := keyNames[k]; ok {
		return name
	}
	switch {
	case k == "":
		return "that"
	case strings.HasPrefix(k, "\x1b"):
		// A key with modifiers, or one this table does not know.
		return "that key"
	case k[0] < ' ':
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

package lessons

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// action is what a key (or, without a terminal, a line) asks the pager to do.
type action int

const (
	actNext action = iota
	actBack
	actFirst  // the step's first screen
	actLast   // the step's last screen
	actJump   // to step n
	actList   // the steps
	actSearch // for word
	actHelp
	actQuit
	actBad // anything else: refused with a hint, never a step
)

type command struct {
	act  action
	n    int
	word string
	key  string // what was typed, for the hint when refused
}

// Key names as a terminal sends them in raw mode.
const (
	keyRight     = "\x1b[C"
	keyLeft      = "\x1b[D"
	keyCtrlC     = "\x03"
	keyCtrlD     = "\x04"
	keyEsc       = "\x1b"
	keyBackspace = "\x7f"
	keyCtrlH     = "\b"
	keyPgUp      = "\x1b[5~"
	keyPgDn      = "\x1b[6~"
)

// keyActs maps the keys that act at once to what they do. Arrows, Home
// and End come in the forms terminals send them: CSI (ESC [) or, in
// application mode, SS3 (ESC O); Home and End also as ESC [1~ and ESC [4~
// (tmux, screen, the Linux console) or ESC [7~ and ESC [8~ (rxvt).
// PgDn, PgUp, Home and End page as they do in less.
var keyActs = map[string]action{
	"\r": actNext, "\n": actNext, " ": actNext, keyRight: actNext, "\x1bOC": actNext, keyPgDn: actNext,
	"b": actBack, keyLeft: actBack, "\x1bOD": actBack, keyPgUp: actBack,
	"\x1b[H": actFirst, "\x1bOH": actFirst, "\x1b[1~": actFirst, "\x1b[7~": actFirst,
	"\x1b[F": actLast, "\x1bOF": actLast, "\x1b[4~": actLast, "\x1b[8~": actLast,
	"q": actQuit, keyCtrlC: actQuit, keyCtrlD: actQuit,
	"l": actList,
	"?": actHelp,
}

// parseLine reads a whole line as a command: how keys arrive when stdin
// is not a terminal (tests, scripts), and how a number or a search typed
// in raw mode is read once Enter ends it.
func parseLine(line string) command {
	s := strings.TrimRight(line, "\r\n")
	t := strings.TrimSpace(s)
	if t == "" {
		return command{act: actNext}
	}
	if act, ok := keyActs[t]; ok {
		return command{act: act}
	}
	if strings.HasPrefix(t, "/") {
		return command{act: actSearch, word: strings.TrimSpace(t[1:])}
	}
	if n, err := strconv.Atoi(t); err == nil {
		return command{act: actJump, n: n}
	}
	return command{act: actBad, key: t}
}

// readLines delivers in's lines on a channel, closed at the end of input,
// so the pager can wait for a line and for ctx at once. The goroutine ends
// with the input; for a terminal that is at exit.
func readLines(in io.Reader) <-chan string {
	lines := make(chan string)
	go func() {
		defer close(lines)
		for sc := bufio.NewScanner(in); sc.Scan(); {
			lines <- sc.Text()
		}
	}()
	return lines
}

// readKeys delivers the keys read from a terminal in raw mode, one per
// item: a rune, or an escape sequence such as an arrow key, which a
// terminal sends in a single write.
func readKeys(in io.Reader) <-chan string {
	keys := make(chan string)
	go func() {
		defer close(keys)
		buf := make([]byte, 256)
		for {
			n, err := in.Read(buf)
			for _, k := range splitKeys(buf[:n]) {
				keys <- k
			}
			if err != nil {
				return
			}
		}
	}()
	return keys
}

// splitKeys cuts one read from a raw terminal into keys. CSI and SS3
// sequences (ESC [ ... final, ESC O x) stay whole.
func splitKeys(b []byte) []string {
	var keys []string
	for len(b) > 0 {
		n := 1
		switch {
		case b[0] == 0x1b && len(b) >= 3 && b[1] == 'O':
			n = 3
		case b[0] == 0x1b && len(b) >= 2 && b[1] == '[':
			n = 2
			for n < len(b) && (b[n] < 0x40 || b[n] > 0x7e) {
				n++
			}
			n = min(n+1, len(b))
		default:
			_, n = utf8.DecodeRune(b)
		}
		keys = append(keys, string(b[:n]))
		b = b[n:]
	}
	return keys
}

// keyEditor turns raw keys into commands. Most keys act at once; a digit
// or "/" starts a line (a step number, a search) that Enter ends, shown
// on the prompt line while it is typed.
type keyEditor struct {
	entry   string // the number or search being typed, "" when none
	editing bool
}

// feed takes one key. It returns the command when one is complete, and
// done false while a number or search is still being typed.
func (e *keyEditor) feed(k string) (cmd command, done bool) {
	if e.editing {
		switch k {
		case "\r", "\n":
			e.editing = false
			line := e.entry
			e.entry = ""
			return parseLine(line), true // "/" alone is a search for nothing
		case keyBackspace, keyCtrlH:
			_, size := utf8.DecodeLastRuneInString(e.entry)
			e.entry = e.entry[:len(e.entry)-size]
			e.editing = e.entry != ""
			return command{}, false
		case keyEsc, keyCtrlC:
			e.entry, e.editing = "", false
			return command{}, false
		}
		if r, _ := utf8.DecodeRuneInString(k); len(k) == utf8.RuneLen(r) && r >= ' ' {
			if strings.HasPrefix(e.entry, "/") || (r >= '0' && r <= '9') {
				e.entry += k
				return command{}, false
			}
		}
		// A letter after a number: the number was not meant; drop it.
		e.entry, e.editing = "", false
		return command{act: actBad, key: k}, true
	}
	if act, ok := keyActs[k]; ok {
		return command{act: act}, true
	}
	if k == "/" {
		e.entry, e.editing = "/", true
		return command{}, false
	}
	if len(k) == 1 && k[0] >= '0' && k[0] <= '9' {
		e.entry, e.editing = k, true
		return command{}, false
	}
	return command{act: actBad, key: k}, true
}

package lessons

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// fake is a three-step lesson whose second step is too long for one
// 40x12 screen, so paging shows.
func fake() Lesson {
	long := strings.Repeat("A line of prose that wraps at forty columns. ", 12)
	step := func(title, prose, out string) Step {
		return Step{Title: title, Prose: prose, Example: "Example" + strings.ReplaceAll(title, " ", ""),
			Code: "func Example() {\n\tfmt.Println(" + fmt.Sprintf("%q", out) + ")\n}", Output: out,
			Run: func(w io.Writer) error { _, err := fmt.Fprintln(w, out); return err }}
	}
	return Lesson{Number: 3, Slug: "03-fake", Title: "Fake", Intro: "An intro.", Steps: []Step{
		step("First", "The first step.", "one"),
		step("Second", long, "two"),
		step("Third", "Has the needle.", "three"),
	}}
}

var promptRE = regexp.MustCompile(`\n\[((?:lesson|step) [^\]]*)\] `)

// screens cuts line-mode output into the screens shown and the prompts
// after them.
func screens(out string) (shown []string, prompts []string) {
	prev := 0
	for _, m := range promptRE.FindAllStringSubmatchIndex(out, -1) {
		shown = append(shown, strings.TrimSuffix(strings.TrimPrefix(out[prev:m[0]], "\n"), "\n"))
		prompts = append(prompts, out[m[2]:m[3]])
		prev = m[1]
	}
	return shown, prompts
}

func walkScript(t *testing.T, l Lesson, input string, w, h, next int) (Stop, string) {
	t.Helper()
	var out bytes.Buffer
	p := Pager{Out: &out, In: strings.NewReader(input), Size: func() (int, int) { return w, h }, Next: next}
	stop, err := p.Walk(context.Background(), l, 0)
	if err != nil {
		t.Fatalf("Walk(%q) = %v", input, err)
	}
	return stop, out.String()
}

func TestPagerKeys(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		wantStop Stop
		want     []string // in the output
		notWant  []string
	}{
		{name: "Enter on every screen goes past the end", input: strings.Repeat("\n", 10),
			wantStop: Stop{Step: 2, Done: true}, want: []string{"Next: jwtlab learn 4", "step 3/3"}},
		{name: "q quits on the first screen", input: "q\n", wantStop: Stop{Step: 0},
			want: []string{"--- Step 1 of 3: First", "step 1/3 · screen 1/2 · ? help · q quit"}, notWant: []string{"--- Step 2"}},
		{name: "end of input quits", input: "", wantStop: Stop{Step: 0}},
		{name: "another key is refused and does not advance", input: "x\nq\n", wantStop: Stop{Step: 0},
			want: []string{`"x" is not a key here`}, notWant: []string{"--- Step 2"}},
		{name: "a number jumps to that step", input: "3\nq\n", wantStop: Stop{Step: 2}, want: []string{"Has the needle"}},
		{name: "a number outside the lesson is refused", input: "9\nq\n", wantStop: Stop{Step: 0}, want: []string{"no step 9: the steps are 1 to 3"}},
		{name: "b from a step goes to the previous step's last screen", input: "3\nb\nq\n", wantStop: Stop{Step: 1}, want: []string{"step 2/3 · screen 3/3"}},
		{name: "b on the first screen stays", input: "b\nq\n", wantStop: Stop{Step: 0}, want: []string{"this is the first screen"}},
		{name: "l lists the steps, Enter goes back to the same step", input: "l\n\nq\n", wantStop: Stop{Step: 0},
			want: []string{">  1  First", "   2  Second", "   3  Third"}, notWant: []string{"--- Step 2"}},
		{name: "a number from the list jumps", input: "l\n2\nq\n", wantStop: Stop{Step: 1}},
		{name: "search finds a later step", input: "/NEEDLE\nq\n", wantStop: Stop{Step: 2}},
		{name: "search for a missing word stays", input: "/haystack\nq\n", wantStop: Stop{Step: 0}, want: []string{`no step mentions "haystack"`}},
		{name: "? shows the keys, Enter the rest of them on a small screen", input: "?\n\n\nq\n", want: []string{"Enter, Space", "/word then Enter", "step 1/3 · Enter more · q quit", "step 1/3 · Enter back · q quit"}},
		{name: "an arrow typed into a pipe still moves", input: "\x1b[C\nq\n", want: []string{"step 1/3 · screen 2/2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stop, out := walkScript(t, fake(), tt.input, 40, 12, 4)
			if stop != tt.wantStop {
				t.Errorf("Walk(%q) stopped at %+v; want %+v\n%s", tt.input, stop, tt.wantStop, out)
			}
			for _, s := range tt.want {
				if !strings.Contains(out, s) {
					t.Errorf("Walk(%q) output lacks %q:\n%s", tt.input, s, out)
				}
			}
			for _, s := range tt.notWant {
				if strings.Contains(out, s) {
					t.Errorf("Walk(%q) output has %q:\n%s", tt.input, s, out)
				}
			}
		})
	}
}

// TestEveryScreenFits walks every lesson to its end at 80x24 and at a
// small 40x12, and checks that no screen is taller or wider than the
// terminal: the prompt takes the last row.
func TestEveryScreenFits(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		for _, l := range all {
			t.Run(fmt.Sprintf("lesson %d at %dx%d", l.Number, size[0], size[1]), func(t *testing.T) {
				stop, out := walkScript(t, l, strings.Repeat("\n", 500), size[0], size[1], 0)
				if !stop.Done {
					t.Fatalf("500 Enters did not reach the end of lesson %d", l.Number)
				}
				shown, prompts := screens(out)
				for i, s := range shown {
					lines := strings.Split(s, "\n")
					if len(lines) > size[1]-1 {
						t.Errorf("screen %d (%s) has %d lines; want at most %d", i+1, prompts[i], len(lines), size[1]-1)
					}
					for _, line := range lines {
						if n := utf8.RuneCountInString(line); n > size[0] {
							t.Errorf("screen %d (%s) has a line of %d columns: %q", i+1, prompts[i], n, line)
						}
					}
				}
				for i := range l.Steps {
					at := fmt.Sprintf("step %d/%d", i+1, len(l.Steps))
					if !strings.Contains(strings.Join(prompts, "\n"), at) {
						t.Errorf("the walk never showed %s", at)
					}
				}
			})
		}
	}
}

func TestKeyEditor(t *testing.T) {
	tests := []struct {
		keys []string
		want command
	}{
		{[]string{" "}, command{act: actNext}},
		{[]string{"\r"}, command{act: actNext}},
		{[]string{keyRight}, command{act: actNext}},
		{[]string{keyLeft}, command{act: actBack}},
		{[]string{"b"}, command{act: actBack}},
		{[]string{keyCtrlC}, command{act: actQuit}},
		{[]string{"1", "2", "\r"}, command{act: actJump, n: 12}},
		{[]string{"1", keyBackspace, "3", "\r"}, command{act: actJump, n: 3}},
		{[]string{"/", "a", "b", keyBackspace, "\r"}, command{act: actSearch, word: "a"}},
		{[]string{"/", "\r"}, command{act: actSearch}},
		{[]string{"1", "x"}, command{act: actBad, key: "x"}},
		{[]string{"x"}, command{act: actBad, key: "x"}},
		{[]string{"\x1b[A"}, command{act: actBad, key: "\x1b[A"}},
	}
	for _, tt := range tests {
		var e keyEditor
		var got command
		done := false
		for i, k := range tt.keys {
			got, done = e.feed(k)
			if done != (i == len(tt.keys)-1) {
				t.Fatalf("keys %q: done = %v after key %d", tt.keys, done, i+1)
			}
		}
		if got != tt.want {
			t.Errorf("keys %q = %+v; want %+v", tt.keys, got, tt.want)
		}
	}
}

func TestSplitKeys(t *testing.T) {
	got := splitKeys([]byte("\x1b[Cab\x1b[D\x1bOC→\r"))
	want := []string{keyRight, "a", "b", keyLeft, "\x1bOC", "→", "\r"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("splitKeys = %q; want %q", got, want)
	}
}

// TestRawPager: on a terminal each key acts at once, every screen is
// drawn from the top, and lines end CR LF (raw mode does not add the CR).
func TestRawPager(t *testing.T) {
	var out bytes.Buffer
	p := Pager{Out: &out, In: strings.NewReader("x\x1b[C  b3\rq"), Raw: true, Size: func() (int, int) { return 40, 12 }}
	stop, err := p.Walk(context.Background(), fake(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if stop != (Stop{Step: 2}) {
		t.Errorf("raw keys x → Space Space b 3 Enter q stopped at %+v; want step index 2", stop)
	}
	s := out.String()
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Errorf("raw output has a bare LF")
	}
	if n := strings.Count(s, "\x1b[H\x1b[2J"); n != 6 {
		t.Errorf("raw walk cleared the screen %d times; want 6 (start, →, Space, Space, b, 3)", n)
	}
	if !strings.Contains(s, `"x" is not a key here`) {
		t.Errorf("raw walk did not refuse x")
	}
}

// TestPagerStopsOnCancel: Ctrl-C while the pager waits for a key ends it.
func TestPagerStopsOnCancel(t *testing.T) {
	in, pw := io.Pipe() // sends no line until the test ends
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() {
		_, err := Pager{Out: &out, In: in}.Walk(ctx, fake(), 0)
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Walk after cancel = %v; want nil", err)
		}
	case <-time.After(5 * time.Second): // generous: it should return at once
		t.Fatal("Walk kept waiting for input after its context was cancelled")
	}
}

func TestPrintShowsEveryStep(t *testing.T) {
	var out bytes.Buffer
	if err := Print(&out, fake(), 0, 0, 4); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"First", "Second", "Third", "Next: jwtlab learn 4", "three"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("Print output lacks %q", s)
		}
	}
	if strings.Contains(out.String(), "[lesson") {
		t.Errorf("Print paused")
	}
}

// TestPrintFrom: Print from a later step begins there, says which lesson
// and step it begins at, and clamps a step past the end to the last, as
// Walk does.
func TestPrintFrom(t *testing.T) {
	for _, tc := range []struct {
		from     int
		want     []string
		notWants []string
	}{
		{1, []string{"Lesson 3: Fake, from step 2 of 3", "--- Step 2 of 3: Second ---", "Third"}, []string{"First", "An intro."}},
		{998, []string{"Lesson 3: Fake, from step 3 of 3", "--- Step 3 of 3: Third ---", "Next: jwtlab learn 4"}, []string{"First", "Second"}},
		{-1, []string{"Lesson 3: Fake\n", "First", "Third"}, []string{"from step"}},
	} {
		var out bytes.Buffer
		if err := Print(&out, fake(), tc.from, 0, 4); err != nil {
			t.Fatal(err)
		}
		for _, s := range tc.want {
			if !strings.Contains(out.String(), s) {
				t.Errorf("Print from %d lacks %q:\n%s", tc.from, s, out.String())
			}
		}
		for _, s := range tc.notWants {
			if strings.Contains(out.String(), s) {
				t.Errorf("Print from %d has %q:\n%s", tc.from, s, out.String())
			}
		}
	}
	if err := Print(io.Discard, Lesson{Number: 1}, 5, 0, 0); err != nil {
		t.Errorf("Print of a lesson without steps = %v", err)
	}
}

func TestPaginate(t *testing.T) {
	parts := []part{{"a", "b"}, {"c", "d", "e"}, {"1", "2", "3", "4", "5", "6", "7"}}
	got, marks := paginate(parts, 4)
	want := [][]string{{"a", "b"}, {"c", "d", "e"}, {"1", "2", "3", "4"}, {"5", "6", "7"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paginate = %q; want %q", got, want)
	}
	// Each screen begins at its first line's part, after the runes of
	// that part shown before it: one each here.
	wantMarks := []mark{{0, 0}, {1, 0}, {2, 0}, {2, 4}}
	if fmt.Sprint(marks) != fmt.Sprint(wantMarks) {
		t.Errorf("paginate marks = %v; want %v", marks, wantMarks)
	}
}

// TestListFits80Columns checks that jwtlab learn's list fits an 80-column
// terminal, and still names every lesson with the start of its summary.
func TestListFits80Columns(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	const width = 80
	var b strings.Builder
	ListWidth(&b, all, width)
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for _, line := range lines {
		if n := utf8.RuneCountInString(line); n > width {
			t.Errorf("List line is %d columns wide; want at most %d:\n%s", n, width, line)
		}
	}
	for i, l := range all {
		if i >= len(lines) {
			t.Fatalf("List wrote %d lines for %d lessons", len(lines), len(all))
		}
		first, _, _ := strings.Cut(l.Summary, " ")
		first = strings.TrimRight(first, ",;:") // shorten drops it before "..."
		if f := strings.Fields(lines[i]); len(f) < 2 || f[0] != fmt.Sprint(l.Number) ||
			!strings.Contains(lines[i], l.Title+" ") || !strings.Contains(lines[i], first) {
			t.Errorf("List line %d = %q; want lesson %d, %q and the start of its summary", i, lines[i], l.Number, l.Title)
		}
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		name, text string
		width      int
		want       string
	}{
		{"text that fits stays whole", "alg, typ, kid", 13, "alg, typ, kid"},
		{"longer text is cut at a word", "alg, typ, kid, cty", 13, "alg, typ..."},
		{"a word wider than the room leaves nothing", "thumbprints", 5, ""},
		{"empty stays empty", "", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := shorten(tt.text, tt.width)
			if got != tt.want {
				t.Errorf("shorten(%q, %d) = %q; want %q", tt.text, tt.width, got, tt.want)
			}
			if utf8.RuneCountInString(got) > tt.width {
				t.Errorf("shorten(%q, %d) = %q, wider than %d", tt.text, tt.width, got, tt.width)
			}
		})
	}
}

// tenSteps is a lesson 10 with ten steps, the first long enough for many
// screens: the longest prompt a walk shows.
func tenSteps() Lesson {
	l := fake()
	l.Number = 10
	for len(l.Steps) < 10 {
		l.Steps = append(l.Steps, l.Steps[2])
	}
	l.Steps[0].Prose = strings.Repeat("A line of prose that wraps at forty columns. ", 40)
	return l
}

// TestPromptKeepsKeys: at 40, 60 and 80 columns the prompt fits and
// always says how to get help and quit, shortening where the learner is
// and dropping the other keys first; a message keeps where the learner
// is when both fit; the list and the help say what Enter does there.
func TestPromptKeepsKeys(t *testing.T) {
	tests := []struct {
		width int
		input string
		want  []string // the prompts, in order
	}{
		{80, "\n", []string{
			"lesson 10 · step 1/10 · screen 1/3 · Enter next · b back · ? help · q quit",
			"lesson 10 · step 1/10 · screen 2/3 · Enter next · b back · ? help · q quit"}},
		{60, "\n", []string{
			"lesson 10 · step 1/10 · screen 1/3 · ? help · q quit",
			"lesson 10 · step 1/10 · screen 2/3 · ? help · q quit"}},
		{40, "10\n", []string{"step 1/10 · ? help · q quit", "step 10/10 · ? help · q quit"}},
		{80, "99\n", []string{
			"lesson 10 · step 1/10 · screen 1/3 · Enter next · b back · ? help · q quit",
			"lesson 10 · step 1/10 · screen 1/3 · no step 99: the steps are 1 to 10"}},
		{60, "99\n", []string{
			"lesson 10 · step 1/10 · screen 1/3 · ? help · q quit",
			"step 1/10 · screen 1/3 · no step 99: the steps are 1 to 10"}},
		{40, "99\n", []string{"step 1/10 · ? help · q quit", "no step 99: the steps are 1 to 10"}},
		{80, "l\n", []string{
			"lesson 10 · step 1/10 · screen 1/3 · Enter next · b back · ? help · q quit",
			"lesson 10 · step 1/10 · N Enter go to step N · Enter back to the step · q quit"}},
		{60, "l\n", []string{
			"lesson 10 · step 1/10 · screen 1/3 · ? help · q quit",
			"lesson 10 · step 1/10 · Enter back · q quit"}},
		{80, "?\n", []string{
			"lesson 10 · step 1/10 · screen 1/3 · Enter next · b back · ? help · q quit",
			"lesson 10 · step 1/10 · Enter back to the step · q quit"}},
		{40, "?\n", []string{"step 1/10 · ? help · q quit", "step 1/10 · Enter more · q quit"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q at %d columns", tt.input, tt.width), func(t *testing.T) {
			var out bytes.Buffer
			p := Pager{Out: &out, In: strings.NewReader(tt.input), Size: func() (int, int) { return tt.width, 24 }}
			if _, err := p.Walk(context.Background(), tenSteps(), 0); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range regexp.MustCompile(`\n\[([^\n]*)\] `).FindAllStringSubmatch(out.String(), -1) {
				got = append(got, m[1])
				if n := utf8.RuneCountInString(m[1]); n >= tt.width {
					t.Errorf("prompt %q is %d columns wide at %d", m[1], n, tt.width)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("prompts =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestKeyName(t *testing.T) {
	tests := []struct{ key, want string }{
		{"x", `"x"`},
		{keyEsc, "Esc"},
		{"\x1bOP", "F1"},
		{"\x1b[11~", "F1"},
		{"\x1b[24~", "F12"},
		{"\x1b[A", "↑"},
		{"\x1b[3~", "Delete"},
		{"\t", "Tab"},
		{keyBackspace, "Backspace"},
		{"\x01", "Ctrl-A"},
		{"\x1b[1;5C", "that key"}, // Ctrl-→: modifiers are not named
	}
	for _, tt := range tests {
		if got := keyName(tt.key); got != tt.want {
			t.Errorf("keyName(%q) = %q; want %q", tt.key, got, tt.want)
		}
	}
}

// TestRawHints: on a terminal, / and Enter asks for a word as / Space
// Enter does, and a refused key is named.
func TestRawHints(t *testing.T) {
	for _, tt := range []struct{ keys, want string }{
		{"/\r", "type a word after /, then Enter"},
		{"/ \r", "type a word after /, then Enter"},
		{"\x1b", "Esc is not a key here; ? lists them"},
		{"\x1bOP", "F1 is not a key here; ? lists them"},
	} {
		var out bytes.Buffer
		p := Pager{Out: &out, In: strings.NewReader(tt.keys + "q"), Raw: true, Size: func() (int, int) { return 80, 24 }}
		if _, err := p.Walk(context.Background(), fake(), 0); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), tt.want) {
			t.Errorf("raw keys %q: output lacks %q:\n%q", tt.keys, tt.want, out.String())
		}
	}
}

// TestPagingKeys: PgDn and PgUp page as Enter and b do; Home and End go
// to the step's first and last screen.
func TestPagingKeys(t *testing.T) {
	for _, tt := range []struct{ keys, want string }{
		{keyPgDn, "step 1/10 · screen 2/"},
		{keyPgDn + keyPgUp, "step 1/10 · screen 1/"},
		{"\x1b[4~", "step 1/10 · screen 3/3"},
		{"\x1b[F" + "\x1b[1~", "step 1/10 · screen 1/"},
		{"\x1bOF" + "\x1b[H", "step 1/10 · screen 1/"},
		{"\x1b[8~", "step 1/10 · screen 3/3"},
	} {
		var out bytes.Buffer
		p := Pager{Out: &out, In: strings.NewReader(tt.keys + "q"), Raw: true, Size: func() (int, int) { return 60, 24 }}
		if _, err := p.Walk(context.Background(), tenSteps(), 0); err != nil {
			t.Fatal(err)
		}
		// The last prompt before q.
		prompts := regexp.MustCompile(`\x1b\[7m([^\x1b]*)\x1b\[0m`).FindAllStringSubmatch(out.String(), -1)
		if last := prompts[len(prompts)-1][1]; !strings.Contains(last, tt.want) {
			t.Errorf("raw keys %q end at %q; want %q", tt.keys, last, tt.want)
		}
	}
}

// promptWriter collects a raw walk's output and reports each prompt
// drawn: after one, the walk waits for a key or a resize.
type promptWriter struct {
	mu      sync.Mutex
	b       bytes.Buffer
	prompts chan string
}

func (p *promptWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m := regexp.MustCompile(`\x1b\[7m([^\x1b]*)\x1b\[0m`).FindSubmatch(b); m != nil {
		p.prompts <- string(m[1])
	}
	return p.b.Write(b)
}

// TestRawPagerRedrawsOnResize: a resize redraws at once, on the screen
// that holds the line the old screen began with, and the next key goes
// on from there.
func TestRawPagerRedrawsOnResize(t *testing.T) {
	l, err := Find("10")
	if err != nil {
		t.Fatal(err)
	}
	var size atomic.Value
	size.Store([2]int{80, 24})
	keys, feed := io.Pipe()
	defer feed.Close()
	resized := make(chan os.Signal)
	out := &promptWriter{prompts: make(chan string, 100)}
	p := Pager{Out: out, In: keys, Raw: true, resized: resized,
		Size: func() (int, int) { s := size.Load().([2]int); return s[0], s[1] }}
	done := make(chan error, 1)
	go func() {
		_, err := p.Walk(context.Background(), l, 0)
		done <- err
	}()
	<-out.prompts
	for range 4 {
		io.WriteString(feed, "\r")
		<-out.prompts
	}
	w := &walk{Pager: Pager{Size: func() (int, int) { return 80, 24 }}, l: l, outs: map[int]string{}, laid: -1}
	if err := w.layout(); err != nil {
		t.Fatal(err)
	}
	first := strings.TrimSpace(w.screens[4][0]) // screen 5 at 80x24
	size.Store([2]int{60, 20})
	resized <- syscall.Signal(0) // what SIGWINCH would deliver
	prompt := <-out.prompts
	out.mu.Lock()
	s := out.b.String()
	out.mu.Unlock()
	redrawn := s[strings.LastIndex(s, "\x1b[H\x1b[2J"):]
	if !strings.Contains(redrawn, first) {
		t.Errorf("after the resize the screen lacks %q, the line screen 5 began with:\n%s", first, redrawn)
	}
	if !strings.Contains(prompt, "step 1/8 · screen ") || !strings.Contains(prompt, "? help · q quit") {
		t.Errorf("prompt after the resize = %q", prompt)
	}
	w.Size = func() (int, int) { return 60, 20 }
	w.page = 4
	if err := w.layout(); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("screen %d/%d", w.page+1, len(w.screens)); !strings.Contains(prompt, want) {
		t.Errorf("prompt after the resize = %q; want %s", prompt, want)
	}
	io.WriteString(feed, "\r")
	if prompt, want := <-out.prompts, fmt.Sprintf("screen %d/%d", w.page+2, len(w.screens)); !strings.Contains(prompt, want) {
		t.Errorf("Enter after the resize: prompt %q; want %s", prompt, want)
	}
	io.WriteString(feed, "q")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestListWidth(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{0, 60, 100} {
		var b strings.Builder
		ListWidth(&b, all, width)
		lines := strings.Split(b.String(), "\n")
		for i, l := range all {
			line := lines[i]
			if width > 0 && utf8.RuneCountInString(line) > width {
				t.Errorf("ListWidth(%d) line %q is wider", width, line)
			}
			head := fmt.Sprintf("%2d  %s", l.Number, l.Title)
			summary := strings.TrimSpace(strings.TrimPrefix(line, head))
			if width == 0 && summary != l.Summary {
				t.Errorf("ListWidth(0) shortened lesson %d's summary to %q", l.Number, summary)
			}
			// A shortened summary ends at a word of the whole one.
			cut, short := strings.CutSuffix(summary, "...")
			if short && !strings.HasPrefix(l.Summary, cut+" ") && !strings.HasPrefix(l.Summary, cut+", ") &&
				!strings.HasPrefix(l.Summary, cut+"; ") && !strings.HasPrefix(l.Summary, cut+": ") {
				t.Errorf("ListWidth(%d) shortened %q to %q, inside a word", width, l.Summary, summary)
			}
			if !short && summary != l.Summary && summary != "" {
				t.Errorf("ListWidth(%d) changed %q to %q", width, l.Summary, summary)
			}
		}
	}
}

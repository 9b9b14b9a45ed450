package lessons

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
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

var promptRE = regexp.MustCompile(`\n\[(lesson [^\]]*)\] `)

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
			want: []string{"--- Step 1 of 3: First", "lesson 3 · step 1/3"}, notWant: []string{"--- Step 2"}},
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
		{name: "? shows the keys", input: "?\nq\n", want: []string{"/word then Enter"}},
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
		{[]string{"/", "\r"}, command{act: actBad, key: "/"}},
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
	got := paginate(parts, 4)
	want := [][]string{{"a", "b"}, {"c", "d", "e"}, {"1", "2", "3", "4"}, {"5", "6", "7"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paginate = %q; want %q", got, want)
	}
}

// TestListFits80Columns checks that jwtlab learn's list fits an 80-column
// terminal, and still names every lesson with the start of its summary.
func TestListFits80Columns(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	List(&b, all)
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for _, line := range lines {
		if n := utf8.RuneCountInString(line); n > listWidth {
			t.Errorf("List line is %d columns wide; want at most %d:\n%s", n, listWidth, line)
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

package lessons

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// unfold joins each folded line to the line it continues, dropping the
// continuation's indentation and mark.
func unfold(lines []string) []string {
	var out []string
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(strings.TrimLeft(l, " "), contMark); ok && len(out) > 0 {
			out[len(out)-1] += rest
			continue
		}
		out = append(out, l)
	}
	return out
}

// TestFoldKeepsEveryLine renders every step of every lesson at 60 and 80
// columns and checks it against the same step unwrapped (as learn N
// -plain | cat prints it): no line is wider than the screen, no word is
// split without a mark (the words are the same once folded lines are
// joined), and every code or output line, joined again, is the original.
func TestFoldKeepsEveryLine(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	rule := regexp.MustCompile(`^=+$`) // as wide as the screen allows
	for _, width := range []int{60, 80} {
		for _, l := range all {
			t.Run(fmt.Sprintf("lesson %d at %d columns", l.Number, width), func(t *testing.T) {
				for i, s := range l.Steps {
					out, err := runStep(l, i)
					if err != nil {
						t.Fatal(err)
					}
					whole, folded := stepParts(l, i, out, 0, 0), stepParts(l, i, out, width, 0)
					if len(whole) != len(folded) {
						t.Fatalf("step %q has %d parts unwrapped, %d at %d columns", s.Title, len(whole), len(folded), width)
					}
					for p := range whole {
						for _, line := range folded[p] {
							if n := utf8.RuneCountInString(line); n > width {
								t.Errorf("step %q: a line of %d columns: %q", s.Title, n, line)
							}
						}
						joined := unfold(folded[p])
						words := func(lines []string) []string {
							return strings.Fields(rule.ReplaceAllString(strings.Join(lines, "\n"), ""))
						}
						if got, want := words(joined), words(whole[p]); !slices.Equal(got, want) {
							i := 0
							for i < min(len(got), len(want)) && got[i] == want[i] {
								i++
							}
							t.Errorf("step %q part %d: word %d is %q at %d columns, %q unwrapped",
								s.Title, p, i, got[min(i, len(got)-1)], width, want[min(i, len(want)-1)])
						}
						for _, line := range whole[p] {
							// Unwrapped, only code, output and Try it
							// lines are indented four spaces.
							if strings.HasPrefix(line, "    ") && !slices.Contains(joined, line) {
								t.Errorf("step %q: code line %q is not whole once its pieces are joined", s.Title, line)
							}
						}
					}
				}
			})
		}
	}
}

// TestFoldCode shows where a long code line breaks, and that its pieces,
// without the continuation's indentation and mark, are the line again.
func TestFoldCode(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		width int
		want  []string
	}{
		{"a line that fits stays whole",
			"    fmt.Println(x)", 20, []string{"    fmt.Println(x)"}},
		{"after the last space that fits, indented under the line",
			"            fmt.Fprintln(w, \"vulnerable:             \", Outcome(DecodeOnly(), forged))", 80,
			[]string{"            fmt.Fprintln(w, \"vulnerable:             \", Outcome(DecodeOnly(), ",
				"              ↪ forged))"}},
		{"a shell command breaks at a space, not in a word",
			"    cut -d. -f2 lessons/01-segments/testdata/access.jwt | basenc --base64url -d 2>/dev/null; echo", 80,
			[]string{"    cut -d. -f2 lessons/01-segments/testdata/access.jwt | basenc --base64url -d ",
				"      ↪ 2>/dev/null; echo"}},
		{"after punctuation when no space is in the line's second half",
			"    x := golangjwt.Parse(golangjwt.NewParser(now), key)", 40,
			[]string{"    x := golangjwt.Parse(golangjwt.", "      ↪ NewParser(now), key)"}},
		{"a word longer than any line is cut where the line ends",
			"    eyJhbGciOiJIUzI1NiJ9eyJzdWIiOiIxIn0", 20,
			[]string{"    eyJhbGciOiJIUzI1", "      ↪ NiJ9eyJzdWIi", "      ↪ OiIxIn0"}},
		{"deep indentation leaves the rest half the line",
			strings.Repeat(" ", 30) + "return a + b + c + d", 40,
			[]string{strings.Repeat(" ", 30) + "return a ", strings.Repeat(" ", 16) + "  ↪ + b + c + d"}},
		{"width 0, piped output, never folds",
			strings.Repeat("x ", 100), 0, []string{strings.Repeat("x ", 100)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := foldCode(tt.line, tt.width)
			if !slices.Equal(got, tt.want) {
				t.Errorf("foldCode(%q, %d) =\n%q\nwant\n%q", tt.line, tt.width, got, tt.want)
			}
			if j := unfold(got); len(j) != 1 || j[0] != tt.line {
				t.Errorf("foldCode(%q, %d) pieces join into %q", tt.line, tt.width, j)
			}
			for _, l := range got {
				if tt.width > 0 && utf8.RuneCountInString(l) > tt.width {
					t.Errorf("foldCode(%q, %d) has a line of %d runes: %q", tt.line, tt.width, utf8.RuneCountInString(l), l)
				}
			}
		})
	}
}

func TestFoldText(t *testing.T) {
	tests := []struct {
		name        string
		line        string
		width, hang int
		want        []string
	}{
		{"breaks at spaces", "one two three four", 9, 0, []string{"one two", "three", "four"}},
		{"the rest hangs under the text column", "  l    list the steps of this lesson", 20, 7,
			[]string{"  l    list the", "       steps of this", "       lesson"}},
		{"a hang past half the width is cut to half", "k   a b c d e f g h", 10, 4, []string{"k   a b c", "    d e f", "    g h"}},
		{"a word longer than the line is cut and marked", "see https://example.com/a/very/long/path", 16, 0,
			[]string{"see", "https://example.", "↪ com/a/very/lon", "↪ g/path"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := foldText(tt.line, tt.width, tt.hang); !slices.Equal(got, tt.want) {
				t.Errorf("foldText(%q, %d, %d) = %q; want %q", tt.line, tt.width, tt.hang, got, tt.want)
			}
		})
	}
}

// TestPrintKeepsLinesWhole: piped, a lesson's lines are printed whole,
// so that a Try it command can be copied.
func TestPrintKeepsLinesWhole(t *testing.T) {
	l, err := Find("1")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Print(&out, l, len(l.Steps)-1, 0, 0); err != nil {
		t.Fatal(err)
	}
	const cmd = "    cut -d. -f2 lessons/01-segments/testdata/access.jwt | basenc --base64url -d 2>/dev/null; echo\n"
	if !strings.Contains(out.String(), cmd) {
		t.Errorf("Print(width 0) lacks the whole line %q:\n%s", cmd, out.String())
	}
	if strings.Contains(out.String(), contMark) {
		t.Errorf("Print(width 0) folded a line:\n%s", out.String())
	}
}

func TestPageAt(t *testing.T) {
	marks := []mark{{0, 0}, {1, 0}, {2, 0}, {2, 40}, {2, 90}, {3, 0}}
	tests := []struct {
		at   mark
		want int
	}{
		{mark{0, 0}, 0},
		{mark{0, 99}, 0},
		{mark{2, 0}, 2},
		{mark{2, 39}, 2},
		{mark{2, 40}, 3},
		{mark{2, 89}, 3},
		{mark{3, 5}, 5},
	}
	for _, tt := range tests {
		if got := pageAt(marks, tt.at); got != tt.want {
			t.Errorf("pageAt(%v, %v) = %d; want %d", marks, tt.at, got, tt.want)
		}
	}
}

// TestResizeKeepsPlace lays every screen of a long step out at one size,
// then at another, and checks that the line the screen began with is on
// the screen the walk moves to, wherever the new wrapping put it.
func TestResizeKeepsPlace(t *testing.T) {
	l, err := Find("10")
	if err != nil {
		t.Fatal(err)
	}
	sizes := [][2]int{{80, 24}, {60, 20}, {40, 12}, {120, 40}}
	for _, from := range sizes {
		for _, to := range sizes {
			if from == to {
				continue
			}
			size := from
			w := &walk{Pager: Pager{Size: func() (int, int) { return size[0], size[1] }}, l: l, outs: map[int]string{}, laid: -1}
			if err := w.layout(); err != nil {
				t.Fatal(err)
			}
			for page := range w.screens {
				size = from
				if err := w.layout(); err != nil {
					t.Fatal(err)
				}
				w.page = page
				first := w.screens[page][0]
				size = to
				if err := w.layout(); err != nil {
					t.Fatal(err)
				}
				// The start of the first line's text, without the spaces
				// and marks wrapping changes, is on the new screen (the
				// rest may go on to the next).
				squeeze := strings.NewReplacer(" ", "", "\n", "", contMark, "")
				start := []rune(squeeze.Replace(first))
				start = start[:min(len(start), 6)]
				if shown := squeeze.Replace(strings.Join(w.screens[w.page], "\n")); !strings.Contains(shown, string(start)) {
					t.Errorf("%dx%d screen %d began %q; at %dx%d the walk shows screen %d, which lacks it:\n%s",
						from[0], from[1], page+1, first, to[0], to[1], w.page+1, strings.Join(w.screens[w.page], "\n"))
				}
			}
		}
	}
}

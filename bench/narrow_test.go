package bench

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrapKeepsSpacingAndIndents(t *testing.T) {
	got := wrap("mode:      closed loop, 32 workers, 1s per attack; flood: at half the rate", 40, "  ")
	want := []string{"mode:      closed loop, 32 workers, 1s", "  per attack; flood: at half the rate"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q; want %q", got, want)
	}
	if got := wrap("short", 40, "  "); len(got) != 1 || got[0] != "short" {
		t.Errorf("a line that fits = %q", got)
	}
	if got := wrap("a "+strings.Repeat("x", 50)+" b", 20, "  "); len(got) != 3 || got[1] != "  "+strings.Repeat("x", 50) {
		t.Errorf("a word longer than the line = %q; want it whole on a line of its own", got)
	}
	if got := wrap(strings.Repeat("word ", 40), 0, "  "); len(got) != 1 {
		t.Errorf("width 0 wrapped: %q", got)
	}
}

func TestCutKeepsTheLiveLineOnOneRow(t *testing.T) {
	if got := cut("prod/flood/login 1.2s 40 req | prod/flood/me 1.2s 600 req", 30); utf8.RuneCountInString(got) != 30 || !strings.HasSuffix(got, "…") {
		t.Errorf("cut = %q (%d columns); want 30 ending in …", got, utf8.RuneCountInString(got))
	}
	if got := cut("fits", 30); got != "fits" {
		t.Errorf("cut of a short line = %q", got)
	}
}

// TestTableFitsTheTerminal: at 80 columns every line of the table and
// its notes fits, the narrow table says where the whole one is, and
// without a width nothing is narrowed.
func TestTableFitsTheTerminal(t *testing.T) {
	s := sampleSummary()
	var b bytes.Buffer
	if err := writeTableFit(&b, s, 80, "bench-out"); err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("%d columns: %q", n, line)
		}
	}
	for _, want := range []string{"CPU µs/ok", "a narrow table for 80 columns: bench-out/report.md", "dev+hash_*"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the narrow table lacks %q:\n%s", want, b.String())
		}
	}
	golden(t, "table.narrow.golden.txt", b.Bytes())

	var whole bytes.Buffer
	if err := writeTableFit(&whole, s, 0, "bench-out"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(whole.String(), "RSS MiB") || strings.Contains(whole.String(), "narrow") {
		t.Errorf("without a width the table was narrowed:\n%s", whole.String())
	}
}

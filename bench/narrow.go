package bench

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// On a terminal narrower than the table (80 columns is the classic; the
// whole table is twice that), the bench prints what fits: a narrow table
// of the columns that answer "how fast, how slow, at what cost", its
// notes and progress lines wrapped at word boundaries, and the live line
// cut to one row, since a wrapped live line cannot be redrawn in place.
// Piped or written to a file, nothing is cut: the whole table is there,
// as it is in report.md.

// narrowHead are the columns of the narrow table.
var narrowHead = []string{"target", "scenario", "load", "ok/s", "p50 ms", "p99 ms", "ok %", "CPU µs/ok", "x floor"}

// narrowRows keeps those columns of each full row.
func narrowRows(rs []Result) [][]string {
	keep := make([]int, len(narrowHead))
	for i, h := range narrowHead {
		keep[i] = -1
		for j, f := range tableHead {
			if f == h {
				keep[i] = j
			}
		}
	}
	out := make([][]string, 0, len(rs))
	for _, row := range rows(rs) {
		n := make([]string, len(keep))
		for i, j := range keep {
			n[i] = row[j]
		}
		// "32 workers" is the closed loop's load; the narrow form says "32w".
		n[2] = strings.Replace(n[2], " workers", "w", 1)
		out = append(out, n)
	}
	return out
}

// alignedTable renders a header and rows right-aligned, as the terminal
// table is.
func alignedTable(head []string, rs [][]string, padding int) []byte {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, padding, ' ', tabwriter.AlignRight)
	for _, row := range append([][]string{head}, rs...) {
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
	return b.Bytes()
}

// widest is the number of columns of the longest line of b.
func widest(b []byte) int {
	n := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		n = max(n, utf8.RuneCountInString(strings.TrimRight(line, " ")))
	}
	return n
}

// wrap breaks s at spaces into lines of at most width columns, each line
// after the first indented by indent; the spaces between words on a line
// are kept as they were (the plan aligns its labels), and a word longer
// than a line stays whole. A width of 0 or less leaves s as it is.
func wrap(s string, width int, indent string) []string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return []string{s}
	}
	var out []string
	line, rest := "", s
	for rest != "" {
		word := strings.TrimLeft(rest, " ")
		gap := rest[:len(rest)-len(word)]
		if i := strings.IndexByte(word, ' '); i >= 0 {
			word, rest = word[:i], word[i:]
		} else {
			rest = ""
		}
		switch {
		case strings.TrimSpace(line) == "":
			line += gap + word
		case utf8.RuneCountInString(line+gap+word) <= width:
			line += gap + word
		default:
			out = append(out, line)
			line = indent + word
		}
	}
	return append(out, line)
}

// printWrapped writes each line of s wrapped to width, continuing with
// two more spaces than the line's own indent.
func printWrapped(w io.Writer, s string, width int) {
	for line := range strings.SplitSeq(strings.TrimSuffix(s, "\n"), "\n") {
		lead := len(line) - len(strings.TrimLeft(line, " "))
		for _, l := range wrap(line, width, strings.Repeat(" ", lead+2)) {
			fmt.Fprintln(w, l)
		}
	}
}

// cut shortens s to at most width columns, ending it with "…" when cut.
func cut(s string, width int) string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"
)

// printable returns s with every control and format character escaped
// (\x1b, \u202e), and backslashes doubled so the escapes are
// unambiguous: a username chosen by whoever created it cannot move the
// cursor, retitle the window, hide text or reorder it on the admin's
// terminal.
func printable(s string) string {
	if !strings.ContainsFunc(s, needsEscape) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case needsEscape(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsEscape: a hidden character, plus the backslash that starts an
// escape.
func needsEscape(r rune) bool {
	return r == '\\' || hidden(r)
}

// hidden reports the characters a terminal acts on or does not show: C0
// and C1 controls, DEL, and format characters (Cf: the bidirectional
// overrides and isolates, zero-width joiners).
func hidden(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// escapeHidden returns s with each hidden character, and each byte that
// is not UTF-8 (a lone 0x9b is CSI to a terminal that reads 8-bit
// controls), written as %q writes it (\x1b, \t, \u202e, \x9b). Unlike
// printable it leaves backslashes alone: it is the last defence for a
// whole message, whose values are already quoted where it names them,
// so a Windows path or a %q value keeps its one backslash.
func escapeHidden(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return hidden(r) || r == utf8.RuneError })
	if i < 0 {
		return s
	}
	b := []byte(s[:i])
	for s = s[i:]; s != ""; {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			b = fmt.Appendf(b, `\x%02x`, s[0])
		case hidden(r):
			q := strconv.QuoteRune(r)
			b = append(b, q[1:len(q)-1]...)
		default:
			b = append(b, s[:n]...)
		}
		s = s[n:]
	}
	return string(b)
}

// readPassword reads a password for users add and users passwd. On a
// terminal it prompts on stderr and reads with echo off, twice, as
// Django's createsuperuser does, so the password never shows on screen
// or in a terminal recording. Anything else (a pipe, a file) is the
// scripted path: one line, no prompt.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	var pw [2]string
	for i, prompt := range []string{"Password: ", "Password (again): "} {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(stderr) // the Enter that echo-off swallowed
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		pw[i] = string(b)
	}
	if pw[0] != pw[1] {
		return "", errors.New("the two passwords differ")
	}
	return pw[0], nil
}

// terminal returns v as a file when it is open on a terminal. A writer
// or reader that is not a file (a test's buffer) is not one, and neither
// is /dev/null (a character device, but no terminal).
func terminal(v any) (*os.File, bool) {
	f, ok := v.(*os.File)
	return f, ok && term.IsTerminal(f.Fd())
}

// columns is the width of the terminal v is open on, or 0 when v is no
// terminal or its size cannot be read.
func columns(v any) int {
	f, ok := terminal(v)
	if !ok {
		return 0
	}
	w, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return w
}

// isTTY reports whether v is open on a terminal, as terminal does.
func isTTY(v any) bool {
	_, ok := terminal(v)
	return ok
}

// devNull reports whether v is the null device.
func devNull(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err == nil && os.SameFile(st, null)
}

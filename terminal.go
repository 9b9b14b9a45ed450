package main

import (
	"fmt"
	"strings"
	"unicode"
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

// needsEscape: C0 and C1 controls, DEL, and format characters (Cf: the
// bidirectional overrides, zero-width joiners), plus the backslash that
// starts an escape.
func needsEscape(r rune) bool {
	return r == '\\' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

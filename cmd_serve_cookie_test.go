package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeTrustedOriginsNeedCookie: -trusted-origins without
// -refresh-cookie is a usage error (exit 2, one line); a malformed origin
// is a bad flag value, refused as flag does (its line, then the usage).
func TestServeTrustedOriginsNeedCookie(t *testing.T) {
	for _, tc := range []struct {
		args []string
		has  string
	}{
		{[]string{"-trusted-origins", "https://a.example"}, "-trusted-origins needs -refresh-cookie"},
		{[]string{"-refresh-cookie", "-trusted-origins", "https://a.example/"}, "no path"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"serve", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "x.db")}, tc.args...)...)
		line, _, _ := strings.Cut(stderr, "\n")
		if code != 2 || !strings.Contains(line, tc.has) {
			t.Errorf("serve %v: exit %d, stderr %q; want exit 2, first line containing %q", tc.args, code, stderr, tc.has)
		}
	}
}

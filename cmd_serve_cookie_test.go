package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeTrustedOriginsNeedCookie: -trusted-origins without
// -refresh-cookie is a usage error, and a malformed origin a bad flag
// value: each is said in one line (exit 2).
func TestServeTrustedOriginsNeedCookie(t *testing.T) {
	for _, tc := range []struct {
		args []string
		has  string
	}{
		{[]string{"-trusted-origins", "https://a.example"}, "-trusted-origins needs -refresh-cookie"},
		{[]string{"-refresh-cookie", "-trusted-origins", "https://a.example/"}, "no path"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"serve", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "x.db")}, tc.args...)...)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.has) {
			t.Errorf("serve %v: exit %d, stderr %q; want exit 2, one line containing %q", tc.args, code, stderr, tc.has)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestUsersListEscapes: a username with terminal escapes is listed with
// them written out, so listing users cannot drive the admin's terminal.
func TestUsersListEscapes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	getenv := func(string) string { return "" }
	evil := "evil\x1b]0;owned\x07\u202egnp.exe\\x"
	if err := run(context.Background(), []string{"users", "add", "-db", db, "-username", evil}, getenv, strings.NewReader("pw-123456\n"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"users", "list", "-db", db}, getenv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\u202e") {
		t.Errorf("users list wrote control characters: %q", out.String())
	}
	if want := `evil\x1b]0;owned\x07\u202egnp.exe\\x`; !strings.Contains(out.String(), want) {
		t.Errorf("users list = %q; want the name escaped as %s", out.String(), want)
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"demo", "demo"},
		{"démo ｄｅｍｏ", "démo ｄｅｍｏ"},
		{"a\tb\nc\x7f\u0085", `a\x09b\x0ac\x7f\x85`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{`back\slash`, `back\\slash`},
	} {
		if got := printable(tc.in); got != tc.want {
			t.Errorf("printable(%q) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

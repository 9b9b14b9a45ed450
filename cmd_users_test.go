package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestUsersCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	getenv := func(string) string { return "" }
	do := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append(args, "-db", db), getenv, strings.NewReader(stdin), &out, io.Discard)
		return out.String(), err
	}
	if out, err := do("demo-password-123\n", "users", "add", "-username", "demo"); err != nil || !strings.Contains(out, "id 1") {
		t.Fatalf("users add = %q, %v; want id 1", out, err)
	}
	if _, err := do("x\n", "users", "add", "-username", "demo"); err == nil || !strings.Contains(err.Error(), "already taken") {
		t.Errorf("adding demo twice = %v; want already taken", err)
	}
	if _, err := do("\n", "users", "add", "-username", "empty"); err == nil || !strings.Contains(err.Error(), "empty password") {
		t.Errorf("empty password = %v; want an error", err)
	}
	if _, err := do("new-password-456\n", "users", "passwd", "-username", "demo"); err != nil {
		t.Errorf("users passwd = %v", err)
	}
	if _, err := do("", "users", "deactivate", "-username", "nobody"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("deactivating nobody = %v; want not found", err)
	}
	if _, err := do("", "users", "deactivate", "-username", "demo"); err != nil {
		t.Errorf("users deactivate = %v", err)
	}
	out, err := do("", "users", "list")
	if err != nil || !strings.Contains(out, "1   demo      false") {
		t.Errorf("users list = %q, %v; want demo inactive", out, err)
	}
}

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

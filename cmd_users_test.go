package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestUsersCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	do := func(stdin string, args ...string) (string, error) {
		out, _, err := runJWTLab(stdin, append(args, "-db", db)...)
		return out, err
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
	evil := "evil\x1b]0;owned\x07\u202egnp.exe\\x"
	if _, _, err := runJWTLab("pw-123456\n", "users", "add", "-db", db, "-username", evil); err != nil {
		t.Fatal(err)
	}
	out, _, err := runJWTLab("", "users", "list", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("users list wrote control characters: %q", out)
	}
	if want := `evil\x1b]0;owned\x07\u202egnp.exe\\x`; !strings.Contains(out, want) {
		t.Errorf("users list = %q; want the name escaped as %s", out, want)
	}
}

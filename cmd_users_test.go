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

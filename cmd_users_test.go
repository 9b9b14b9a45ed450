package main

import (
	"path/filepath"
	"regexp"
	"slices"
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

// TestUsersHelp: jwtlab users -h (or help) lists every verb with the
// flags that verb really has, and says where add and passwd read the
// password; each verb's own -h still lists its flags; users without a
// verb is a usage error in one line that points at users -h.
func TestUsersHelp(t *testing.T) {
	flagName := regexp.MustCompile(`(?m)^  (-[a-z-]+)`)
	for _, help := range []string{"-h", "help"} {
		status, out, errOut := runCLI(t, "", "users", help)
		if status != 0 || out != "" || !strings.HasPrefix(errOut, "usage: jwtlab users VERB [flags]\n") {
			t.Fatalf("jwtlab users %s = %d, stdout %q, stderr %q; want 0 and the usage on stderr", help, status, out, errOut)
		}
		for _, verb := range []string{"add", "list", "passwd", "deactivate", "revoke", "flush", "import-django"} {
			// The verb's line in users -h: "  add -username NAME [-db PATH]".
			line := regexp.MustCompile(`(?m)^  ` + verb + `( .*)?$`).FindString(errOut)
			if line == "" {
				t.Errorf("jwtlab users %s does not list %s:\n%s", help, verb, errOut)
				continue
			}
			listed := regexp.MustCompile(`-[a-z-]+`).FindAllString(strings.TrimPrefix(line, "  "+verb), -1)
			status, _, verbHelp := runCLI(t, "", "users", verb, "-h")
			var has []string
			for _, m := range flagName.FindAllStringSubmatch(verbHelp, -1) {
				has = append(has, m[1])
			}
			slices.Sort(listed)
			slices.Sort(has)
			if status != 0 || len(has) == 0 || !slices.Equal(listed, has) {
				t.Errorf("users -h shows %q, flags %q; jwtlab users %s -h = %d with flags %q", line, listed, verb, status, has)
			}
		}
		for _, verb := range []string{"add", "passwd"} {
			if !regexp.MustCompile(`(?m)^  ` + verb + ` .*\n.*(standard input|as add reads it)`).MatchString(errOut) {
				t.Errorf("users %s does not say %s reads the password from standard input:\n%s", help, verb, errOut)
			}
		}
	}
	if _, _, errOut := runCLI(t, "", "users", "-h"); !strings.Contains(errOut, "prompt when stdin is a terminal") {
		t.Errorf("users -h does not say add prompts on a terminal:\n%s", errOut)
	}

	status, out, errOut := runCLI(t, "", "users")
	if status != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "jwtlab users: ") || !strings.Contains(errOut, "jwtlab users -h") {
		t.Errorf("jwtlab users = %d, stdout %q, stderr %q; want 2 and one line pointing at jwtlab users -h", status, out, errOut)
	}
}

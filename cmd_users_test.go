package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"jwtlab/server/store"
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
	if code, _, stderr := runCLI(t, "\n", "users", "add", "-db", db, "-username", "empty"); code != 2 || !strings.Contains(stderr, "empty password") {
		t.Errorf("empty password: exit %d, stderr %q; want exit 2 and empty password", code, stderr)
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
		if status != 0 || errOut != "" || !strings.HasPrefix(out, "usage: jwtlab users VERB [flags]\n") {
			t.Fatalf("jwtlab users %s = %d, stdout %q, stderr %q; want 0 and the usage on stdout", help, status, out, errOut)
		}
		for _, verb := range []string{"add", "list", "passwd", "deactivate", "revoke", "flush", "import-django"} {
			// The verb's line in users -h: "  add -username NAME [-db PATH]".
			line := regexp.MustCompile(`(?m)^  ` + verb + `( .*)?$`).FindString(out)
			if line == "" {
				t.Errorf("jwtlab users %s does not list %s:\n%s", help, verb, out)
				continue
			}
			listed := regexp.MustCompile(`-[a-z-]+`).FindAllString(strings.TrimPrefix(line, "  "+verb), -1)
			status, verbHelp, _ := runCLI(t, "", "users", verb, "-h")
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
			if !regexp.MustCompile(`(?m)^  ` + verb + ` .*\n.*(standard input|as add reads it)`).MatchString(out) {
				t.Errorf("users %s does not say %s reads the password from standard input:\n%s", help, verb, out)
			}
		}
	}
	if _, out, _ := runCLI(t, "", "users", "-h"); !strings.Contains(out, "prompt when stdin is a terminal") {
		t.Errorf("users -h does not say add prompts on a terminal:\n%s", out)
	}

	status, out, errOut := runCLI(t, "", "users")
	if status != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "jwtlab users: ") || !strings.Contains(errOut, "jwtlab users -h") {
		t.Errorf("jwtlab users = %d, stdout %q, stderr %q; want 2 and one line pointing at jwtlab users -h", status, out, errOut)
	}
}

// TestUsersRefuseUnusableCredentials: users add and users passwd refuse,
// in one line naming the reason and with exit status 2, a credential the
// login could never accept (server.CheckUsername and CheckPassword, which
// server's TestCredentialRuleMatchesLogin holds to the login), and write
// nothing: add creates no database, passwd leaves the hash as it was.
func TestUsersRefuseUnusableCredentials(t *testing.T) {
	const good = "demo-password-123\n"
	long := strings.Repeat
	for _, tc := range []struct {
		name, user, stdin, why string
	}{
		{"a username beginning with a space", " demo", good, "the username begins or ends with white space, which login strips as DRF does, so it could never log in"},
		{"a username ending with a tab", "demo\t", good, "the username begins or ends with white space"},
		{"a username NFKC begins with a space", "\u00a8demo", good, "stored as \" \u0308demo\" (NFKC, as Django's create_user does), the username begins or ends with white space"},
		{"a username of white space only", "   ", good, "the username is only white space"},
		{"a username of 151 characters", long("a", 151), good, "the username is 151 characters; login takes at most 150"},
		{"a password beginning with a space", "demo", " demo-password-123\n", "the password begins or ends with white space, which login strips as DRF does, so it could never log in"},
		{"a password ending with a space", "demo", "demo-password-123 \n", "the password begins or ends with white space"},
		{"a password of white space only", "demo", "   \n", "the password is only white space"},
		{"a password of 4097 characters", "demo", long("p", 4097) + "\n", "the password is 4097 characters; login takes at most 4096"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "users.db")
			code, out, stderr := runCLI(t, tc.stdin, "users", "add", "-db", db, "-username", tc.user)
			if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.why) {
				t.Errorf("users add: exit %d, stdout %q, stderr %q; want exit 2 and one line containing %q", code, out, stderr, tc.why)
			}
			if names, _ := os.ReadDir(dir); len(names) != 0 {
				t.Errorf("a refused users add left %v; want nothing written", names)
			}
			if tc.user != "demo" {
				return
			}
			if _, _, err := runJWTLab(good, "users", "add", "-db", db, "-username", "demo"); err != nil {
				t.Fatal(err)
			}
			before := passwordHash(t, db, "demo")
			code, out, stderr = runCLI(t, tc.stdin, "users", "passwd", "-db", db, "-username", "demo")
			if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.why) {
				t.Errorf("users passwd: exit %d, stdout %q, stderr %q; want exit 2 and one line containing %q", code, out, stderr, tc.why)
			}
			if after := passwordHash(t, db, "demo"); after != before {
				t.Errorf("a refused users passwd changed the hash")
			}
		})
	}
	// The longest the login takes, and white space inside, are added.
	db := filepath.Join(t.TempDir(), "users.db")
	if _, _, err := runJWTLab(long("p", 4096)+"\n", "users", "add", "-db", db, "-username", long("é", 150)); err != nil {
		t.Errorf("users add with a 150-character name and a 4096-character password: %v", err)
	}
	if _, _, err := runJWTLab("in side\n", "users", "add", "-db", db, "-username", "in side"); err != nil {
		t.Errorf("users add with white space inside: %v", err)
	}
}

// passwordHash is the stored hash of username in db.
func passwordHash(t *testing.T, db, username string) string {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.PasswordHash
}

// TestUsersReadOnlyTheDocumentedEnv: the users verbs read $JWTLAB_DB
// (and flush $JWTLAB_LEEWAY, in TestUsersFlushKeepsLiveBlacklistRows),
// as users -h says, and no other variable: a JWTLAB_USERNAME left in the
// environment picks no user, and JWTLAB_FROM no Django database.
func TestUsersReadOnlyTheDocumentedEnv(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	if _, _, err := runJWTLab("demo-password-123\n", "users", "add", "-db", db, "-username", "demo"); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddOutstanding(context.Background(), "live", 1, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	env := map[string]string{"JWTLAB_DB": db, "JWTLAB_USERNAME": "demo", "JWTLAB_FROM": db}
	for _, verb := range []string{"add", "passwd", "deactivate", "revoke"} {
		code, out, stderr := runCLIEnv(t, env, "users", verb)
		if code != 2 || out != "" || !strings.Contains(stderr, "-username is required") {
			t.Errorf("users %s with JWTLAB_USERNAME=demo: exit %d, stdout %q, stderr %q; want exit 2, -username is required", verb, code, out, stderr)
		}
	}
	if code, _, stderr := runCLIEnv(t, env, "users", "import-django"); code != 2 || !strings.Contains(stderr, "-from is required") {
		t.Errorf("users import-django with JWTLAB_FROM set: exit %d, stderr %q; want exit 2, -from is required", code, stderr)
	}
	code, out, _ := runCLIEnv(t, env, "users", "list")
	if code != 0 || !regexp.MustCompile(`(?m)^1 +demo +true `).MatchString(out) {
		t.Errorf("users list with JWTLAB_DB: exit %d, %q; want demo, active, from $JWTLAB_DB", code, out)
	}
	if code, out, _ := runCLIEnv(t, env, "users", "revoke", "-username", "demo"); code != 0 || out != "revoked 1 refresh tokens of \"demo\"\n" {
		t.Errorf("users revoke -username demo with JWTLAB_DB: exit %d, %q; want the one token revoked", code, out)
	}
}

// TestUsersNeedAnExistingDatabase: the verbs that read or change users
// already there refuse a SQLite path with no database in one line (exit
// 2) and create no file; users add creates one.
func TestUsersNeedAnExistingDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fresh.db")
	for _, args := range [][]string{
		{"list"},
		{"passwd", "-username", "demo"},
		{"deactivate", "-username", "demo"},
		{"revoke", "-username", "demo"},
		{"flush"},
	} {
		code, out, stderr := runCLI(t, "demo-password-123\n", append([]string{"users", args[0], "-db", db}, args[1:]...)...)
		want := fmt.Sprintf("no database at %q; users add, users import-django or serve creates one", db)
		if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) {
			t.Errorf("users %v: exit %d, stdout %q, stderr %q; want exit 2 and one line %q", args, code, out, stderr, want)
		}
		if names, _ := os.ReadDir(dir); len(names) != 0 {
			t.Fatalf("users %v left %v; want no file", args, names)
		}
	}
	if _, _, err := runJWTLab("demo-password-123\n", "users", "add", "-db", db, "-username", "demo"); err != nil {
		t.Errorf("users add on a new path: %v; want the database created", err)
	}
}

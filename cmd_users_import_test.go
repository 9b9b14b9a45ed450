package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jwtlab/internal/jose"
	"jwtlab/internal/testenv"
	"jwtlab/server"
	"jwtlab/server/store"
)

// requireDjango skips unless /usr/bin/python3 has Django, simplejwt and
// the argon2 and bcrypt libraries Django's hashers load; under
// JWTLAB_INTEGRATION=1 their absence fails the test instead.
func requireDjango(t *testing.T) {
	t.Helper()
	testenv.Python(t, "django", "rest_framework_simplejwt", "argon2", "bcrypt")
}

// djangoScript runs in the peer's manage.py shell after setup.sh made
// demo and inactive-demo. It leaves a gap in the ids (so keeping them
// is visible), adds a user per other hasher and one with an unusable
// password, and mints two refresh tokens for demo, blacklisting one,
// as a logout through simplejwt's blacklist app does. The argon2 and
// bcrypt hashes use low work factors so the Go side stays fast under
// -race; the format is the same at any cost.
const djangoScript = `
import json
from django.contrib.auth import get_user_model
from django.contrib.auth import hashers
from rest_framework_simplejwt.tokens import RefreshToken

User = get_user_model()
pw = "demo-password-123"

class CheapArgon2(hashers.Argon2PasswordHasher):
    memory_cost = 512
    parallelism = 2

class CheapBCryptSHA256(hashers.BCryptSHA256PasswordHasher):
    rounds = 4

for i in range(5):
    User.objects.create(username="gone-%d" % i).delete()

def add(name, encoded):
    u = User.objects.create(username=name)
    u.password = encoded
    u.save()

sha1 = hashers.PBKDF2SHA1PasswordHasher()
add("sha1-user", sha1.encode(pw, sha1.salt(), 1000))
a = CheapArgon2()
add("argon2-user", a.encode(pw, a.salt()))
b = CheapBCryptSHA256()
add("bcrypt-user", b.encode(pw, b.salt()))
u = User.objects.create(username="unusable-user")
u.set_unusable_password()
u.save()

demo = User.objects.get(username="demo")
live = RefreshToken.for_user(demo)
revoked = RefreshToken.for_user(demo)
revoked.blacklist()
print(json.dumps({
    "ids": {u.username: u.id for u in User.objects.all()},
    "refresh": str(live),
    "access": str(live.access_token),
    "revoked": str(revoked),
}))
`

type djangoFixture struct {
	from    string // the Django database: a SQLite file or a postgres:// URL
	IDs     map[string]int64
	Refresh string
	Access  string
	Revoked string
}

// makeDjangoDB builds a real Django database with the peer's setup.sh and
// djangoScript: a SQLite file, or with pgURL set, a fresh schema in that
// PostgreSQL database.
func makeDjangoDB(t *testing.T, pgURL string) djangoFixture {
	t.Helper()
	requireDjango(t)
	dir := t.TempDir()
	peer, err := filepath.Abs("bench/peers/django")
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PEER_DATA_DIR="+dir, "JWT_SIGNING_KEY="+testSecret)
	f := djangoFixture{from: filepath.Join(dir, "db.sqlite3")}
	if pgURL != "" {
		schema, dsn := testenv.PostgresSchema(t, pgURL, "jwtlab_django_")
		settings, err := filepath.Abs("testdata")
		if err != nil {
			t.Fatal(err)
		}
		env = append(env, "DJANGO_SETTINGS_MODULE=django_postgres_settings", "PYTHONPATH="+peer+":"+settings,
			"JWTLAB_DJANGO_PG_URL="+pgURL, "JWTLAB_DJANGO_PG_SCHEMA="+schema)
		f.from = dsn
	}
	setup := exec.Command("bash", filepath.Join(peer, "setup.sh"))
	setup.Env = env
	if out, err := setup.CombinedOutput(); err != nil {
		t.Fatalf("setup.sh: %v\n%s", err, out)
	}
	shell := exec.Command("/usr/bin/python3", "manage.py", "shell", "-c", djangoScript)
	shell.Dir, shell.Env = peer, env
	var stderr bytes.Buffer
	shell.Stderr = &stderr
	out, err := shell.Output()
	if err != nil {
		t.Fatalf("manage.py shell: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &f); err != nil {
		t.Fatalf("manage.py shell printed %q: %v", out, err)
	}
	return f
}

// TestImportDjango imports a database the real Django made, then logs
// in through the server with each of Django's hash formats, and uses
// tokens Django minted: the live one works, the blacklisted one does not.
func TestImportDjango(t *testing.T) {
	checkImportDjango(t, makeDjangoDB(t, ""))
}

// TestImportDjangoPostgres is TestImportDjango with Django's database in
// PostgreSQL (JWTLAB_POSTGRES_URL; .ci/start-postgres prints one).
func TestImportDjangoPostgres(t *testing.T) {
	checkImportDjango(t, makeDjangoDB(t, testenv.PostgresURL(t)))
}

func checkImportDjango(t *testing.T, f djangoFixture) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "jwtlab.db")
	out, _, err := runJWTLab("", "users", "import-django", "-db", db, "-from", f.from)
	wantUsers := fmt.Sprintf("imported %d users", len(f.IDs))
	if err != nil || !strings.Contains(out, wantUsers) || !strings.Contains(out, "skipped 0") ||
		!strings.Contains(out, "imported 1 blacklisted and 2 outstanding") {
		t.Fatalf("import-django = %q, %v; want %q, 1 blacklisted and 2 outstanding tokens", out, err, wantUsers)
	}
	list, _, err := runJWTLab("", "users", "list", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	wantScheme := map[string]string{
		"demo": "pbkdf2_sha256", "inactive-demo": "pbkdf2_sha256", "sha1-user": "pbkdf2_sha1",
		"argon2-user": "argon2", "bcrypt-user": "bcrypt_sha256", "unusable-user": "unusable",
	}
	checkList(t, list, wantScheme)

	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for name, id := range f.IDs {
		if u, err := st.UserByUsername(ctx, name); err != nil || u.ID != id {
			t.Errorf("%s here = id %d, %v; want Django's id %d", name, u.ID, err, id)
		}
	}
	keys, err := server.NewKeys(jose.Secret(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	cfg := server.DevConfig()
	cfg.AccessLog = "off"
	srv := httptest.NewServer(server.New(cfg, st, keys, nil))
	defer srv.Close()

	for name, want := range map[string]int{
		"demo": 200, "sha1-user": 200, "argon2-user": 200, "bcrypt-user": 200,
		"inactive-demo": 401, "unusable-user": 401,
	} {
		if code, body := postJSON(t, srv.URL+"/api/token/", `{"username":"`+name+`","password":"demo-password-123"}`); code != want {
			t.Errorf("login %s = %d %v; want %d", name, code, body, want)
		}
	}
	for _, name := range []string{"demo", "sha1-user", "argon2-user", "bcrypt-user"} {
		wantScheme[name] = "argon2id"
	}
	list, _, _ = runJWTLab("", "users", "list", "-db", db)
	checkList(t, list, wantScheme)

	// Django's tokens, signed with the same key, name users by id.
	req, _ := http.NewRequest("GET", srv.URL+"/api/me/", nil)
	req.Header.Set("Authorization", "Bearer "+f.Access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var me map[string]any
	json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if resp.StatusCode != 200 || me["username"] != "demo" {
		t.Errorf("/api/me/ with Django's access token = %d %v; want 200 demo", resp.StatusCode, me)
	}
	if code, body := postJSON(t, srv.URL+"/api/token/refresh/", `{"refresh":"`+f.Refresh+`"}`); code != 200 {
		t.Errorf("refresh with Django's live refresh token = %d %v; want 200", code, body)
	}
	if code, body := postJSON(t, srv.URL+"/api/token/refresh/", `{"refresh":"`+f.Revoked+`"}`); code != 401 || body["detail"] != "Token is blacklisted" {
		t.Errorf("refresh with the token Django blacklisted = %d %v; want 401 Token is blacklisted", code, body)
	}

	// Again: nothing new, and it says so.
	out, _, err = runJWTLab("", "users", "import-django", "-db", db, "-from", f.from)
	if wantSkipped := fmt.Sprintf("skipped %d", len(f.IDs)); err != nil || !strings.Contains(out, "imported 0 users") || !strings.Contains(out, wantSkipped) {
		t.Errorf("second import-django = %q, %v; want 0 imported, %q", out, err, wantSkipped)
	}
}

// checkList checks the HASH column of users list.
func checkList(t *testing.T, list string, want map[string]string) {
	t.Helper()
	for _, line := range strings.Split(list, "\n")[1:] {
		fields := strings.Fields(line)
		if len(fields) != 5 {
			continue
		}
		if w, ok := want[fields[1]]; ok && fields[4] != w {
			t.Errorf("users list: %s has hash %s; want %s\n%s", fields[1], fields[4], w, list)
		}
	}
	for name := range want {
		if !strings.Contains(list, " "+name+" ") {
			t.Errorf("users list lacks %s:\n%s", name, list)
		}
	}
}

// TestImportDjangoRefusesBadInput: each bad input is one line and exit
// status 1 (2 for a -from that names nothing), and the target database
// is left without a single user.
func TestImportDjangoRefusesBadInput(t *testing.T) {
	f := makeDjangoDB(t, "")
	dir := t.TempDir()

	// A copy of the Django database with one md5 hash (Django's
	// MD5PasswordHasher, which the server does not check).
	md5DB := filepath.Join(dir, "md5.sqlite3")
	copyFile(t, f.from, md5DB)
	execSQLite(t, md5DB, `UPDATE auth_user SET password = 'md5$salt$0123456789abcdef0123456789abcdef' WHERE username = 'bcrypt-user'`)

	noAuth := filepath.Join(dir, "noauth.sqlite3")
	execSQLite(t, noAuth, `CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)`)

	ours := filepath.Join(dir, "ours.db")
	if _, _, err := runJWTLab("demo-password-123\n", "users", "add", "-db", ours, "-username", "demo"); err != nil { // a jwtlab store, not Django's
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not sqlite "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, from, want string
		code             int
	}{
		{"a file that is not a database", garbage, "not a Django database", 1},
		{"a jwtlab store", ours, "not a Django database", 1},
		{"a Django database without auth_user", noAuth, "no auth_user table", 1},
		{"an md5 hash", md5DB, `user "bcrypt-user"`, 1},
		// A -from that names nothing is a bad flag value.
		{"a missing file", filepath.Join(dir, "nope.sqlite3"), fmt.Sprintf("-from: no Django database at %q", filepath.Join(dir, "nope.sqlite3")), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "target.db")
			code, _, msg := runCLI(t, "", "users", "import-django", "-db", target, "-from", tc.from)
			if code != tc.code || !strings.Contains(msg, tc.want) || strings.Count(msg, "\n") != 1 {
				t.Errorf("import-django -from %s: exit %d, %q; want exit %d and one line with %q", tc.name, code, msg, tc.code, tc.want)
			}
			if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused import created %s (%v); nothing must be written", target, err)
			}
		})
	}
}

// TestImportDjangoWarnsOfUnusableNames: users whose Django usernames no
// login can give (white space around, blank, over 150 characters: Django
// stores them when they skip its validators) are imported all the same,
// each named in a warning on stderr, up to five and then a count.
func TestImportDjangoWarnsOfUnusableNames(t *testing.T) {
	f := makeDjangoDB(t, "")
	from := filepath.Join(t.TempDir(), "odd.sqlite3")
	copyFile(t, f.from, from)
	odd := []string{" lead", "trail ", "\t", strings.Repeat("a", 151), "nbsp\u00a0", " six", " seven"}
	for _, name := range odd {
		execSQLite(t, from, `INSERT INTO auth_user (password, last_login, is_superuser, username, last_name, email, is_staff, is_active, date_joined, first_name)
			SELECT password, last_login, is_superuser, '`+name+`', last_name, email, is_staff, is_active, date_joined, first_name FROM auth_user WHERE username = 'demo'`)
	}
	db := filepath.Join(t.TempDir(), "jwtlab.db")
	code, out, stderr := runCLI(t, "", "users", "import-django", "-db", db, "-from", from)
	if want := fmt.Sprintf("imported %d users", len(f.IDs)+len(odd)); code != 0 || !strings.Contains(out, want) {
		t.Fatalf("import-django: exit %d, %q; want exit 0, %q", code, out, want)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 6 || lines[5] != "jwtlab users import-django: warning: and 2 more users whose usernames no login can give" {
		t.Fatalf("import-django stderr:\n%s\nwant five warnings and a line counting the other 2", stderr)
	}
	for i, name := range odd[:5] {
		if want := fmt.Sprintf("warning: user %q (id ", name); !strings.Contains(lines[i], want) {
			t.Errorf("warning %d = %q; want it to name %q", i, lines[i], name)
		}
	}
	_, list, _ := runCLI(t, "", "users", "list", "-db", db)
	if !strings.Contains(list, " lead ") {
		t.Errorf("users list after the import lacks \" lead\":\n%s", list)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func execSQLite(t *testing.T, path, q string) {
	t.Helper()
	db, err := sql.Open("sqlite", path) // the driver store registers
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

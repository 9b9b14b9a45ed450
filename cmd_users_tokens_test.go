package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jwtlab/server/store"
)

// TestServeReuseNeedsRotation: -reuse-detection alone is a usage error:
// exit 2 and one line naming the flags it needs.
func TestServeReuseNeedsRotation(t *testing.T) {
	for _, args := range [][]string{
		{"-reuse-detection"},
		{"-reuse-detection", "-rotate-refresh"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"serve", "-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "x.db")}, args...)...)
		line := stderr
		if code != 2 || strings.Count(line, "\n") != 1 || !strings.Contains(line, "-rotate-refresh and -blacklist-after-rotation") {
			t.Errorf("serve %v: exit %d, stderr %q; want exit 2 and one line naming both flags", args, code, line)
		}
	}
}

// TestUsersRevokeAndFlush drives users revoke, passwd, deactivate and
// flush against a store holding live and expired tokens.
func TestUsersRevokeAndFlush(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "users.db")
	do := func(stdin string, args ...string) (string, error) {
		out, _, err := runJWTLab(stdin, append(args, "-db", db)...)
		return out, err
	}
	// tokens adds outstanding tokens for user 1 straight into the store.
	tokens := func(exp time.Time, jtis ...string) {
		t.Helper()
		st, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for _, j := range jtis {
			if err := st.AddOutstanding(ctx, j, 1, exp); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := do("demo-password-123\n", "users", "add", "-username", "demo"); err != nil {
		t.Fatal(err)
	}
	live, dead := time.Now().Add(time.Hour), time.Now().Add(-time.Hour)
	tokens(live, "a", "b")
	tokens(dead, "old")
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
		add   []string // live tokens to add first
	}{
		{"", []string{"users", "revoke", "-username", "demo"}, "revoked 2 refresh tokens of \"demo\"\n", nil},
		{"", []string{"users", "revoke", "-username", "demo"}, "revoked 0 refresh tokens of \"demo\"\n", nil},
		{"new-password-456\n", []string{"users", "passwd", "-username", "demo"}, "changed the password of \"demo\"\nrevoked 1 refresh tokens of \"demo\"\n", []string{"c"}},
		{"", []string{"users", "deactivate", "-username", "demo"}, "deactivated \"demo\"\nrevoked 2 refresh tokens of \"demo\"\n", []string{"d", "e"}},
		{"", []string{"users", "flush"}, "deleted 1 expired outstanding tokens and 0 expired blacklist rows\n", nil},
		{"", []string{"users", "flush"}, "deleted 0 expired outstanding tokens and 0 expired blacklist rows\n", nil},
	} {
		tokens(live, tc.add...)
		out, err := do(tc.stdin, tc.args...)
		if err != nil || out != tc.want {
			t.Errorf("%s = %q, %v; want %q", strings.Join(tc.args, " "), out, err, tc.want)
		}
	}
	for _, tc := range []struct {
		args   []string
		code   int
		errHas string
	}{
		{[]string{"users", "revoke"}, 2, "-username is required"},
		{[]string{"users", "revoke", "-username", "nobody"}, 1, "not found"},
	} {
		code, _, stderr := runCLI(t, "", append(tc.args, "-db", db)...)
		if code != tc.code || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.errHas) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and one line containing %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.errHas)
		}
	}
}

// TestRevokedFamilySurvivesKill9: a family reuse detection revoked stays
// revoked after a kill -9 and a restart.
func TestRevokedFamilySurvivesKill9(t *testing.T) {
	db := filepath.Join(t.TempDir(), "jwtlab.db")
	addDemoUser(t, db)
	flags := []string{"-rotate-refresh", "-blacklist-after-rotation", "-reuse-detection", "-reuse-grace", "0"}
	p := startServe(t, db, flags...)
	r0 := p.login(t)["refresh"].(string)
	code, next := postJSON(t, p.url+"/api/token/refresh/", `{"refresh":"`+r0+`"}`)
	if code != 200 {
		t.Fatalf("refresh = %d %v", code, next)
	}
	r1 := next["refresh"].(string)
	if code, body := postJSON(t, p.url+"/api/token/refresh/", `{"refresh":"`+r0+`"}`); code != 401 {
		t.Fatalf("reuse of the retired token = %d %v; want 401", code, body)
	}
	p = p.kill9(t, db, flags...)
	code, body := postJSON(t, p.url+"/api/token/refresh/", `{"refresh":"`+r1+`"}`)
	if code != 401 || body["detail"] != "Token is blacklisted" {
		t.Errorf("refresh with the family's newest token after kill -9 = %d %v; want 401 Token is blacklisted", code, body)
	}
}

// TestUsersFlushKeepsLiveBlacklistRows: a negative -leeway, given or from
// $JWTLAB_LEEWAY, is refused in one line (exit 2) and deletes nothing,
// so a logged-out refresh token that has not expired stays blacklisted;
// $JWTLAB_LEEWAY, the server's leeway, keeps rows that long past exp.
func TestUsersFlushKeepsLiveBlacklistRows(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "users.db")
	if _, _, err := runJWTLab("demo-password-123\n", "users", "add", "-db", db, "-username", "demo"); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Blacklist(ctx, "live", 1, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Blacklist(ctx, "expired", 1, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, tc := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"-leeway", "-48h"}},
		{map[string]string{"JWTLAB_LEEWAY": "-48h"}, nil},
	} {
		code, out, stderr := runCLIEnv(t, tc.env, append([]string{"users", "flush", "-db", db}, tc.args...)...)
		if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "negative") {
			t.Errorf("users flush %v with %v: exit %d, stdout %q, stderr %q; want exit 2 and one line saying negative", tc.args, tc.env, code, out, stderr)
		}
	}
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"JWTLAB_LEEWAY": "2h"}, "deleted 0 expired outstanding tokens and 0 expired blacklist rows\n"},
		{nil, "deleted 0 expired outstanding tokens and 1 expired blacklist rows\n"},
	} {
		if code, out, stderr := runCLIEnv(t, tc.env, "users", "flush", "-db", db); code != 0 || out != tc.want {
			t.Errorf("users flush with %v: exit %d, %q %q; want %q", tc.env, code, out, stderr, tc.want)
		}
	}
	st, err = store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.IsBlacklisted(ctx, "live"); !ok || err != nil {
		t.Errorf("IsBlacklisted(live) after the flushes = %v, %v; want true: a logged-out token came back", ok, err)
	}
}

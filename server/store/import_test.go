package store

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"
)

func TestImport(t *testing.T) {
	ctx := context.Background()
	joined := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	exp := time.Now().Add(time.Hour).Truncate(time.Second)
	users := []ImportUser{
		{ID: 7, Username: "alice", PasswordHash: "pbkdf2_sha256$260000$s$h", Active: true, Joined: joined},
		{ID: 3, Username: "bob", PasswordHash: "!unusable", Active: false, Joined: joined},
	}
	tokens := []ImportToken{
		{JTI: "live", UserID: 7, Created: joined, Expires: exp},
		{JTI: "revoked", UserID: 7, Created: joined, Expires: exp, Blacklisted: joined},
		{JTI: "orphan", UserID: 0, Created: joined, Expires: exp, Blacklisted: joined},
	}
	eachStore(t, Options{}, "", func(t *testing.T, st Store) {
		r, err := st.Import(ctx, users, tokens)
		if want := (ImportResult{Users: 2, Outstanding: 3, Blacklisted: 2}); err != nil || r != want {
			t.Fatalf("Import = %+v, %v; want %+v", r, err, want)
		}
		u, err := st.UserByUsername(ctx, "alice")
		if err != nil || u.ID != 7 || u.PasswordHash != users[0].PasswordHash || !u.Active || !u.Joined.Equal(joined) {
			t.Errorf("alice after import = %+v, %v; want id 7 with her Django hash", u, err)
		}
		if u, err := st.UserByID(ctx, 3); err != nil || u.Username != "bob" || u.Active {
			t.Errorf("UserByID(3) = %+v, %v; want inactive bob", u, err)
		}
		for jti, want := range map[string]bool{"live": false, "revoked": true, "orphan": true} {
			if got, err := st.IsBlacklisted(ctx, jti); err != nil || got != want {
				t.Errorf("IsBlacklisted(%q) = %t, %v; want %t", jti, got, err, want)
			}
		}
		// A new user must not collide with an imported id.
		if u, err := st.AddUser(ctx, "carol", "x"); err != nil || u.ID != 8 {
			t.Errorf("AddUser after import = %+v, %v; want id 8", u, err)
		}

		// Again: every username and token is already here.
		r, err = st.Import(ctx, users, tokens)
		if want := (ImportResult{SkippedUsers: 2}); err != nil || r != want {
			t.Errorf("second Import = %+v, %v; want %+v", r, err, want)
		}

		// A skipped user's id is reserved all the same: a token
		// minted there for Django's carol (id 30) must never name a
		// user added here later.
		if r, err := st.Import(ctx, []ImportUser{{ID: 30, Username: "carol", PasswordHash: "x", Active: true, Joined: joined}}, nil); err != nil || r.SkippedUsers != 1 {
			t.Errorf("Import of an existing carol = %+v, %v; want 1 skipped", r, err)
		}
		if u, err := st.AddUser(ctx, "frank", "x"); err != nil || u.ID != 31 {
			t.Errorf("AddUser after a skipped id 30 = %+v, %v; want id 31", u, err)
		}

		// An id held by another username stops the whole import.
		clash := []ImportUser{
			{ID: 20, Username: "dave", PasswordHash: "x", Active: true, Joined: joined},
			{ID: 8, Username: "erin", PasswordHash: "x", Active: true, Joined: joined},
		}
		more := []ImportToken{{JTI: "late", UserID: 20, Created: joined, Expires: exp, Blacklisted: joined}}
		if _, err := st.Import(ctx, clash, more); !errors.Is(err, ErrIDTaken) {
			t.Errorf("Import over carol's id = %v; want ErrIDTaken", err)
		}
		if _, err := st.UserByUsername(ctx, "dave"); !errors.Is(err, ErrNotFound) {
			t.Errorf("dave after a failed import: %v; want ErrNotFound (nothing half-written)", err)
		}
		if got, _ := st.IsBlacklisted(ctx, "late"); got {
			t.Error("a failed import left a blacklisted jti behind")
		}
	})
}

func TestUpgradePasswordHash(t *testing.T) {
	ctx := context.Background()
	eachStore(t, Options{}, "", func(t *testing.T, st Store) {
		u, err := st.AddUser(ctx, "alice", "old")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := st.UpgradePasswordHash(ctx, u.ID, "old", "new"); !ok || err != nil {
			t.Errorf("UpgradePasswordHash(old -> new) = %t, %v; want true", ok, err)
		}
		// A users passwd in between wins over a stale upgrade.
		if ok, err := st.UpgradePasswordHash(ctx, u.ID, "old", "newer"); ok || err != nil {
			t.Errorf("UpgradePasswordHash(stale old) = %t, %v; want false", ok, err)
		}
		if u, _ := st.UserByID(ctx, u.ID); u.PasswordHash != "new" {
			t.Errorf("hash = %q; want %q", u.PasswordHash, "new")
		}
	})
}

// TestForeignHashes: the scan sees the Django hashes no login has
// replaced yet, and neither ours nor unusable passwords.
func TestForeignHashes(t *testing.T) {
	ctx := context.Background()
	const (
		pbkdf2 = "pbkdf2_sha256$260000$s$h"
		bcrypt = "bcrypt_sha256$$2b$12$h"
		ours   = "$argon2id$v=19$m=19456,t=2,p=1$s$h"
	)
	users := []ImportUser{
		{ID: 1, Username: "alice", PasswordHash: pbkdf2, Active: true},
		{ID: 2, Username: "bob", PasswordHash: "!unusable", Active: true},
		{ID: 3, Username: "carol", PasswordHash: bcrypt},
		{ID: 4, Username: "dave", PasswordHash: ours, Active: true},
	}
	scan := func(st Store) map[string]int {
		t.Helper()
		got := map[string]int{}
		if err := st.ForeignHashes(ctx, func(h string) { got[h]++ }); err != nil {
			t.Fatalf("ForeignHashes: %v", err)
		}
		return got
	}
	eachStore(t, Options{}, "", func(t *testing.T, st Store) {
		if got := scan(st); len(got) != 0 {
			t.Errorf("ForeignHashes of an empty store = %v; want none", got)
		}
		if _, err := st.Import(ctx, users, nil); err != nil {
			t.Fatal(err)
		}
		if got, want := scan(st), map[string]int{pbkdf2: 1, bcrypt: 1}; !maps.Equal(got, want) {
			t.Errorf("ForeignHashes after the import = %v; want %v", got, want)
		}
		if ok, err := st.UpgradePasswordHash(ctx, 1, pbkdf2, ours); !ok || err != nil {
			t.Fatalf("UpgradePasswordHash = %t, %v", ok, err)
		}
		if got, want := scan(st), map[string]int{bcrypt: 1}; !maps.Equal(got, want) {
			t.Errorf("ForeignHashes after alice's upgrade = %v; want %v", got, want)
		}
	})
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// blacklisted lists which of jtis are blacklisted, for messages.
func blacklisted(t *testing.T, st Store, jtis ...string) map[string]bool {
	t.Helper()
	m := map[string]bool{}
	for _, j := range jtis {
		b, err := st.IsBlacklisted(context.Background(), j)
		if err != nil {
			t.Fatal(err)
		}
		m[j] = b
	}
	return m
}

// TestFamilies: a login's refresh token and every token rotated from it
// form a family; revoking through any member blacklists all of them and
// no other family, and a token rotated into a revoked family is refused.
func TestFamilies(t *testing.T) {
	for _, opt := range slices.Concat(preparations, []Options{{MaxOpen: 4, MaxIdle: 4, Prepare: true, GroupCommit: true}}) {
		eachStore(t, opt, prepName(opt)+map[bool]string{true: ", group commit"}[opt.GroupCommit], func(t *testing.T, st Store) {
			ctx := context.Background()
			now := time.Unix(1_800_000_000, 0)
			exp := now.Add(time.Hour)
			// Family A: a0 -> a1 -> a2; family B: b0 -> b1. Same user.
			for _, root := range []string{"a0", "b0"} {
				if err := st.AddOutstanding(ctx, root, 1, exp); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range [][2]string{{"a1", "a0"}, {"a2", "a1"}, {"b1", "b0"}} {
				if ok, err := st.AddRotated(ctx, r[0], r[1], 1, exp, now); err != nil || !ok {
					t.Fatalf("AddRotated(%s from %s) = %v, %v; want true", r[0], r[1], ok, err)
				}
			}
			// Revoke through the middle token: the whole of A goes.
			n, err := st.RevokeFamily(ctx, "a1", now)
			if err != nil || n != 3 {
				t.Errorf("RevokeFamily(a1) = %d, %v; want 3 tokens", n, err)
			}
			got := blacklisted(t, st, "a0", "a1", "a2", "b0", "b1")
			want := map[string]bool{"a0": true, "a1": true, "a2": true, "b0": false, "b1": false}
			for j := range want {
				if got[j] != want[j] {
					t.Errorf("after RevokeFamily(a1): %s blacklisted = %v; want %v", j, got[j], want[j])
				}
			}
			// A rotation that raced the revocation lands in a revoked
			// family: refused and blacklisted.
			if ok, err := st.AddRotated(ctx, "a3", "a2", 1, exp, now); err != nil || ok {
				t.Errorf("AddRotated(a3 from revoked a2) = %v, %v; want false", ok, err)
			}
			if !blacklisted(t, st, "a3")["a3"] {
				t.Error("a3, rotated into a revoked family, is not blacklisted")
			}
			// The same through Rotate, from a token of A that the
			// revocation did not reach (its rows committed after the
			// revocation read the family's tokens): the old token is
			// spent, and the new one refused and blacklisted.
			if err := st.(*bounded).s.write(ctx, &tokenWrite{outstanding: []tokenRow{{"a5", 1, exp, "a2"}}}); err != nil {
				t.Fatal(err)
			}
			res, err := st.Rotate(ctx, Rotation{Old: "a5", OldExpires: exp, Next: "a6", Expires: exp, UserID: 1, Now: now})
			if err != nil || res != RotateRevoked {
				t.Errorf("Rotate(a5 of revoked A) = %v, %v; want RotateRevoked", res, err)
			}
			if got := blacklisted(t, st, "a5", "a6"); !got["a5"] || !got["a6"] {
				t.Errorf("after Rotate(a5 of revoked A): %v; want both blacklisted", got)
			}
			if n, err := st.RevokeFamily(ctx, "a0", now); err != nil || n != 0 {
				t.Errorf("RevokeFamily(a0) again = %d, %v; want 0 new", n, err)
			}
			if _, err := st.BlacklistedAt(ctx, "b1"); !errors.Is(err, ErrNotFound) {
				t.Errorf("BlacklistedAt(b1) = %v; want ErrNotFound", err)
			}
			if at, err := st.BlacklistedAt(ctx, "a0"); err != nil || at.IsZero() {
				t.Errorf("BlacklistedAt(a0) = %v, %v; want a time", at, err)
			}
			// A family whose first token was never recorded outstanding
			// (minted before the blacklist was on): rotating it
			// blacklists it, and its family is found through that row.
			if res, err := st.Rotate(ctx, Rotation{Old: "x0", OldExpires: exp, Next: "x1", Expires: exp, UserID: 2, Now: now}); err != nil || res != Rotated {
				t.Fatalf("Rotate(unrecorded x0) = %v, %v; want Rotated", res, err)
			}
			if n, err := st.RevokeFamily(ctx, "x0", now); err != nil || n != 1 {
				t.Errorf("RevokeFamily(x0, blacklisted only) = %d, %v; want 1 (x1)", n, err)
			}
			// A rotation in a live family is not refused.
			if res, err := st.Rotate(ctx, Rotation{Old: "b1", OldExpires: exp, Next: "b2", Expires: exp, UserID: 1, Now: now}); err != nil || res != Rotated {
				t.Errorf("Rotate(b1 of live B) = %v, %v; want Rotated", res, err)
			}
		})
	}
}

// TestRevokeUserAndFlush: revoking a user blacklists every unexpired
// token of that user only, and marks their families so a racing rotation
// is refused; flush deletes expired rows and nothing else.
func TestRevokeUserAndFlush(t *testing.T) {
	eachStore(t, Options{}, "", func(t *testing.T, st Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0)
		live, dead := now.Add(time.Hour), now.Add(-time.Hour)
		for _, tk := range []struct {
			jti  string
			user int64
			exp  time.Time
		}{{"u1-a", 1, live}, {"u1-b", 1, live}, {"u1-old", 1, dead}, {"u2-a", 2, live}} {
			if err := st.AddOutstanding(ctx, tk.jti, tk.user, tk.exp); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.Blacklist(ctx, "u1-b", 1, live); err != nil {
			t.Fatal(err)
		}
		n, err := st.RevokeUser(ctx, 1, now)
		if err != nil || n != 1 {
			t.Errorf("RevokeUser(1) = %d, %v; want 1 (u1-b was already, u1-old is expired)", n, err)
		}
		got := blacklisted(t, st, "u1-a", "u2-a")
		if !got["u1-a"] || got["u2-a"] {
			t.Errorf("after RevokeUser(1): %v; want u1-a only", got)
		}
		if ok, err := st.AddRotated(ctx, "u1-a2", "u1-a", 1, live, now); err != nil || ok {
			t.Errorf("AddRotated from a revoked user's token = %v, %v; want false", ok, err)
		}
		if _, err := st.Blacklist(ctx, "u1-old", 1, dead); err != nil {
			t.Fatal(err)
		}
		out, bl, err := st.Flush(ctx, now)
		if err != nil || out != 1 || bl != 1 {
			t.Errorf("Flush = %d outstanding, %d blacklisted, %v; want 1, 1 (u1-old)", out, bl, err)
		}
		if got := blacklisted(t, st, "u1-a", "u1-old"); !got["u1-a"] || got["u1-old"] {
			t.Errorf("after Flush: %v; want u1-a kept, u1-old gone", got)
		}
		if out, bl, err := st.Flush(ctx, now); err != nil || out != 0 || bl != 0 {
			t.Errorf("Flush again = %d, %d, %v; want 0, 0", out, bl, err)
		}
	})
}

// TestFlushWalksTheKeyInChunks: with chunks of two, flush deletes every
// expired row of each table and no live one, wherever they lie in jti
// order (a chunk that ends on a live row, an expired run longer than a
// chunk, the last row), and counts each deletion once.
func TestFlushWalksTheKeyInChunks(t *testing.T) {
	defer func(n int) { flushChunk = n }(flushChunk)
	flushChunk = 2
	eachStore(t, Options{}, "", func(t *testing.T, st Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0)
		live, dead := now.Add(time.Hour), now
		// Expired at the cutoff (dead) counts as expired.
		exp := map[string]time.Time{"a": dead, "b": live, "c": dead, "d": dead, "e": dead, "f": live, "g": dead}
		var expired, kept []string
		for _, jti := range slices.Sorted(maps.Keys(exp)) {
			if err := st.AddOutstanding(ctx, jti, 1, exp[jti]); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Blacklist(ctx, jti, 1, exp[jti]); err != nil {
				t.Fatal(err)
			}
			if exp[jti].Equal(dead) {
				expired = append(expired, jti)
			} else {
				kept = append(kept, jti)
			}
		}
		out, bl, err := st.Flush(ctx, now)
		if err != nil || out != int64(len(expired)) || bl != int64(len(expired)) {
			t.Fatalf("Flush = %d outstanding, %d blacklisted, %v; want %d each", out, bl, err, len(expired))
		}
		got := blacklisted(t, st, slices.Concat(expired, kept)...)
		for _, jti := range expired {
			if got[jti] {
				t.Errorf("expired %s is still blacklisted after Flush", jti)
			}
		}
		for _, jti := range kept {
			if !got[jti] {
				t.Errorf("live %s lost its blacklist row to Flush", jti)
			}
		}
	})
}

// TestOpenDropsTheExpiryIndexes: a database made with the indexes by
// expiry, which rotation paid for, loses them when opened.
func TestOpenDropsTheExpiryIndexes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := OpenSQLite(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db := st.(*bounded).s.db
	for _, q := range []string{
		`CREATE INDEX outstanding_tokens_expires ON outstanding_tokens (expires)`,
		`CREATE INDEX blacklisted_tokens_expires ON blacklisted_tokens (expires)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	if st, err = OpenSQLite(ctx, path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db = st.(*bounded).s.db
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%expires'`)
	names, err := scanJTIs(rows, err)
	if err != nil || len(names) != 0 {
		t.Errorf("indexes by expiry after reopening: %v, %v; want none", names, err)
	}
}

// familiesBeforeFold is the schema of the release that kept a token's
// family in a table of its own (the user table left out), with a family
// a0 -> a1 -> a2 and a lone login b0, all user 1's.
var familiesBeforeFold = []string{
	`CREATE TABLE outstanding_tokens (jti TEXT PRIMARY KEY, user_id BIGINT NOT NULL, expires BIGINT NOT NULL, created BIGINT NOT NULL)`,
	`CREATE TABLE blacklisted_tokens (jti TEXT PRIMARY KEY, user_id BIGINT NOT NULL, expires BIGINT NOT NULL, blacklisted_at BIGINT NOT NULL)`,
	`CREATE TABLE refresh_families (jti TEXT PRIMARY KEY, family TEXT NOT NULL, parent TEXT NOT NULL, expires BIGINT NOT NULL)`,
	`CREATE INDEX refresh_families_family ON refresh_families (family)`,
	`CREATE TABLE revoked_families (family TEXT PRIMARY KEY, revoked_at BIGINT NOT NULL)`,
	`INSERT INTO outstanding_tokens VALUES ('a0', 1, 1900000000, 1), ('a1', 1, 1900000000, 1), ('a2', 1, 1900000000, 1), ('b0', 1, 1900000000, 1)`,
	`INSERT INTO refresh_families VALUES ('a1', 'a0', 'a0', 1900000000), ('a2', 'a0', 'a1', 1900000000)`,
}

// TestOpenFoldsFamilyRows: opening a database made when families had a
// table of their own moves each family row into its token's outstanding
// row and drops the table, and the families it held still revoke as one.
func TestOpenFoldsFamilyRows(t *testing.T) {
	ctx := context.Background()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			driver, dsn := "sqlite", filepath.Join(t.TempDir(), "old.db")
			if kind == "postgres" {
				driver, dsn = "pgx", postgresSchemaURL(t)
			}
			old, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range familiesBeforeFold {
				if _, err := old.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()
			st, err := Open(ctx, dsn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			s := st.(*bounded).s
			if cols, err := scanJTIs(s.db.QueryContext(ctx, s.d.columns, "refresh_families")); err != nil || len(cols) != 0 {
				t.Errorf("refresh_families after the upgrade has columns %v, %v; want no table", cols, err)
			}
			var family, parent string
			if err := s.queryRow(ctx, `SELECT family, parent FROM outstanding_tokens WHERE jti = ?`, "a2").Scan(&family, &parent); err != nil || family != "a0" || parent != "a1" {
				t.Errorf("a2's family and parent = %q, %q, %v; want a0, a1", family, parent, err)
			}
			now := time.Unix(1_800_000_000, 0)
			if n, err := st.RevokeFamily(ctx, "a2", now); err != nil || n != 3 {
				t.Errorf("RevokeFamily(a2) = %d, %v; want 3", n, err)
			}
			if got := blacklisted(t, st, "a0", "a1", "a2", "b0"); !got["a0"] || !got["a1"] || !got["a2"] || got["b0"] {
				t.Errorf("after RevokeFamily(a2): %v; want the a family, not b0", got)
			}
			// Opening again finds nothing to do, and the revocation held.
			again, err := Open(ctx, dsn, Options{})
			if err != nil {
				t.Fatalf("reopening the upgraded database: %v", err)
			}
			defer again.Close()
			if got := blacklisted(t, again, "a2", "b0"); !got["a2"] || got["b0"] {
				t.Errorf("after reopening: %v; want a2 blacklisted, b0 not", got)
			}
		})
	}
}

// TestRevokedFamilySurvivesReopen: the revocation is on disk when
// RevokeFamily returns (SQLite runs with synchronous=FULL), so a new
// process opening the file sees it. cmd_serve's kill -9 test covers the
// process side.
func TestRevokedFamilySurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	now := time.Unix(1_800_000_000, 0)
	st, err := OpenSQLite(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.AddOutstanding(ctx, "r0", 1, now.Add(time.Hour))
	st.AddRotated(ctx, "r1", "r0", 1, now.Add(time.Hour), now)
	if _, err := st.RevokeFamily(ctx, "r0", now); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = OpenSQLite(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := blacklisted(t, st, "r0", "r1"); !got["r0"] || !got["r1"] {
		t.Errorf("after reopening: %v; want both blacklisted", got)
	}
}

// TestSQLitePathWithHash: a '#' or '?' in the file name is part of the
// name, not the end of the path, so two such files stay two databases.
func TestSQLitePathWithHash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, name := range []string{"a#1.db", "a#2.db", "b?x.db", "c%41.db"} {
		st, err := OpenSQLite(ctx, filepath.Join(dir, name), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddUser(ctx, "demo", "h"); err != nil {
			t.Errorf("%s: AddUser(demo) = %v; want a fresh database", name, err)
		}
		st.Close()
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("database file %q not created: %v", name, err)
		}
	}
}

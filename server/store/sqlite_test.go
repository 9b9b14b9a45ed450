package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSQLitePragmas: every connection of the pool runs with the settings
// the store's promises rest on: WAL (readers beside the writer),
// synchronous=FULL (an acknowledged write survives a power cut),
// a busy timeout, statement journals in memory and fewer checkpoints.
func TestSQLitePragmas(t *testing.T) {
	st, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "p.db"), Options{MaxOpen: 2, MaxIdle: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.(*bounded).s.db
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"busy_timeout": "5000",
		"temp_store":   "2", // MEMORY
		// Checkpoints a quarter as often as SQLite's default.
		"wal_autocheckpoint": "4000",
	} {
		var got string
		if err := db.QueryRowContext(context.Background(), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s; want %s", pragma, got, want)
		}
	}
}

// TestTokenTablesWithoutRowID: a new database keeps each token table in
// its jti index (no rowid B-tree beside it), and a database made before,
// with rowid tables, still serves every token call: the layout changes
// how rows are stored, never which queries work.
func TestTokenTablesWithoutRowID(t *testing.T) {
	ctx := context.Background()
	st, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "new.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, table := range []string{"outstanding_tokens", "blacklisted_tokens", "revoked_families"} {
		var sql string
		if err := st.(*bounded).s.db.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE name = ?", table).Scan(&sql); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(sql, "WITHOUT ROWID") {
			t.Errorf("%s is %q; want a WITHOUT ROWID table", table, sql)
		}
	}

	// The layout every database had before: the same tables with rowids.
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range slices.Concat(sqliteSchema, revokeSchema) {
		if _, err := old.ExecContext(ctx, strings.TrimSuffix(q, withoutRowID)); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	for _, opt := range []Options{{}, {MaxOpen: 4, MaxIdle: 4, Prepare: true, GroupCommit: true, GroupRead: true}} {
		st, err := OpenSQLite(ctx, path, opt)
		if err != nil {
			t.Fatal(err)
		}
		exp, now := time.Now().Add(time.Hour), time.Now()
		login := fmt.Sprintf("login-%v", opt.GroupCommit)
		if err := st.AddOutstanding(ctx, login, 1, exp); err != nil {
			t.Fatal(err)
		}
		if r, err := st.Rotate(ctx, Rotation{Old: login, OldExpires: exp, Next: login + "-2", Expires: exp, UserID: 1, Now: now}); err != nil || r != Rotated {
			t.Errorf("Rotate on a rowid database = %v, %v; want Rotated", r, err)
		}
		if n, err := st.RevokeUser(ctx, 1, now); err != nil || n != 1 {
			t.Errorf("RevokeUser on a rowid database = %d, %v; want 1", n, err)
		}
		if got := blacklisted(t, st, login, login+"-2"); !got[login] || !got[login+"-2"] {
			t.Errorf("after Rotate and RevokeUser: %v; want both blacklisted", got)
		}
		st.Close()
	}
}

// TestOpenExistingCreatesNothing: OpenExisting refuses a SQLite path
// that is not there with ErrNoDatabase and leaves no file behind; a
// database Open made opens again.
func TestOpenExistingCreatesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	if st, err := OpenExisting(ctx, missing, Options{}); !errors.Is(err, ErrNoDatabase) {
		if err == nil {
			st.Close()
		}
		t.Errorf("OpenExisting(%q) = %v; want ErrNoDatabase", missing, err)
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("OpenExisting of a missing path left %v in its folder; want nothing", names)
	}
	made := filepath.Join(dir, "made.db")
	st, err := Open(ctx, made, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = OpenExisting(ctx, made, Options{})
	if err != nil {
		t.Fatalf("OpenExisting(%q) after Open = %v; want it opened", made, err)
	}
	st.Close()
}

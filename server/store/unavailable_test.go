//go:build linux

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"jwtlab/internal/testenv"
)

// TestPrivateFiles: the database and its -wal and -shm files are 0600
// even under the usual umask 022, which gives a new file 0644.
func TestPrivateFiles(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "lab.db")
	st, err := OpenSQLite(context.Background(), path, Options{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// A write creates the -wal file and the -shm index.
	if _, err := st.AddUser(context.Background(), "demo", "h"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s: mode %v; want -rw-------", filepath.Base(f), m)
		}
	}
}

// TestReadOnlyIsUnavailable: a write refused by SQLite as read-only is
// a store.IsUnavailable error, not a bug. PRAGMA query_only gives the
// same SQLITE_READONLY a read-only file does, without needing a user
// that root's file access cannot bypass.
func TestReadOnlyIsUnavailable(t *testing.T) {
	ctx := context.Background()
	st, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "ro.db"), Options{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.(*bounded).s.db.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	_, err = st.Blacklist(ctx, "jti", 1, time.Now().Add(time.Hour))
	if err == nil || !IsUnavailable(err) {
		t.Errorf("Blacklist on a read-only database = %v; want an IsUnavailable error", err)
	}
	if IsUnavailable(ErrUsernameTaken) || IsUnavailable(errors.New("x")) {
		t.Error("IsUnavailable is true for errors that are not the database's")
	}
}

// TestFullDisk mounts a 1 MiB tmpfs (root only: skipped elsewhere,
// failed under JWTLAB_INTEGRATION=1), fills it, and wants a
// store.IsUnavailable error from a write.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m,mode=0700"); err != nil {
		testenv.Missing(t, fmt.Sprintf("mount tmpfs needs root: %v", err))
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)
	ctx := context.Background()
	st, err := OpenSQLite(ctx, filepath.Join(dir, "full.db"), Options{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Fill what is left of the disk.
	fill, err := os.Create(filepath.Join(dir, "fill"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := fill.Write(chunk); err != nil {
			break
		}
	}
	fill.Close()
	var werr error
	for i := 0; i < 2000 && werr == nil; i++ { // until the WAL needs a new block
		_, werr = st.Blacklist(ctx, "jti-"+strconv.Itoa(i), 1, time.Now())
	}
	if !IsUnavailable(werr) {
		t.Errorf("write on a full disk = %v; want an IsUnavailable error", werr)
	}
}

// TestSilentDatabaseIsUnavailable: a PostgreSQL address that accepts
// connections and never answers (a host gone behind a firewall, a server
// stuck) fails each call with an IsUnavailable error once Timeout runs
// out, instead of holding the request: plain and group reads and
// group-committed writes alike.
func TestSilentDatabaseIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, silent, until the test ends
		}
	}()
	db, err := sql.Open("pgx", "postgres://u:p@"+ln.Addr().String()+"/db?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	const timeout = 200 * time.Millisecond
	s := &sqlStore{db: db, d: dialect{name: "postgres", dollarArg: true, isUnique: isPostgresUnique}}
	s.gc = newGroupCommit(db, s.rebind, timeout, false)
	st := &bounded{s: s, timeout: timeout}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.IsBlacklisted(ctx, "jti"); !IsUnavailable(err) {
		t.Errorf("IsBlacklisted on a silent server = %v; want an IsUnavailable error", err)
	}
	s.gr = newGroupRead(db, s.rebind, timeout, false)
	start := time.Now()
	if _, err := st.IsBlacklisted(ctx, "jti"); !IsUnavailable(err) {
		t.Errorf("IsBlacklisted by the group reader on a silent server = %v; want an IsUnavailable error", err)
	}
	if d := time.Since(start); d > 10*timeout {
		t.Errorf("the group reader's lookup took %v; want it bounded by the %v timeout", d, timeout)
	}
	_, err = st.Rotate(ctx, Rotation{Old: "a", Next: "b", OldExpires: time.Now(), Expires: time.Now(), UserID: 1, Now: time.Now()})
	if !IsUnavailable(err) {
		t.Errorf("Rotate on a silent server = %v; want an IsUnavailable error", err)
	}
}

// TestPostgresErrorClasses: the SQLSTATEs of a server going away or out
// of disk are IsUnavailable; those of a bad request are not.
func TestPostgresErrorClasses(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"57P01", true},  // admin_shutdown: pg_ctl stop -m fast
		{"57P03", true},  // cannot_connect_now: starting up
		{"08006", true},  // connection_failure
		{"53100", true},  // disk_full
		{"25006", true},  // read_only_sql_transaction
		{"23505", false}, // unique_violation: the request's fault
		{"42P01", false}, // undefined_table: a bug
	} {
		err := fmt.Errorf("query: %w", &pgconn.PgError{Code: tc.code})
		if got := IsUnavailable(err); got != tc.want {
			t.Errorf("IsUnavailable(SQLSTATE %s) = %v; want %v", tc.code, got, tc.want)
		}
	}
}

package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSQLitePragmas: every connection of the pool runs with the settings
// the store's promises rest on: WAL (readers beside the writer),
// synchronous=FULL (an acknowledged write survives a power cut),
// a busy timeout, and statement journals in memory.
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

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// createPrivate creates the database file, empty, readable and writable
// by its owner only, unless it exists. SQLite gives its -wal and -shm
// files the mode of the database file (os_unix.c, findCreateFileMode),
// so the password hashes in all three stay private to the user that
// runs the server, whatever the umask. An existing file keeps the mode
// its owner chose.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create %q: %w", path, err)
	}
	return f.Close()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

var sqliteSchema = []string{
	`CREATE TABLE IF NOT EXISTS users (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		username TEXT NOT NULL UNIQUE,
		password_hash TEXT NOT NULL,
		active BOOLEAN NOT NULL DEFAULT 1,
		joined INTEGER NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS outstanding_tokens (
		jti TEXT PRIMARY KEY,
		user_id INTEGER NOT NULL,
		expires INTEGER NOT NULL,
		created INTEGER NOT NULL,
		family TEXT,
		parent TEXT
	)` + withoutRowID,
	`CREATE TABLE IF NOT EXISTS blacklisted_tokens (
		jti TEXT PRIMARY KEY,
		user_id INTEGER NOT NULL,
		expires INTEGER NOT NULL,
		blacklisted_at INTEGER NOT NULL
	)` + withoutRowID,
}

// withoutRowID stores a token table in its jti index itself, where a
// rowid table keeps the rows in one B-tree and the jti index in another:
// an insert under rotation touches three B-trees fewer (measured +7.6%
// rotations a second, NOTES.md). Only a new database gets it (CREATE
// TABLE IF NOT EXISTS); one made before keeps rowid tables, which serve
// the same queries.
const withoutRowID = " WITHOUT ROWID"

// sqliteRevokeSchema is revokeSchema with SQLite's table layout.
func sqliteRevokeSchema() []string {
	schema := slices.Clone(revokeSchema)
	for i, q := range schema {
		if strings.HasPrefix(q, "CREATE TABLE") {
			schema[i] = q + withoutRowID
		}
	}
	return schema
}

// OpenSQLite opens (creating if need be) the SQLite database at path in
// WAL mode. ":memory:" gives a private in-memory database.
func OpenSQLite(ctx context.Context, path string, opt Options) (Store, error) {
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	memory := path == ":memory:"
	q := url.Values{}
	// WAL lets readers run beside the one writer, so a blacklist lookup
	// never waits for a login's INSERT.
	q.Add("_pragma", "journal_mode(WAL)")
	// synchronous=FULL fsyncs the WAL at every commit: an acknowledged
	// blacklist survives a kill -9 and a power cut alike. The group
	// commit shares one fsync among a batch of writes; under rotation the
	// WAL writes and the fsync are still about a fifth of the CPU
	// (NOTES.md, "What a commit writes").
	q.Add("_pragma", "synchronous(FULL)")
	// A multi-row INSERT inside a transaction keeps a statement journal
	// (to undo just that statement if it fails halfway); a group commit's
	// outgrows SQLite's 64 KiB in-memory spill and went to a temp file:
	// 14% of the server's CPU under rotation went to writing it. Keep
	// it in memory; it is never needed after the statement.
	q.Add("_pragma", "temp_store(MEMORY)")
	// A checkpoint copies the WAL's pages into the database and fsyncs
	// both files while the committer waits; at SQLite's default of 1,000
	// pages, rotation (about 27 pages a commit) checkpointed every ~36
	// commits. 4,000 pages (a WAL of up to 16 MiB) checkpoints a quarter
	// as often: +5% rotations a second, 10 of 12 interleaved pairs
	// (NOTES.md, "The blacklist write under rotation").
	q.Add("_pragma", "wal_autocheckpoint(4000)")
	// Writers queue for up to 5 s instead of failing with SQLITE_BUSY at
	// once; well past any request timeout, so it never fires in practice.
	q.Add("_pragma", "busy_timeout(5000)")
	// Take the write lock at BEGIN, so a transaction never has to be
	// retried halfway through.
	q.Set("_txlock", "immediate")
	// The path is a URI path here: '#' would end it (and drop every
	// pragma after it), '?' would start the parameters, '%' escapes.
	dsn := "file:" + strings.NewReplacer("%", "%25", "#", "%23", "?", "%3f").Replace(path) + "?" + q.Encode()
	if memory {
		// Each connection to ":memory:" is a database of its own; keep
		// exactly one, forever, so every query sees the same data.
		opt.MaxOpen, opt.MaxIdle = 1, 1
		// The committer or the reader would hold that one connection
		// for good, and a memory database has no fsync to share.
		opt.GroupCommit, opt.GroupRead = false, false
	}
	if !memory {
		if err := createPrivate(path); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	d := dialect{name: "sqlite", schema: slices.Concat(sqliteSchema, sqliteRevokeSchema()), isUnique: isSQLiteUnique, prepareBatches: true,
		columns: `SELECT name FROM pragma_table_info(?)`}
	return newSQLStore(ctx, db, d, opt)
}

func isSQLiteUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// pgTimeout bounds every call the bench makes to PostgreSQL itself (the
// check, creating and dropping a schema): a loopback database answers in
// milliseconds, and a dead one must not hang the run.
const pgTimeout = 5 * time.Second

// noPostgres is the skip reason of the PostgreSQL targets when no URL was
// given.
const noPostgres = "no PostgreSQL: give -postgres URL or set JWTLAB_POSTGRES_URL (bash .ci/start-postgres prints one)"

// PostgresCheck says why the PostgreSQL targets cannot use the database at
// dsn, in one line, or "" when they can: it must answer and let this role
// create a schema (each run gets its own, see freshSchema).
func PostgresCheck(ctx context.Context, dsn string) string {
	if dsn == "" {
		return noPostgres
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return "-postgres: want a postgres:// URL"
	}
	_, drop, err := freshSchema(ctx, dsn)
	if err != nil {
		return "PostgreSQL not usable: " + err.Error()
	}
	drop()
	return ""
}

// freshSchema creates an empty schema in the database at dsn and returns
// a URL whose search_path points at it (pgx passes search_path on as a
// session setting), so every run starts on empty tables without creating
// a whole database, and drop, which removes the schema and all it holds.
func freshSchema(ctx context.Context, dsn string) (schemaURL string, drop func(), err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		// url's error repeats the URL, password included; say less.
		return "", nil, errors.New("bad PostgreSQL URL")
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	// Lower case hex after a fixed prefix: a valid identifier that needs
	// no quoting.
	schema := "jwtlab_bench_" + hex.EncodeToString(b)
	if err := pgExec(ctx, dsn, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop = func() {
		// A fresh context: drop runs when a run ends, also an interrupted one.
		_ = pgExec(context.Background(), dsn, "DROP SCHEMA "+schema+" CASCADE")
	}
	return u.String(), drop, nil
}

// pgExec runs one statement on a connection of its own.
func pgExec(ctx context.Context, dsn, stmt string) error {
	ctx, cancel := context.WithTimeout(ctx, pgTimeout)
	defer cancel()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

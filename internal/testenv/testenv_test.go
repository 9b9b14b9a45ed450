package testenv

import (
	"database/sql"
	"net"
	"net/url"
	"testing"
)

func TestFreePort(t *testing.T) {
	port := FreePort(t)
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("listen on FreePort's %s: %v", port, err)
	}
	l.Close()
}

// TestPostgresSchema: the URL names the schema in its search_path, the
// schema exists while the test runs, and it is gone after its cleanup.
func TestPostgresSchema(t *testing.T) {
	base := PostgresURL(t)
	var schema string
	t.Run("inside", func(t *testing.T) {
		var dsn string
		schema, dsn = PostgresSchema(t, base, "jwtlab_testenv_")
		u, err := url.Parse(dsn)
		if err != nil || u.Query().Get("search_path") != schema {
			t.Fatalf("PostgresSchema URL %q: search_path is not %q", dsn, schema)
		}
		if !schemaExists(t, dsn, schema) {
			t.Errorf("schema %s missing while the test runs", schema)
		}
	})
	if schemaExists(t, base, schema) {
		t.Errorf("schema %s still there after the test ended", schema)
	}
}

func schemaExists(t *testing.T, dsn, schema string) bool {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

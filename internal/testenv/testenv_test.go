package testenv

import (
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
		if !PostgresSchemaExists(t, dsn, schema) {
			t.Errorf("schema %s missing while the test runs", schema)
		}
	})
	if PostgresSchemaExists(t, base, schema) {
		t.Errorf("schema %s still there after the test ended", schema)
	}
}

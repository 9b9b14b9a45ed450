package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"jwtlab/internal/testenv"
)

// storeKinds are the stores every store test runs on.
var storeKinds = []string{"sqlite", "postgres"}

// openStore opens a fresh store of a kind, closed when tb ends: SQLite in
// a file of its own, or PostgreSQL in a schema of its own (skipped without
// JWTLAB_POSTGRES_URL, failed under JWTLAB_INTEGRATION=1).
func openStore(tb testing.TB, kind string, opt Options) Store {
	tb.Helper()
	var st Store
	var err error
	if kind == "postgres" {
		st, err = OpenPostgres(context.Background(), postgresSchemaURL(tb), opt)
	} else {
		st, err = OpenSQLite(context.Background(), filepath.Join(tb.TempDir(), "s.db"), opt)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// eachStore runs test on a fresh store of each kind opened with opt, as
// subtests named for the kind and then suffix.
func eachStore(t *testing.T, opt Options, suffix string, test func(t *testing.T, st Store)) {
	for _, kind := range storeKinds {
		name := kind
		if suffix != "" {
			name += " " + suffix
		}
		t.Run(name, func(t *testing.T) { test(t, openStore(t, kind, opt)) })
	}
}

// preparations are the two ways of running statements: one connection
// with text queries, and a pool with prepared statements.
var preparations = []Options{{}, {MaxOpen: 4, MaxIdle: 4, Prepare: true}}

func prepName(opt Options) string {
	if opt.Prepare {
		return "prepared"
	}
	return "unprepared"
}

// postgresSchemaURL is a fresh schema of the test database, dropped
// when the test ends, so tests never share tables.
func postgresSchemaURL(tb testing.TB) string {
	tb.Helper()
	_, dsn := testenv.PostgresSchema(tb, testenv.PostgresURL(tb), "jwtlab_test_")
	return dsn
}

func TestStore(t *testing.T) {
	for _, opt := range preparations {
		eachStore(t, opt, prepName(opt), func(t *testing.T, st Store) {
			ctx := context.Background()
			u, err := st.AddUser(ctx, "demo", "$argon2id$hash")
			if err != nil || u.ID != 1 || !u.Active {
				t.Fatalf("AddUser(demo) = %+v, %v; want active id 1", u, err)
			}
			if _, err := st.AddUser(ctx, "demo", "x"); !errors.Is(err, ErrUsernameTaken) {
				t.Errorf("AddUser(demo) again = %v; want ErrUsernameTaken", err)
			}
			// PostgreSQL spends an id on the failed insert; only order counts.
			if u2, err := st.AddUser(ctx, "Demo", "x"); err != nil || u2.ID <= 1 {
				t.Errorf("AddUser(Demo) = %+v, %v; usernames are case-sensitive", u2, err)
			}
			if got, err := st.UserByUsername(ctx, "demo"); err != nil || got.ID != 1 || got.PasswordHash != "$argon2id$hash" {
				t.Errorf("UserByUsername(demo) = %+v, %v", got, err)
			}
			if _, err := st.UserByUsername(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
				t.Errorf("UserByUsername(nobody) = %v; want ErrNotFound", err)
			}
			if _, err := st.UserByID(ctx, 99); !errors.Is(err, ErrNotFound) {
				t.Errorf("UserByID(99) = %v; want ErrNotFound", err)
			}
			if err := st.SetPasswordHash(ctx, "demo", "new"); err != nil {
				t.Error(err)
			}
			if err := st.SetActive(ctx, "demo", false); err != nil {
				t.Error(err)
			}
			if got, _ := st.UserByID(ctx, 1); got.PasswordHash != "new" || got.Active {
				t.Errorf("after SetPasswordHash and SetActive: %+v", got)
			}
			if err := st.SetActive(ctx, "nobody", false); !errors.Is(err, ErrNotFound) {
				t.Errorf("SetActive(nobody) = %v; want ErrNotFound", err)
			}
			if us, err := st.Users(ctx); err != nil || len(us) != 2 || us[0].Username != "demo" {
				t.Errorf("Users() = %+v, %v", us, err)
			}
			exp := time.Now().Add(time.Hour)
			if err := st.AddOutstanding(ctx, "jti-1", 1, exp); err != nil {
				t.Error(err)
			}
			if black, err := st.IsBlacklisted(ctx, "jti-1"); err != nil || black {
				t.Errorf("IsBlacklisted before = %v, %v", black, err)
			}
			if added, err := st.Blacklist(ctx, "jti-1", 1, exp); err != nil || !added {
				t.Errorf("Blacklist = %v, %v; want added", added, err)
			}
			if added, err := st.Blacklist(ctx, "jti-1", 1, exp); err != nil || added {
				t.Errorf("Blacklist again = %v, %v; want not added", added, err)
			}
			if black, err := st.IsBlacklisted(ctx, "jti-1"); err != nil || !black {
				t.Errorf("IsBlacklisted after = %v, %v", black, err)
			}
			if err := st.Ping(ctx); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestSharedPostgres: two instances on one database see each other's
// blacklist at once - why several servers behind nginx need PostgreSQL.
func TestSharedPostgres(t *testing.T) {
	dsn := postgresSchemaURL(t)
	ctx := context.Background()
	a, err := OpenPostgres(ctx, dsn, Options{MaxOpen: 4, MaxIdle: 4, Prepare: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenPostgres(ctx, dsn, Options{MaxOpen: 4, MaxIdle: 4, Prepare: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Blacklist(ctx, "shared-jti", 1, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if black, err := b.IsBlacklisted(ctx, "shared-jti"); err != nil || !black {
		t.Errorf("instance B sees A's blacklist = %v, %v; want true", black, err)
	}
}

func TestMemorySQLiteKeepsOneDatabase(t *testing.T) {
	ctx := context.Background()
	st, err := OpenSQLite(ctx, ":memory:", Options{MaxOpen: 8, MaxIdle: 0})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.AddUser(ctx, "demo", "h"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UserByUsername(ctx, "demo"); err != nil {
		t.Errorf("in-memory store lost its user between queries: %v", err)
	}
}

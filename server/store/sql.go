package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dialect holds what differs between SQLite and PostgreSQL; the queries
// and the code around them are shared.
type dialect struct {
	name      string
	schema    []string
	dollarArg bool // PostgreSQL numbers its placeholders: $1, $2, ...
	isUnique  func(error) bool
	// columns, given a table's name, lists its columns; none when there
	// is no such table. It is written with the dialect's placeholder.
	columns string
	// lockSchema, when set, serialises schema upgrades between the
	// processes opening one database (PostgreSQL; SQLite's first write
	// locks the whole file).
	lockSchema string
	// prepareBatches makes the group committer and reader prepare
	// their statements: SQLite's driver parses a text on every run,
	// while PostgreSQL's keeps a prepared statement per text by itself.
	prepareBatches bool
}

// The statements the store runs, written with ? placeholders.
const (
	qAddUser        = `INSERT INTO users (username, password_hash, active, joined) VALUES (?, ?, ?, ?) RETURNING id`
	qUserByUsername = `SELECT id, username, password_hash, active, joined FROM users WHERE username = ?`
	qUserByID       = `SELECT id, username, password_hash, active, joined FROM users WHERE id = ?`
	qUsers          = `SELECT id, username, password_hash, active, joined FROM users ORDER BY id`
	qSetPassword    = `UPDATE users SET password_hash = ? WHERE username = ?`
	qSetActive      = `UPDATE users SET active = ? WHERE username = ?`
	qIsBlacklisted  = `SELECT 1 FROM blacklisted_tokens WHERE jti = ?`
)

var allQueries = []string{qAddUser, qUserByUsername, qUserByID, qUsers, qSetPassword, qSetActive, qIsBlacklisted, qBlacklistOne, qAddOutstandingOne, qAddRotatedOne}

type sqlStore struct {
	db    *sql.DB
	d     dialect
	stmts map[string]*sql.Stmt // nil unless Options.Prepare
	gc    *groupCommit         // nil unless Options.GroupCommit
	gr    *groupRead           // nil unless Options.GroupRead
}

// newSQLStore creates the schema, prepares and starts the group
// committer as opt asks, and bounds every call by opt.Timeout.
func newSQLStore(ctx context.Context, db *sql.DB, d dialect, opt Options) (Store, error) {
	db.SetMaxOpenConns(opt.MaxOpen)
	db.SetMaxIdleConns(opt.MaxIdle)
	s := &sqlStore{db: db, d: d}
	for _, q := range d.schema {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, fmt.Errorf("create %s schema: %w", d.name, err)
		}
	}
	if err := foldFamilies(ctx, db, d); err != nil {
		db.Close()
		return nil, fmt.Errorf("upgrade %s schema: %w", d.name, err)
	}
	if opt.Prepare {
		s.stmts = make(map[string]*sql.Stmt, len(allQueries))
		for _, q := range allQueries {
			st, err := db.PrepareContext(ctx, s.rebind(q))
			if err != nil {
				db.Close()
				return nil, fmt.Errorf("prepare %q: %w", q, err)
			}
			s.stmts[q] = st
		}
	}
	if opt.GroupCommit && opt.MaxOpen != 1 {
		s.gc = newGroupCommit(db, s.rebind, opt.Timeout, d.prepareBatches)
	}
	if opt.GroupRead && opt.MaxOpen != 1 {
		s.gr = newGroupRead(db, s.rebind, opt.Timeout, d.prepareBatches)
	}
	return &bounded{s: s, timeout: opt.Timeout}, nil
}

// rebind turns ? placeholders into $N for PostgreSQL.
func (s *sqlStore) rebind(q string) string {
	if !s.d.dollarArg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *sqlStore) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := s.stmts[q]; st != nil {
		return st.ExecContext(ctx, args...)
	}
	return s.db.ExecContext(ctx, s.rebind(q), args...)
}

func (s *sqlStore) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := s.stmts[q]; st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, s.rebind(q), args...)
}

// chunked is false: a write the store runs alone is one row a table.
func (s *sqlStore) chunked() bool { return false }

func (s *sqlStore) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := s.stmts[q]; st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, s.rebind(q), args...)
}

func (s *sqlStore) AddUser(ctx context.Context, username, passwordHash string) (User, error) {
	username = NormalizeUsername(username)
	u := User{Username: username, PasswordHash: passwordHash, Active: true, Joined: time.Now().UTC().Truncate(time.Second)}
	err := s.queryRow(ctx, qAddUser, username, passwordHash, true, u.Joined.Unix()).Scan(&u.ID)
	if err != nil {
		if s.d.isUnique(err) {
			return User{}, fmt.Errorf("add user %q: %w", username, ErrUsernameTaken)
		}
		return User{}, fmt.Errorf("add user %q: %w", username, err)
	}
	return u, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanUser(r scanner) (User, error) {
	var u User
	var joined int64
	if err := r.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Active, &joined); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return User{}, ErrNotFound
		}
		return User{}, err
	}
	u.Joined = time.Unix(joined, 0).UTC()
	return u, nil
}

func (s *sqlStore) UserByUsername(ctx context.Context, username string) (User, error) {
	return scanUser(s.queryRow(ctx, qUserByUsername, username))
}

func (s *sqlStore) UserByID(ctx context.Context, id int64) (User, error) {
	return scanUser(s.queryRow(ctx, qUserByID, id))
}

func (s *sqlStore) Users(ctx context.Context) ([]User, error) {
	rows, err := s.query(ctx, qUsers)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUser)
}

// collect reads every row of a query's result with scan, in order, and
// closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// updateUser runs an UPDATE that must touch exactly one user.
func (s *sqlStore) updateUser(ctx context.Context, q, username string, value any) error {
	res, err := s.exec(ctx, q, value, username)
	if err != nil {
		return fmt.Errorf("update user %q: %w", username, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("user %q: %w", username, ErrNotFound)
	}
	return nil
}

func (s *sqlStore) SetPasswordHash(ctx context.Context, username, passwordHash string) error {
	return s.updateUser(ctx, qSetPassword, username, passwordHash)
}

func (s *sqlStore) SetActive(ctx context.Context, username string, active bool) error {
	return s.updateUser(ctx, qSetActive, username, active)
}

func (s *sqlStore) AddOutstanding(ctx context.Context, jti string, userID int64, expires time.Time) error {
	if err := s.write(ctx, &tokenWrite{outstanding: []tokenRow{{jti, userID, expires, ""}}}); err != nil {
		return fmt.Errorf("add outstanding: %w", err)
	}
	return nil
}

// Blacklist inserts the blacklist row; of two requests spending one
// token, the insert decides.
func (s *sqlStore) Blacklist(ctx context.Context, jti string, userID int64, expires time.Time) (bool, error) {
	w := &tokenWrite{blacklist: &tokenRow{jti, userID, expires, ""}}
	if err := s.write(ctx, w); err != nil {
		return false, fmt.Errorf("blacklist: %w", err)
	}
	return w.added, nil
}

func (s *sqlStore) IsBlacklisted(ctx context.Context, jti string) (bool, error) {
	if s.gr != nil {
		return s.gr.isBlacklisted(ctx, jti)
	}
	var one int
	err := s.queryRow(ctx, qIsBlacklisted, jti).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("blacklist lookup: %w", err)
	}
	return true, nil
}

func (s *sqlStore) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func (s *sqlStore) Close() error {
	if s.gr != nil {
		s.gr.close()
	}
	if s.gc != nil {
		s.gc.close()
	}
	for _, st := range s.stmts {
		st.Close()
	}
	return s.db.Close()
}

package main

import (
	"context"
	"errors"
	"fmt"

	"jwtlab/server/password"
	"jwtlab/server/store"
)

// cmdUsersImportDjango is "jwtlab users import-django -db PATH -from
// DJANGO_DB": it copies a Django project's users with their ids and
// password hashes, and simplejwt's outstanding and blacklisted refresh
// tokens, so that tokens Django signed with the same key keep working
// and logged-out ones stay out. Everything is read and checked first,
// then written in one transaction: a bad input writes nothing.
func cmdUsersImportDjango(ctx context.Context, args []string, e env) error {
	fs := newFlags("users import-django", e, usersVerbUsage("import-django")...)
	db := fs.String("db", "jwtlab.db", "SQLite file, or a postgres:// URL, to import into")
	from := fs.String("from", "", "the Django project's database: its SQLite file, or a postgres:// URL")
	if err := parseNoArgs(fs, args, e); err != nil {
		return err
	}
	if err := envDefaults(fs, e.getenv); err != nil {
		return fmt.Errorf("users import-django: %w", err)
	}
	if *from == "" {
		return errors.New("users import-django: -from is required (the Django database: a SQLite file or a postgres:// URL)")
	}
	if *from == *db {
		return errors.New("users import-django: -from and -db name the same database")
	}
	data, err := store.ReadDjango(ctx, *from)
	if err != nil {
		return fmt.Errorf("users import-django: %w", err)
	}
	// Refuse the whole import over one hash the server could not check:
	// that user could never log in, and nobody would know why.
	for _, u := range data.Users {
		if err := password.CheckFormat(u.PasswordHash); err != nil {
			return fmt.Errorf("users import-django: user %q (id %d): %w", u.Username, u.ID, err)
		}
	}
	st, err := store.Open(ctx, *db, store.Options{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		return fmt.Errorf("users import-django: %w", err)
	}
	defer st.Close()
	r, err := st.Import(ctx, data.Users, data.Tokens)
	if err != nil {
		return fmt.Errorf("users import-django: %w", err)
	}
	fmt.Fprintf(e.stdout, "imported %d users from %s (ids kept); skipped %d whose username already exists\n",
		r.Users, store.Redact(*from), r.SkippedUsers)
	if !data.HasBlacklist {
		fmt.Fprintln(e.stdout, "no token_blacklist tables (simplejwt's blacklist app): no tokens imported")
		return nil
	}
	fmt.Fprintf(e.stdout, "imported %d blacklisted and %d outstanding refresh tokens (%d already here)\n",
		r.Blacklisted, r.Outstanding, len(data.Tokens)-r.Outstanding)
	return nil
}

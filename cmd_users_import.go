package main

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"

	"jwtlab/server"
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
	if err := envDefaults(fs, e.getenv, usersEnv...); err != nil {
		return usagef(e, fs, "%v", err)
	}
	if *from == "" {
		return usagef(e, fs, "-from is required (the Django database: a SQLite file or a postgres:// URL)")
	}
	if *from == *db {
		return usagef(e, fs, "-from and -db name the same database")
	}
	if err := checkDB(*from); err != nil {
		return usagef(e, fs, "-from %v", err)
	}
	if err := checkDB(*db); err != nil {
		return usagef(e, fs, "-db %v", err)
	}
	data, err := store.ReadDjango(ctx, *from)
	if errors.Is(err, iofs.ErrNotExist) {
		return usagef(e, fs, "-from: no Django database at %q", *from)
	}
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
	st, err := openUsersStore(ctx, e, fs, "import-django", *db)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Import(ctx, data.Users, data.Tokens)
	if err != nil {
		return fmt.Errorf("users import-django: %w", err)
	}
	fmt.Fprintf(e.stdout, "imported %d users from %q (ids kept); skipped %d whose username already exists\n",
		r.Users, store.Redact(*from), r.SkippedUsers)
	warnUnusableUsernames(e, data.Users)
	if !data.HasBlacklist {
		fmt.Fprintln(e.stdout, "no token_blacklist tables (simplejwt's blacklist app): no tokens imported")
		return nil
	}
	fmt.Fprintf(e.stdout, "imported %d blacklisted and %d outstanding refresh tokens (%d already here)\n",
		r.Blacklisted, r.Outstanding, len(data.Tokens)-r.Outstanding)
	return nil
}

// maxNameWarnings bounds the users import-django names one by one: a few
// show what is wrong, thousands would bury the import's result.
const maxNameWarnings = 5

// warnUnusableUsernames says, on stderr, which imported users no login
// can name (server.CheckUsername: white space around, blank, or over 150
// characters). Django stores such names when they bypass its validators
// (create_user does not run them), and its own simplejwt login strips
// them just as ours does, so they could not log in there either: they
// are imported, as they were, and named here.
func warnUnusableUsernames(e env, users []store.ImportUser) {
	n := 0
	for _, u := range users {
		err := server.CheckUsername(u.Username)
		if err == nil {
			continue
		}
		if n++; n <= maxNameWarnings {
			fmt.Fprintf(e.stderr, "jwtlab users import-django: warning: user %q (id %d): %v\n", u.Username, u.ID, err)
		}
	}
	if n > maxNameWarnings {
		fmt.Fprintf(e.stderr, "jwtlab users import-django: warning: and %d more users whose usernames no login can give\n", n-maxNameWarnings)
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"jwtlab/server"
	"jwtlab/server/password"
	"jwtlab/server/store"
)

// usersVerbs are the verbs of jwtlab users, each with its own flags and
// what it does: the one table behind jwtlab users -h and each verb's -h.
var usersVerbs = []struct{ name, flags, does string }{
	{"add", "-username NAME [-db PATH]", "Adds a user. The password is one line of standard input, or is typed twice at a prompt when stdin is a terminal."},
	{"list", "[-db PATH]", "Lists the users: id, username, active, date joined and password hash scheme."},
	{"passwd", "-username NAME [-db PATH]", "Sets a user's password, read as add reads it, then revokes the user's refresh tokens."},
	{"deactivate", "-username NAME [-db PATH]", "Marks a user inactive, so the server refuses their logins and tokens, then revokes their refresh tokens."},
	{"revoke", "-username NAME [-db PATH]", "Blacklists every unexpired refresh token of a user: logout everywhere."},
	{"flush", "[-leeway D] [-db PATH]", "Deletes the outstanding and blacklist rows of tokens that expired more than -leeway ago (simplejwt's flushexpiredtokens); -leeway is serve's, and like it defaults to $JWTLAB_LEEWAY."},
	{"import-django", "-from DJANGO_DB [-db PATH]", "Copies a Django project's users, ids and password hashes kept, and simplejwt's refresh tokens."},
}

// usersVerbUsage is the usage of one verb, for its -h.
func usersVerbUsage(verb string) []string {
	for _, v := range usersVerbs {
		if v.name == verb {
			return []string{"usage: jwtlab users " + v.name + " " + v.flags, v.does, usersExitStatus}
		}
	}
	return nil
}

// usersVerbNames lists the verbs in words: "add, list, ... or import-django".
func usersVerbNames() string {
	names := make([]string, len(usersVerbs))
	for i, v := range usersVerbs {
		names[i] = v.name
	}
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " or " + names[last]
}

// usersUsage is jwtlab users -h: every verb with its flags.
func usersUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: jwtlab users VERB [flags]")
	fmt.Fprintln(w)
	for _, v := range usersVerbs {
		fmt.Fprintf(w, "  %s %s\n    \t%s\n", v.name, v.flags, v.does)
	}
	fmt.Fprintln(w, "\n-db is a SQLite file or a postgres:// URL (default $JWTLAB_DB, else jwtlab.db).")
	fmt.Fprintln(w, "Only add, import-django and serve create a database; the other verbs refuse a missing one.")
	fmt.Fprintln(w, "Run jwtlab users VERB -h for a verb's flags in full, with their defaults.")
	fmt.Fprintln(w, usersExitStatus)
}

// usersExitStatus is what users -h and each verb's -h say of the exit
// status.
const usersExitStatus = "Exit status: 0 done, 1 a failure while running (the database refuses, no such user, a Django hash the server cannot check), 2 usage or setup error (bad flag, a database that is missing or a directory, a refused username or password)."

// usersEnv are the flags of the users verbs that read a JWTLAB_*
// variable, as users -h says: no other variable is read.
var usersEnv = []string{"db", "leeway"}

// openUsersStore opens the database of a users verb. Only add and
// import-django may create it: for the verbs that read or change users
// already there, a SQLite file that is not there is a typo, not an empty
// database.
func openUsersStore(ctx context.Context, e env, fs *flag.FlagSet, verb, db string) (store.Store, error) {
	open := store.OpenExisting
	if verb == "add" || verb == "import-django" {
		open = store.Open
	}
	st, err := open(ctx, db, store.Options{MaxOpen: 1, MaxIdle: 1})
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, usagef(e, fs, "no database at %q; users add, users import-django or serve creates one", db)
	}
	if err != nil {
		return nil, fmt.Errorf("users %s: %w", verb, err)
	}
	return st, nil
}

func cmdUsers(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprintf(e.stderr, "jwtlab users: missing verb: %s (run jwtlab users -h)\n", usersVerbNames())
		return errUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usersUsage(e.stdout) // asked for: the output, as -h's is
		return nil
	case "revoke", "flush":
		return cmdUsersTokens(ctx, args, e)
	case "import-django":
		return cmdUsersImportDjango(ctx, args[1:], e)
	}
	verb := args[0]
	fs := newFlags("users "+verb, e, usersVerbUsage(verb)...)
	db := fs.String("db", "jwtlab.db", "SQLite file, or a postgres:// URL")
	var username *string
	if verb != "list" {
		username = fs.String("username", "", "the user's name (case-sensitive)")
	}
	switch verb {
	case "add", "passwd", "deactivate", "list":
	default:
		fmt.Fprintf(e.stderr, "jwtlab users: unknown verb %q (want %s; run jwtlab users -h)\n", verb, usersVerbNames())
		return errUsage
	}
	// Before add reads a password: a -db no verb can open is said first.
	if err := parseUsersVerb(fs, args[1:], e, username, db); err != nil {
		return err
	}
	if verb == "add" {
		if err := checkNewUsername(*username); err != nil {
			return usagef(e, fs, "%v", err)
		}
	}
	// add reads the password before it opens (and may create) the
	// database, so a refused password leaves no file behind; passwd
	// after, so a missing database is said before any prompt.
	var hash string
	var err error
	if verb == "add" {
		if hash, err = readPasswordHash(e, fs); err != nil {
			return err
		}
	}
	st, err := openUsersStore(ctx, e, fs, verb, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if verb == "passwd" {
		if hash, err = readPasswordHash(e, fs); err != nil {
			return err
		}
	}
	switch verb {
	case "add":
		u, err := st.AddUser(ctx, *username, hash)
		if err != nil {
			return fmt.Errorf("users add: %w", err)
		}
		fmt.Fprintf(e.stdout, "added user %q with id %d\n", u.Username, u.ID)
	case "passwd":
		if err := st.SetPasswordHash(ctx, *username, hash); err != nil {
			return fmt.Errorf("users passwd: %w", err)
		}
		fmt.Fprintf(e.stdout, "changed the password of %q\n", *username)
		return revokeAfter(ctx, e, st, verb, *username)
	case "deactivate":
		if err := st.SetActive(ctx, *username, false); err != nil {
			return fmt.Errorf("users deactivate: %w", err)
		}
		fmt.Fprintf(e.stdout, "deactivated %q\n", *username)
		return revokeAfter(ctx, e, st, verb, *username)
	case "list":
		us, err := st.Users(ctx)
		if err != nil {
			return fmt.Errorf("users list: %w", err)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tACTIVE\tJOINED\tHASH")
		for _, u := range us {
			fmt.Fprintf(tw, "%d\t%s\t%t\t%s\t%s\n", u.ID, printable(u.Username), u.Active, u.Joined.Format(time.RFC3339), password.Scheme(u.PasswordHash))
		}
		return tw.Flush()
	}
	return nil
}

// revokeAfter revokes every refresh token of username once verb has
// changed its credentials, so no token issued before outlives the change,
// and says how many it revoked.
func revokeAfter(ctx context.Context, e env, st store.Store, verb, username string) error {
	n, err := revokeUserTokens(ctx, st, username)
	if err != nil {
		return fmt.Errorf("users %s: %w", verb, err)
	}
	fmt.Fprintf(e.stdout, "revoked %d refresh tokens of %q\n", n, username)
	return nil
}

// checkNewUsername refuses a name no login could ever give, by the
// login's own rule (server.CheckUsername), applied to the name as the
// store will keep it: NFKC-normalized, as Django's create_user does.
func checkNewUsername(name string) error {
	stored := store.NormalizeUsername(name)
	if err := server.CheckUsername(stored); err != nil {
		if stored != name {
			return fmt.Errorf("stored as %q (NFKC, as Django's create_user does), %w", stored, err)
		}
		return err
	}
	return nil
}

// readPasswordHash reads the password (from the terminal with echo off, or
// one line of standard input) and hashes it with the parameters the server
// checks against. A password no login could give (server.CheckPassword)
// is a usage error, said in one line.
func readPasswordHash(e env, fs *flag.FlagSet) (string, error) {
	verb := strings.TrimPrefix(fs.Name(), "jwtlab ")
	pw, err := readPassword(e.stdin, e.stderr)
	if err != nil {
		return "", fmt.Errorf("%s: %w", verb, err)
	}
	if pw == "" {
		return "", usagef(e, fs, "empty password: give it as one line on standard input")
	}
	if err := server.CheckPassword(pw); err != nil {
		return "", usagef(e, fs, "%v", err)
	}
	hash, err := password.Hash(pw, server.DevConfig().HashParams)
	if err != nil {
		return "", fmt.Errorf("%s: %w", verb, err)
	}
	return hash, nil
}

// parseUsersVerb parses a users verb's flags, then checks what every verb
// needs before it opens anything: its documented variables (usersEnv),
// -username when the verb takes one (username not nil), and a -db that
// can be opened.
func parseUsersVerb(fs *flag.FlagSet, args []string, e env, username, db *string) error {
	if err := parseNoArgs(fs, args, e); err != nil {
		return err
	}
	if err := envDefaults(fs, e.getenv, usersEnv...); err != nil {
		return usagef(e, fs, "%v", err)
	}
	if username != nil && *username == "" {
		return usagef(e, fs, "-username is required")
	}
	if err := checkDB(*db); err != nil {
		return usagef(e, fs, "-db %v", err)
	}
	return nil
}

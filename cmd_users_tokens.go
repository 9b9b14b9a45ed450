package main

import (
	"context"
	"fmt"
	"time"

	"jwtlab/server"
	"jwtlab/server/store"
)

// cmdUsersTokens runs "users revoke" and "users flush".
func cmdUsersTokens(ctx context.Context, args []string, e env) error {
	verb := args[0]
	fs := newFlags("users "+verb, e, usersVerbUsage(verb)...)
	db := fs.String("db", "jwtlab.db", "SQLite file, or a postgres:// URL")
	var username *string
	var leeway time.Duration
	switch verb {
	case "revoke":
		username = fs.String("username", "", "the user whose refresh tokens to blacklist (case-sensitive)")
	case "flush":
		// serve's own -leeway, read by the same row of the settings
		// table: a negative one is refused as serve refuses it, since
		// it would delete the blacklist rows of tokens still valid.
		fs.Func("leeway", "the server's -leeway, a `duration` (default $JWTLAB_LEEWAY, else 0s): rows are kept that long past their exp, while the server still accepts the token", func(v string) error {
			var c server.Config
			if err := serverSetting("leeway").Set(&c, v); err != nil {
				return err
			}
			leeway = c.Leeway
			return nil
		})
	}
	if err := parseUsersVerb(fs, args[1:], e, username, db); err != nil {
		return err
	}
	st, err := openUsersStore(ctx, e, fs, verb, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if verb == "flush" {
		out, bl, err := st.Flush(ctx, time.Now().Add(-leeway))
		if err != nil {
			return fmt.Errorf("users flush: %w", err)
		}
		fmt.Fprintf(e.stdout, "deleted %d expired outstanding tokens and %d expired blacklist rows\n", out, bl)
		return nil
	}
	n, err := revokeUserTokens(ctx, st, *username)
	if err != nil {
		return fmt.Errorf("users revoke: %w", err)
	}
	fmt.Fprintf(e.stdout, "revoked %d refresh tokens of %q\n", n, *username)
	return nil
}

// revokeUserTokens blacklists every unexpired refresh token of the user:
// what users revoke does, and what passwd and deactivate do after their
// change, so a stolen refresh token dies with the old password.
func revokeUserTokens(ctx context.Context, st store.Store, username string) (int64, error) {
	u, err := st.UserByUsername(ctx, username)
	if err != nil {
		return 0, fmt.Errorf("user %q: %w", username, err)
	}
	return st.RevokeUser(ctx, u.ID, time.Now())
}

// serverSetting is the row of server's settings table called name.
func serverSetting(name string) server.Setting {
	for _, s := range server.Settings() {
		if s.Name == name {
			return s
		}
	}
	panic("no server setting " + name)
}

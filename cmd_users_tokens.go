package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"jwtlab/server"
	"jwtlab/server/store"
)

// serveConfigError is serve's answer to a Config that cannot work: a
// contradiction between flags is a usage error (exit 2), others exit 1.
func serveConfigError(err error) error {
	if errors.Is(err, server.ErrReuseNeedsRotation) || errors.Is(err, server.ErrOriginsNeedCookie) {
		return &exitError{code: 2, err: fmt.Errorf("serve: %w", err)}
	}
	return fmt.Errorf("serve: %w", err)
}

// cmdUsersTokens runs "users revoke" and "users flush".
func cmdUsersTokens(ctx context.Context, args []string, e env) error {
	verb := args[0]
	fs := newFlags("users "+verb, e, usersVerbUsage(verb)...)
	db := fs.String("db", "jwtlab.db", "SQLite file, or a postgres:// URL")
	var username *string
	var leeway *time.Duration
	switch verb {
	case "revoke":
		username = fs.String("username", "", "the user whose refresh tokens to blacklist (case-sensitive)")
	case "flush":
		leeway = fs.Duration("leeway", 0, "the server's -leeway: rows are kept that long past their exp, while the server still accepts the token")
	}
	if err := parseNoArgs(fs, args[1:], e); err != nil {
		return err
	}
	if err := envDefaults(fs, e.getenv); err != nil {
		return fmt.Errorf("users %s: %w", verb, err)
	}
	if username != nil && *username == "" {
		return fmt.Errorf("users %s: -username is required", verb)
	}
	st, err := store.Open(ctx, *db, store.Options{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		return fmt.Errorf("users %s: %w", verb, err)
	}
	defer st.Close()
	if verb == "flush" {
		out, bl, err := st.Flush(ctx, time.Now().Add(-*leeway))
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

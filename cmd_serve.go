package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"strings"
	"text/tabwriter"
	"time"

	"jwtlab/server"
	"jwtlab/server/password"
	"jwtlab/server/store"
)

// repeated is a flag that may be given many times (-set a=1 -set b=2).
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// envDefaults fills every flag not given on the command line from its
// JWTLAB_* variable (-access-lifetime from JWTLAB_ACCESS_LIFETIME).
func envDefaults(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		name := "JWTLAB_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(name); v != "" {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %v", name, v, e)
			}
		}
	})
	return err
}

func cmdServe(ctx context.Context, args []string, e env) error {
	fs := newFlags("serve", e)
	profile := fs.String("profile", "dev", "serving profile: dev (runserver-style) or prod (production-tuned)")
	addr := fs.String("addr", "127.0.0.1:8000", "address to listen on (port 0 picks a free port)")
	db := fs.String("db", "jwtlab.db", "SQLite file, or a postgres:// URL")
	keyFile := fs.String("key-file", "", "PEM private key to sign with (RS256, ES256/384/512 or EdDSA by key type); default: HS256 with $JWTLAB_SIGNING_KEY")
	var verifyKeys, sets repeated
	fs.Var(&verifyKeys, "verify-key-file", "PEM key that verifies but does not sign (repeatable): keeps tokens of a retired key valid")
	access := fs.Duration("access-lifetime", 5*time.Minute, "ACCESS_TOKEN_LIFETIME")
	refresh := fs.Duration("refresh-lifetime", 24*time.Hour, "REFRESH_TOKEN_LIFETIME")
	rotate := fs.Bool("rotate-refresh", false, "ROTATE_REFRESH_TOKENS: refresh also returns a new refresh token")
	blAfter := fs.Bool("blacklist-after-rotation", false, "BLACKLIST_AFTER_ROTATION: a rotated refresh token is blacklisted")
	leeway := fs.Duration("leeway", 0, "LEEWAY: clock skew allowed on exp, nbf and iat")
	issuer := fs.String("issuer", "", "ISSUER: iss claim to set and require")
	audience := fs.String("audience", "", "AUDIENCE: aud claim to set and require")
	headerTypes := fs.String("auth-header-types", "Bearer", "AUTH_HEADER_TYPES, comma-separated")
	userIDClaim := fs.String("user-id-claim", "user_id", "USER_ID_CLAIM")
	proxies := fs.String("trusted-proxies", "", "comma-separated CIDRs whose X-Forwarded-For is believed (e.g. 127.0.0.1/32 for a local nginx)")
	fs.Var(&sets, "set", "override one serving knob, knob=value (repeatable; -print-config lists them)")
	printConfig := fs.Bool("print-config", false, "print every setting and knob, then exit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if err := envDefaults(fs, e.getenv); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	cfg, err := server.Profile(*profile)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	cfg.AccessLifetime, cfg.RefreshLifetime = *access, *refresh
	cfg.RotateRefresh, cfg.BlacklistAfterRotation = *rotate, *blAfter
	cfg.Leeway, cfg.Issuer, cfg.Audience = *leeway, *issuer, *audience
	cfg.AuthHeaderTypes = splitList(*headerTypes)
	cfg.UserIDClaim = *userIDClaim
	if cfg.TrustedProxies, err = server.ParseTrustedProxies(*proxies); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	for _, s := range sets {
		if err := cfg.Set(s); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *printConfig {
		return cfg.PrintConfig(e.stdout)
	}
	keys, err := loadKeys(cfg, *keyFile, verifyKeys, e)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	st, err := store.Open(ctx, *db, store.Options{MaxOpen: cfg.StoreMaxOpen, MaxIdle: cfg.StoreMaxIdle, Prepare: cfg.StorePrepare})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer st.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if limit, ok := cfg.MemoryLimitBytes(); ok {
		debug.SetMemoryLimit(limit)
	}
	logger, flush := server.NewLogger(cfg, e.stderr)
	defer flush()
	srv := server.New(cfg, st, keys, logger)
	if cfg.Profile == "dev" {
		fmt.Fprintln(e.stderr, "jwtlab development server - do not use it in production (use -profile prod).")
	}
	// Tools (jwtlab bench, tests) read the real port from this line.
	fmt.Fprintf(e.stderr, "listening on http://%s\n", ln.Addr())
	return srv.Run(ctx, ln)
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// loadKeys picks the signing key: a PEM file, else the HS256 secret in
// $JWTLAB_SIGNING_KEY, else (dev only) a random secret for this run.
func loadKeys(cfg server.Config, keyFile string, verifyFiles []string, e env) (*server.Keys, error) {
	secret := e.getenv("JWTLAB_SIGNING_KEY")
	var signing *server.Key
	switch {
	case keyFile != "" && secret != "":
		return nil, errors.New("both -key-file and JWTLAB_SIGNING_KEY are set: choose one signing key")
	case keyFile != "":
		k, err := server.LoadKeyFile(keyFile)
		if err != nil {
			return nil, err
		}
		signing = k
	case secret != "":
		if cfg.Profile == "prod" && len(secret) < server.MinSecretBytes {
			return nil, fmt.Errorf("JWTLAB_SIGNING_KEY is %d bytes; prod needs at least %d (%w)", len(secret), server.MinSecretBytes, server.ErrWeakSecret)
		}
		signing = server.HMACKey([]byte(secret))
	case cfg.Profile == "prod":
		return nil, errors.New("no signing key: set JWTLAB_SIGNING_KEY (32+ bytes) or -key-file; prod will not invent one")
	default:
		b := make([]byte, 32)
		rand.Read(b)
		fmt.Fprintln(e.stderr, "jwtlab: no signing key given; signing with a random HS256 secret for this run only (set JWTLAB_SIGNING_KEY to keep tokens valid across restarts)")
		signing = server.HMACKey([]byte(hex.EncodeToString(b)))
	}
	var others []*server.Key
	for _, f := range verifyFiles {
		k, err := server.LoadKeyFile(f)
		if err != nil {
			return nil, err
		}
		others = append(others, k)
	}
	return server.NewKeys(signing, others...)
}

func cmdUsers(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: jwtlab users add|list|passwd|deactivate -db PATH [-username NAME]")
		fmt.Fprintln(e.stderr, "       jwtlab users import-django -db PATH -from DJANGO_DB")
		return errUsage
	}
	if args[0] == "import-django" {
		return cmdUsersImportDjango(ctx, args[1:], e)
	}
	verb := args[0]
	fs := newFlags("users "+verb, e)
	db := fs.String("db", "jwtlab.db", "SQLite file, or a postgres:// URL")
	var username *string
	if verb != "list" {
		username = fs.String("username", "", "the user's name (case-sensitive)")
	}
	switch verb {
	case "add", "passwd", "deactivate", "list":
	default:
		fmt.Fprintf(e.stderr, "jwtlab users: unknown verb %q (want add, list, passwd, deactivate or import-django)\n", verb)
		return errUsage
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := envDefaults(fs, e.getenv); err != nil {
		return fmt.Errorf("users: %w", err)
	}
	if username != nil && *username == "" {
		return fmt.Errorf("users %s: -username is required", verb)
	}
	st, err := store.Open(ctx, *db, store.Options{MaxOpen: 1, MaxIdle: 1})
	if err != nil {
		return fmt.Errorf("users: %w", err)
	}
	defer st.Close()
	switch verb {
	case "add":
		hash, err := readPasswordHash(e.stdin)
		if err != nil {
			return fmt.Errorf("users add: %w", err)
		}
		u, err := st.AddUser(ctx, *username, hash)
		if err != nil {
			return fmt.Errorf("users add: %w", err)
		}
		fmt.Fprintf(e.stdout, "added user %q with id %d\n", u.Username, u.ID)
	case "passwd":
		hash, err := readPasswordHash(e.stdin)
		if err != nil {
			return fmt.Errorf("users passwd: %w", err)
		}
		if err := st.SetPasswordHash(ctx, *username, hash); err != nil {
			return fmt.Errorf("users passwd: %w", err)
		}
		fmt.Fprintf(e.stdout, "changed the password of %q\n", *username)
	case "deactivate":
		if err := st.SetActive(ctx, *username, false); err != nil {
			return fmt.Errorf("users deactivate: %w", err)
		}
		fmt.Fprintf(e.stdout, "deactivated %q\n", *username)
	case "list":
		us, err := st.Users(ctx)
		if err != nil {
			return fmt.Errorf("users list: %w", err)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tACTIVE\tJOINED\tHASH")
		for _, u := range us {
			fmt.Fprintf(tw, "%d\t%s\t%t\t%s\t%s\n", u.ID, u.Username, u.Active, u.Joined.Format(time.RFC3339), password.Scheme(u.PasswordHash))
		}
		return tw.Flush()
	}
	return nil
}

// readPasswordHash reads the password as one line and hashes it with
// the parameters the server checks against.
func readPasswordHash(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("empty password: give it as one line on standard input")
	}
	return password.Hash(pw, server.HashParams)
}

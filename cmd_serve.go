package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime/debug"
	"strings"

	"jwtlab/internal/jose"
	"jwtlab/server"
	"jwtlab/server/store"
)

// repeated is a flag that may be given many times (-set a=1 -set b=2).
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// envDefaults fills each of the named flags not given on the command
// line from its JWTLAB_* variable (-access-lifetime from
// JWTLAB_ACCESS_LIFETIME). A command names only the variables it
// documents: a JWTLAB_USERNAME left in the environment must not pick the
// user a users verb acts on.
func envDefaults(fs *flag.FlagSet, getenv func(string) string, names ...string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, n := range names {
		if given[n] || fs.Lookup(n) == nil {
			continue
		}
		name := "JWTLAB_" + strings.ToUpper(strings.ReplaceAll(n, "-", "_"))
		if v := getenv(name); v != "" {
			if err := fs.Set(n, v); err != nil {
				return fmt.Errorf("%s=%q: %v", name, v, err)
			}
		}
	}
	return nil
}

// flagNames lists every flag of fs: serve reads a variable for each
// (README: "Every flag also reads JWTLAB_<FLAG>").
func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

func cmdServe(ctx context.Context, args []string, e env) error {
	fs := newFlags("serve", e,
		"usage: jwtlab serve [-profile dev|prod] [-addr HOST:PORT] [-db FILE|URL] [-key-file FILE] [-set knob=value ...] [flags]",
		"Every flag also reads $JWTLAB_<FLAG> (-access-lifetime: JWTLAB_ACCESS_LIFETIME); the signing secret is $JWTLAB_SIGNING_KEY.",
		"Exit status: 0 after -print-config or a clean shutdown (SIGINT, SIGTERM, SIGHUP), 1 the database cannot be opened, the address cannot be listened on (in use, not this machine's) or serving fails, 2 usage or setup error (bad flag or value, malformed -addr, a directory as -db, an unreadable or refused key).",
	)
	profile := fs.String("profile", "dev", "serving profile: dev (runserver-style) or prod (production-tuned)")
	addr := fs.String("addr", "127.0.0.1:8000", "address to listen on (port 0 picks a free port)")
	db := fs.String("db", "jwtlab.db", "SQLite file, or a postgres:// URL")
	keyFile := fs.String("key-file", "", "PEM private key to sign with (RS256, ES256/384/512 or EdDSA by key type); default: HS256 with $JWTLAB_SIGNING_KEY")
	var verifyKeys, sets repeated
	fs.Var(&verifyKeys, "verify-key-file", "PEM key that verifies but does not sign (repeatable): keeps tokens of a retired key valid")
	settings := settingFlags(fs)
	fs.Var(&sets, "set", "override one serving knob, knob=value (repeatable; -print-config lists them)")
	printConfig := fs.Bool("print-config", false, "print every setting and knob, then exit")
	if err := parseNoArgs(fs, args, e); err != nil {
		return err
	}
	// A value that cannot work, from a flag, its variable or -set, is a
	// usage error (exit 2) in one line, as the flag package's own are.
	if err := envDefaults(fs, e.getenv, flagNames(fs)...); err != nil {
		return usagef(e, fs, "%v", err)
	}
	cfg, err := server.Profile(*profile)
	if err != nil {
		return usagef(e, fs, "%v", err)
	}
	for _, f := range settings {
		if !f.given {
			continue
		}
		if err := f.setting.Set(&cfg, f.value); err != nil {
			return usagef(e, fs, "-%s: %v", f.setting.FlagName(), err)
		}
	}
	for _, s := range sets {
		if err := cfg.Set(s); err != nil {
			return usagef(e, fs, "%v", err)
		}
	}
	// The settings print even when they cannot serve (prod before it is
	// given -allowed-hosts), so they can be inspected and compared.
	if *printConfig {
		return cfg.PrintConfig(e.stdout)
	}
	// Every Config comes from the profile, flags, variables and -set:
	// one that cannot serve is a mistake in how serve was started.
	if err := cfg.Validate(); err != nil {
		return usagef(e, fs, "%v", err)
	}
	// A malformed address is a mistake in the command line; one that is
	// busy or not this machine's is for net.Listen to find (exit 1).
	if err := checkListenAddr(*addr); err != nil {
		return usagef(e, fs, "-addr %q: %v", *addr, err)
	}
	if err := checkDB(*db); err != nil {
		return usagef(e, fs, "-db %v", err)
	}
	// Before anything is opened or read: the exec keeps only the
	// standard files.
	if cfg.LazyRelease && e.reexec != nil {
		if godebug, restart := withLazyRelease(e.getenv("GODEBUG")); restart {
			err := e.reexec(godebug)
			fmt.Fprintf(e.stderr, "jwtlab serve: lazy_release not applied, serving with Go's default: %v\n", err)
		}
	}
	unlockAfterReexec()
	keys, random, err := loadKeys(cfg, *keyFile, verifyKeys, e)
	if err != nil {
		// A key that cannot be read or is refused is a setup error, as
		// for sign, verify and inspect: exit 2.
		return &exitError{code: 2, err: fmt.Errorf("serve: %w", err)}
	}
	st, err := store.Open(ctx, *db, cfg.StoreOptions())
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
	if cfg.GCPercent > 0 {
		debug.SetGCPercent(cfg.GCPercent)
	}
	logger, flush := server.NewLogger(cfg, e.stderr)
	defer flush()
	srv := server.New(cfg, st, keys, logger)
	// Said once everything has opened, so a start that fails prints
	// only the line that says why.
	if random {
		fmt.Fprintln(e.stderr, "jwtlab: no signing key given; signing with a random HS256 secret for this run only (set JWTLAB_SIGNING_KEY to keep tokens valid across restarts)")
	}
	if cfg.Profile == "dev" {
		fmt.Fprintln(e.stderr, "jwtlab development server - do not use it in production (use -profile prod).")
	}
	// Tools (jwtlab bench, tests) read the real port from this line.
	fmt.Fprintf(e.stderr, "listening on http://%s\n", ln.Addr())
	return srv.Run(ctx, ln)
}

// checkListenAddr checks that addr is HOST:PORT with a port net.Listen
// can take: a number up to 65535 (0 picks a free one) or a service
// name. The host is left to net.Listen.
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("want HOST:PORT, such as 127.0.0.1:8000 (port 0 picks a free port)")
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return fmt.Errorf("port %q: want a number from 0 to 65535", port)
	}
	return nil
}

// checkDB refuses a -db that names a directory: SQLite would say only
// "unable to open database file". A postgres:// URL is left to the
// store, as is a path that is not there (which serve and users add
// create).
func checkDB(db string) error {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return nil
	}
	if st, err := os.Stat(db); err == nil && st.IsDir() {
		return fmt.Errorf("%q is a directory: give a SQLite file in it, or a postgres:// URL", db)
	}
	return nil
}

// withLazyRelease returns godebug with madvdontneed=0 added (the Go
// runtime then gives freed memory back with MADV_FREE: server.Config's
// LazyRelease), and whether that changes what the runtime does. The
// runtime reads GODEBUG once, as it starts, left to right, so the last
// madvdontneed wins; without one, Linux gets 1.
func withLazyRelease(godebug string) (string, bool) {
	last := ""
	for kv := range strings.SplitSeq(godebug, ",") {
		if v, ok := strings.CutPrefix(kv, "madvdontneed="); ok {
			last = v
		}
	}
	switch {
	case last == "0":
		return godebug, false
	case godebug == "":
		return "madvdontneed=0", true
	}
	return godebug + ",madvdontneed=0", true
}

// settingFlag is a flag made from a row of server's settings table. It
// keeps the text until the profile's Config exists to take it, so a flag
// changes its one setting and the profile the rest.
type settingFlag struct {
	setting server.Setting
	value   string
	given   bool
}

// settingFlags adds a flag for every token setting in the table; each
// flag's default is the profiles' (token settings are the same in both).
func settingFlags(fs *flag.FlagSet) []*settingFlag {
	defaults := server.DevConfig()
	var out []*settingFlag
	for _, s := range server.Settings() {
		if !s.Flag {
			continue
		}
		f := &settingFlag{setting: s, value: s.Get(&defaults)}
		if f.value == s.Get(&server.Config{}) {
			// A zero default (false, 0s) reads as "" so that -h shows
			// none, as it does for fs.Bool and fs.Duration.
			f.value = ""
		}
		fs.Var(f, s.FlagName(), s.Usage)
		out = append(out, f)
	}
	return out
}

func (f *settingFlag) String() string { return f.value }

func (f *settingFlag) Set(v string) error {
	var scratch server.Config
	if err := f.setting.Set(&scratch, v); err != nil {
		return err
	}
	f.value, f.given = v, true
	return nil
}

// IsBoolFlag lets a bool setting stand alone: -rotate-refresh.
func (f *settingFlag) IsBoolFlag() bool { return f.setting.Bool }

// loadKeys picks the signing key: a PEM file, else the HS256 secret in
// $JWTLAB_SIGNING_KEY, else (dev only) a random secret for this run,
// which random reports for the caller to say. The profile's key policy
// (server.Config.CheckSecret) judges the secret.
func loadKeys(cfg server.Config, keyFile string, verifyFiles []string, e env) (keys *server.Keys, random bool, err error) {
	secret := e.getenv("JWTLAB_SIGNING_KEY")
	var signing *jose.Key
	switch {
	case keyFile != "" && secret != "":
		return nil, false, errors.New("both -key-file and JWTLAB_SIGNING_KEY are set: choose one signing key")
	case keyFile != "":
		k, err := server.LoadKeyFile(keyFile)
		if err != nil {
			return nil, false, err
		}
		signing = k
	case secret != "":
		if err := cfg.CheckSecret([]byte(secret)); err != nil {
			return nil, false, fmt.Errorf("JWTLAB_SIGNING_KEY: %w", err)
		}
		signing = jose.Secret(secret)
	default:
		if err := cfg.CheckSecret(nil); err != nil {
			return nil, false, fmt.Errorf("set JWTLAB_SIGNING_KEY or -key-file: %w", err)
		}
		b := make([]byte, 32)
		rand.Read(b)
		signing, random = jose.Secret(hex.EncodeToString(b)), true
	}
	var others []*jose.Key
	for _, f := range verifyFiles {
		k, err := server.LoadKeyFile(f)
		if err != nil {
			return nil, false, err
		}
		others = append(others, k)
	}
	keys, err = server.NewKeys(signing, others...)
	return keys, random && err == nil, err
}

package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
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
	settings := settingFlags(fs)
	fs.Var(&sets, "set", "override one serving knob, knob=value (repeatable; -print-config lists them)")
	printConfig := fs.Bool("print-config", false, "print every setting and knob, then exit")
	if err := parseNoArgs(fs, args, e); err != nil {
		return err
	}
	if err := envDefaults(fs, e.getenv); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	cfg, err := server.Profile(*profile)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	for _, f := range settings {
		if !f.given {
			continue
		}
		if err := f.setting.Set(&cfg, f.value); err != nil {
			return fmt.Errorf("serve: -%s: %w", f.setting.FlagName(), err)
		}
	}
	for _, s := range sets {
		if err := cfg.Set(s); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	// The settings print even when they cannot serve (prod before it is
	// given -allowed-hosts), so they can be inspected and compared.
	if *printConfig {
		return cfg.PrintConfig(e.stdout)
	}
	if err := cfg.Validate(); err != nil {
		return serveConfigError(err)
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
	keys, err := loadKeys(cfg, *keyFile, verifyKeys, e)
	if errors.Is(err, server.ErrKeyRefused) {
		// A refused key is a mistake in how serve was started: exit 2.
		return &exitError{code: 2, err: fmt.Errorf("serve: %w", err)}
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
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
	if cfg.Profile == "dev" {
		fmt.Fprintln(e.stderr, "jwtlab development server - do not use it in production (use -profile prod).")
	}
	// Tools (jwtlab bench, tests) read the real port from this line.
	fmt.Fprintf(e.stderr, "listening on http://%s\n", ln.Addr())
	return srv.Run(ctx, ln)
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
// $JWTLAB_SIGNING_KEY, else (dev only) a random secret for this run. The
// profile's key policy (server.Config.CheckSecret) judges the secret.
func loadKeys(cfg server.Config, keyFile string, verifyFiles []string, e env) (*server.Keys, error) {
	secret := e.getenv("JWTLAB_SIGNING_KEY")
	var signing *jose.Key
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
		if err := cfg.CheckSecret([]byte(secret)); err != nil {
			return nil, fmt.Errorf("JWTLAB_SIGNING_KEY: %w", err)
		}
		signing = jose.Secret(secret)
	default:
		if err := cfg.CheckSecret(nil); err != nil {
			return nil, fmt.Errorf("set JWTLAB_SIGNING_KEY or -key-file: %w", err)
		}
		b := make([]byte, 32)
		rand.Read(b)
		fmt.Fprintln(e.stderr, "jwtlab: no signing key given; signing with a random HS256 secret for this run only (set JWTLAB_SIGNING_KEY to keep tokens valid across restarts)")
		signing = jose.Secret(hex.EncodeToString(b))
	}
	var others []*jose.Key
	for _, f := range verifyFiles {
		k, err := server.LoadKeyFile(f)
		if err != nil {
			return nil, err
		}
		others = append(others, k)
	}
	return server.NewKeys(signing, others...)
}

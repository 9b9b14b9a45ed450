package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jwtlab/server/nginx"
)

// cmdNginxConfig writes an nginx.conf for nginx in front of jwtlab serve.
func cmdNginxConfig(ctx context.Context, args []string, e env) error {
	fs := newFlags("nginx-config", e,
		"usage: jwtlab nginx-config [-upstream HOST:PORT[,HOST:PORT...]] [-listen HOST:PORT] [-out FILE] [-prefix DIR] [-token-rate N] [-token-burst N] [-token-hold N]",
		"\nWrites a standalone nginx.conf; run it with nginx -p PREFIX -c FILE -g 'daemon off;'.",
		"Exit status: 0 written, 1 -out or stdout could not be written, 2 usage error (a bad flag value, a directory as -out).",
	)
	upstream := fs.String("upstream", "127.0.0.1:8000", "`HOST:PORT[,HOST:PORT...]` of each jwtlab serve -profile prod instance")
	listen := fs.String("listen", "127.0.0.1:8080", "`HOST:PORT` nginx accepts clients on")
	out := fs.String("out", "", "write the config to `FILE` instead of stdout")
	prefix := fs.String("prefix", "", "absolute `DIR` for pid, logs and temp files (default: relative to nginx -p)")
	rate := fs.Int("token-rate", nginx.DefaultTokenRate, "POST /api/token/ requests per second per client address")
	burst := fs.Int("token-burst", nginx.DefaultTokenBurst, "POST /api/token/ requests above the rate answered at once before 429")
	hold := fs.Int("token-hold", 0, "POST /api/token/ requests beyond the burst held and passed at the rate before 429 (0: 429 at once)")
	if err := parseNoArgs(fs, args, e); err != nil {
		return err
	}
	if *rate < 1 || *burst < 1 {
		return usagef(e, fs, "-token-rate and -token-burst must be at least 1")
	}
	if *hold < 0 {
		return usagef(e, fs, "-token-hold must not be negative")
	}
	if st, err := os.Stat(*out); *out != "" && err == nil && st.IsDir() {
		return usagef(e, fs, "-out %q is a directory: give a file in it", *out)
	}
	// Split here rather than with server.SplitList, which drops empty
	// entries: "a,,b" is a typo (a deleted address, a variable that was
	// empty), and nginx would quietly balance over one instance fewer.
	var upstreams []string
	for u := range strings.SplitSeq(*upstream, ",") {
		if u = strings.TrimSpace(u); u == "" {
			return usagef(e, fs, "-upstream %q has an empty entry: give HOST:PORT[,HOST:PORT...]", *upstream)
		}
		upstreams = append(upstreams, u)
	}
	cfg := nginx.Config{Upstreams: upstreams, Listen: *listen, Prefix: *prefix, TokenRate: *rate, TokenBurst: *burst, TokenHold: *hold}
	// Render into memory first, so bad input never leaves a truncated file.
	var b bytes.Buffer
	if err := nginx.Render(&b, cfg); err != nil {
		if errors.Is(err, nginx.ErrBadAddress) || errors.Is(err, nginx.ErrBadPrefix) || errors.Is(err, nginx.ErrBadLimit) {
			return usagef(e, fs, "%v", err) // a bad flag value
		}
		return fmt.Errorf("nginx-config: %w", err)
	}
	if *out == "" {
		_, err := e.stdout.Write(b.Bytes())
		return err
	}
	if err := replaceFile(*out, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err }); err != nil {
		return fmt.Errorf("nginx-config: %w", err)
	}
	return nil
}

// replaceFile writes name through write, all or nothing: into a temporary
// file in the same directory, then renamed over name, so that a failure
// part way (a full disk) leaves the old file whole where os.WriteFile
// would have truncated it first. The new file keeps the old one's
// permissions, or gets 0644 (readable by the nginx workers' user) when
// there was none. A symbolic link is followed: its target is replaced.
// Only a regular file is replaced: a device, a named pipe or a socket
// (/dev/stdout, /dev/null, a FIFO a reader waits on) is written into, as
// os.WriteFile would, since a plain file put in its place would take
// what its readers wait for.
func replaceFile(name string, write func(io.Writer) error) (err error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(name); err == nil {
		switch {
		case st.IsDir():
			return fmt.Errorf("%q is a directory", name)
		case !st.Mode().IsRegular():
			return writeInto(name, write)
		}
		mode = st.Mode().Perm()
	}
	if target, err := filepath.EvalSymlinks(name); err == nil {
		name = target
	}
	var tmp *os.File
	defer func() {
		if err == nil {
			return
		}
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		// Said of the file asked for: the temporary one is gone.
		var pe *os.PathError
		var le *os.LinkError
		switch {
		case errors.As(err, &pe):
			err = pe.Err
		case errors.As(err, &le):
			err = le.Err
		}
		err = fmt.Errorf("write %q: %w", name, err)
	}()
	tmp, err = os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	// Synced before the rename, so that a crash cannot leave the new name
	// on a file whose bytes never reached the disk.
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// writeInto writes name, which is not a regular file, through write.
func writeInto(name string, write func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %q: %w", name, err)
	}
	return f.Close()
}

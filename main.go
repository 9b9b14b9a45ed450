// Command jwtlab is a learning lab and benchmark suite for JSON Web Token
// authentication: a simplejwt-compatible token server, lessons, an inspector
// and load tests, in one binary.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

func main() {
	// A closed terminal (SIGHUP) stops as Ctrl-C and SIGTERM do: serve
	// drains its requests, bench stops its children and removes its
	// temporary files. Go's default for SIGHUP would end the process at
	// once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	err := runWith(ctx, os.Args[1:], env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, reexec: reexec})
	stop()
	os.Exit(exitStatus(err, os.Stderr))
}

// env is what a subcommand may touch of the outside world. Tests pass their
// own, so they drive the real program without a subprocess.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// reexec replaces the process with a fresh start of the same command
	// line, GODEBUG set to godebug (serve uses it for settings the Go
	// runtime reads only as it starts). nil where run is driven in
	// process, as tests do: there the runtime stays as it is.
	reexec func(godebug string) error
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, e env) error
}

// commands maps subcommand names to the functions that parse their flags;
// each lives in the file of the same name.
var commands = []command{
	{"serve", "run the simplejwt-compatible token server", cmdServe},
	{"users", "add, list, re-password, deactivate users; revoke their tokens; flush expired ones", cmdUsers},
	{"bench", "load-test the server profiles with vegeta and report", cmdBench},
	{"learn", "list the lessons, or walk through one step by step", cmdLearn},
	{"inspect", "decode and explain a token (interactive, or -json)", cmdInspect},
	{"verify", "check a token's signature with a pinned algorithm", cmdVerify},
	{"sign", "mint a token from JSON claims", cmdSign},
	{"nginx-config", "write an nginx.conf to put in front of jwtlab serve", cmdNginxConfig},
	{"keygen", "print a random signing key for JWTLAB_SIGNING_KEY", cmdKeygen},
}

// errUsage marks a command-line mistake; its message has already been
// printed with the usage text, and the exit status is 2.
var errUsage = errors.New("usage")

// exitError asks for a particular exit status. verify uses it to answer 1
// for "does not verify", which is a result rather than a failure to run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runWith(ctx, args, env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr})
}

func runWith(ctx context.Context, args []string, e env) error {
	stderr := e.stderr
	if len(args) == 0 {
		// Not asked for: the usage says what was missing, on stderr.
		usage(stderr)
		return errUsage
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		// Asked for: the usage is the output, on stdout (jwtlab -h | less).
		out := &watchedWriter{w: e.stdout}
		usage(out)
		return out.failed()
	}
	for _, c := range commands {
		if c.name == args[0] {
			return runCommand(ctx, c, args[1:], e)
		}
	}
	fmt.Fprintf(stderr, "jwtlab: unknown command %q (run jwtlab help)\n", args[0])
	return errUsage
}

// runCommand runs c with stdout watched: a command whose output met a
// full disk (or any failed write) and that returned nil has not done its
// job, so the first failed write becomes its error. Commands that check their
// own writes return that error first, and it is the one said.
//
// A terminal is passed as itself: inspect and learn need its *os.File to
// read its size and set raw mode, and a terminal does not fill up.
func runCommand(ctx context.Context, c command, args []string, e env) error {
	if _, tty := terminal(e.stdout); tty {
		return c.run(ctx, args, e)
	}
	out := &watchedWriter{w: e.stdout}
	e.stdout = out
	if err := c.run(ctx, args, e); err != nil {
		return err
	}
	return out.failed()
}

// watchedWriter passes writes through and remembers the first that
// failed. Its errors name stdout: an *os.File's already do ("write
// /dev/stdout: no space left on device"); another writer's (a test's)
// get the name added, so a command that returns the error it was given
// says the same. Safe for concurrent use, as an *os.File is.
type watchedWriter struct {
	w   io.Writer
	mu  sync.Mutex
	err error
}

func (w *watchedWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err == nil {
		return n, nil
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		err = fmt.Errorf("write stdout: %w", err)
	}
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
	return n, err
}

// failed returns the first write error, or nil.
func (w *watchedWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: jwtlab <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun jwtlab <command> -h for a command's flags.")
	fmt.Fprintln(w, "Exit status: 0 success, 1 a failure while running (for verify, a token that does not verify), 2 usage or setup error.")
}

// exitStatus prints err as one line and turns it into the process status.
func exitStatus(err error, stderr io.Writer) int {
	var ee *exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ee):
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "jwtlab:", errorLine(quotedNames(ee.err)))
		}
		return ee.code
	default:
		fmt.Fprintln(stderr, "jwtlab:", errorLine(quotedNames(err)))
		return 1
	}
}

// errorLine is the one line that exitStatus and usagef print for msg:
// folded by oneLine, then with every control or format character left
// escaped (escapeHidden), so that nothing a user typed or a file held
// can move the cursor, recolour the terminal or reorder the line.
func errorLine(msg string) string {
	return escapeHidden(oneLine(msg))
}

// quotedNames is err's message with each file name that the os package
// puts in its errors unquoted (a *fs.PathError's path, an
// *os.LinkError's two) quoted as %q quotes it, when the name holds a
// character errorLine would change: a line break in a file name is part
// of the name, not a break between two lines of a message, and must not
// read as "; ".
func quotedNames(err error) string {
	msg := err.Error()
	for _, name := range errorNames(err, nil) {
		if strings.ContainsFunc(name, hidden) {
			msg = strings.ReplaceAll(msg, name, strconv.Quote(name))
		}
	}
	return msg
}

// errorNames appends the names the errors in err's tree carry.
func errorNames(err error, names []string) []string {
	switch e := err.(type) {
	case *fs.PathError:
		names = append(names, e.Path)
	case *os.LinkError:
		names = append(names, e.Old, e.New)
	}
	switch e := err.(type) {
	case interface{ Unwrap() error }:
		if next := e.Unwrap(); next != nil {
			names = errorNames(next, names)
		}
	case interface{ Unwrap() []error }:
		for _, next := range e.Unwrap() {
			names = errorNames(next, names)
		}
	}
	return names
}

// oneLine folds a message that spans lines into one, so that every error
// is one line on stderr (pgx, for one, lists each address it tried on a
// line of its own, indented): each line break and the indentation after
// it become "; ", or a space after a line that ends in a colon, which
// introduces what follows. Blank lines are dropped.
func oneLine(msg string) string {
	if !strings.ContainsAny(msg, "\r\n") {
		return msg
	}
	var b strings.Builder
	for line := range strings.Lines(strings.ReplaceAll(msg, "\r", "\n")) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			if strings.HasSuffix(b.String(), ":") {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// newFlags returns a FlagSet that reports errors instead of exiting, so
// run stays testable. Its usage text is the usage lines (the first
// "usage: jwtlab NAME ...", as every command's is), then the flags but
// the internal ones; parseFlags prints it for -h.
func newFlags(name string, e env, usage ...string) *flag.FlagSet {
	fs := flag.NewFlagSet("jwtlab "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		for _, line := range usage {
			fmt.Fprintln(fs.Output(), line)
		}
		printFlags(fs)
	}
	return fs
}

// internalFlag begins the help of a flag that only jwtlab's own child
// processes give (bench runs itself as its floor target): -h leaves such
// a flag out, and it parses like any other.
const internalFlag = "internal: "

// printFlags is fs.PrintDefaults without the internal flags.
func printFlags(fs *flag.FlagSet) {
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(fs.Output())
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Usage, internalFlag) {
			return
		}
		shown.Var(f.Value, f.Name, f.Usage)
		// The default as declared, not the value a flag before -h set.
		shown.Lookup(f.Name).DefValue = f.DefValue
	})
	shown.PrintDefaults()
}

// parseNoArgs parses the flags of a command that takes no positional
// argument: a stray one is a usage error (exit status 2), said in one line.
func parseNoArgs(fs *flag.FlagSet, args []string, e env) error {
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

// parseFlags parses args. -h prints the usage on stdout, since it was
// asked for (jwtlab sign -h | less), and the status is 0; a flag error is
// said in one line on stderr (the flag package would follow it with the
// whole usage, which buries the line that says what was wrong) and
// becomes errUsage.
func parseFlags(fs *flag.FlagSet, args []string, e env) error {
	out := fs.Output()
	var usage bytes.Buffer
	fs.SetOutput(&usage)
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		if _, err := e.stdout.Write(usage.Bytes()); err != nil {
			return err
		}
		return flag.ErrHelp
	}
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), errorLine(err.Error()))
	return errUsage
}

// parseInterspersed parses flags wherever they stand among the
// positional arguments (jwtlab learn 3 -plain), and returns those
// arguments. A lone "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string, e env) ([]string, error) {
	var positional []string
	for {
		if err := parseFlags(fs, args, e); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

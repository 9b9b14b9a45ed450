package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"github.com/charmbracelet/x/term"

	"jwtlab/lessons"
)

// cmdLearn lists the lessons, or walks through one:
// jwtlab learn [-plain] [-continue] [N].
func cmdLearn(ctx context.Context, args []string, e env) error {
	fs := newFlags("learn", e, `usage: jwtlab learn [-plain] [-continue] [N]

Without N, lists the lessons. With N (a number or a topic), walks through
lesson N a screen at a time: Enter, Space or → next, b or ← back, a number
and Enter to jump to that step, l to list the steps, /word to search,
? for help, q to quit. The walk remembers where you stopped.

Exit status: 0 done, 1 a failure (no walk to -continue, a damaged place
file, a pager that fails), 2 usage error (no such lesson, a bad flag).`)
	plain := fs.Bool("plain", false, "print the whole lesson without pausing: through $PAGER (default less -R) on a terminal, plainly when piped")
	resume := fs.Bool("continue", false, "go back to the lesson and step where the last walk stopped")
	pos, err := parseInterspersed(fs, args, e)
	if err != nil {
		return err
	}
	all, err := lessons.All()
	if err != nil {
		return err
	}
	var name string
	start := 0
	switch {
	case len(pos) > 1 || (*resume && len(pos) == 1):
		fmt.Fprintln(e.stderr, "jwtlab learn: give one lesson number, or -continue")
		return errUsage
	case *resume:
		p, err := loadPlace()
		if err != nil {
			return fmt.Errorf("learn -continue: %w", err)
		}
		name, start = strconv.Itoa(p.Lesson), p.Step-1
	case len(pos) == 0:
		// Fitted to a terminal; piped, every summary whole.
		lessons.ListWidth(e.stdout, all, columns(e.stdout))
		if p, err := loadPlace(); err == nil {
			fmt.Fprintf(e.stdout, "You stopped at lesson %d, step %d: jwtlab learn -continue goes back there.\n", p.Lesson, p.Step)
		}
		return nil
	default:
		name = pos[0]
	}
	l, err := lessons.Find(name)
	if errors.Is(err, lessons.ErrNoLesson) && !*resume {
		return usagef(e, fs, "%v", err)
	}
	if err != nil {
		return err
	}
	next := 0
	for i, o := range all {
		if o.Number == l.Number && i+1 < len(all) {
			next = all[i+1].Number
		}
	}

	out, outTTY := terminal(e.stdout)
	in, inTTY := terminal(e.stdin)
	size := func() (int, int) { return 0, 0 } // 80x24
	if outTTY {
		size = func() (int, int) {
			w, h, err := term.GetSize(out.Fd())
			if err != nil {
				return 0, 0
			}
			return w, h
		}
	}
	// Piped or redirected output with nobody to press a key (stdin a
	// terminal the output no longer goes to, or /dev/null) gets the
	// lesson printed whole, as -plain prints it; a script on stdin still
	// drives the walk.
	if !outTTY && (inTTY || devNull(e.stdin)) {
		return lessons.Print(e.stdout, l, start, 0, next)
	}
	if *plain {
		if !outTTY {
			return lessons.Print(e.stdout, l, start, 0, next)
		}
		width, _ := size()
		return page(e, out, l, start, width, next)
	}

	p := lessons.Pager{Out: e.stdout, In: e.stdin, Size: size, Next: next}
	if inTTY && outTTY {
		old, err := term.MakeRaw(in.Fd())
		if err != nil {
			return fmt.Errorf("learn: raw terminal: %w", err)
		}
		defer term.Restore(in.Fd(), old)
		p.Raw = true
	}
	stop, err := p.Walk(ctx, l, start)
	if err != nil {
		return err
	}
	here := place{Lesson: l.Number, Step: stop.Step + 1}
	if stop.Done && next > 0 {
		here = place{Lesson: next, Step: 1}
	}
	if err := savePlace(here); err != nil {
		// The walk itself went well; only -continue will not find it.
		fmt.Fprintf(e.stderr, "jwtlab learn: could not remember where you stopped: %s\n", errorLine(quotedNames(err)))
	}
	return nil
}

// page sends the lesson from step start through $PAGER, as git and man
// do. With no $PAGER and no less installed it prints the lesson instead.
func page(e env, out *os.File, l lessons.Lesson, start, width, next int) error {
	var text bytes.Buffer
	if err := lessons.Print(&text, l, start, width, next); err != nil {
		return err
	}
	pager := e.getenv("PAGER")
	if pager == "" {
		if _, err := exec.LookPath("less"); err != nil {
			_, err := text.WriteTo(out)
			return err
		}
		pager = "less -R" // -R: pass colour codes through, as git does
	}
	// Through sh -c, as git runs it: $PAGER may carry its own flags.
	cmd := exec.Command("sh", "-c", pager)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = &text, out, e.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("learn -plain: run $PAGER %q: %w", pager, err)
	}
	return nil
}

// place is where the last walk stopped, kept in the user's config dir
// (os.UserConfigDir: $XDG_CONFIG_HOME or ~/.config on Linux) so that
// jwtlab learn -continue can go back there.
type place struct {
	Lesson int `json:"lesson"`
	Step   int `json:"step"` // 1-based, as the prompt shows it
}

var errNoPlace = errors.New("no walk to continue yet: start one with jwtlab learn N")

func placeFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "jwtlab", "learn.json"), nil
}

func loadPlace() (place, error) {
	name, err := placeFile()
	if err != nil {
		return place{}, err
	}
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return place{}, errNoPlace
	}
	if err != nil {
		return place{}, err
	}
	var p place
	if err := json.Unmarshal(b, &p); err != nil || p.Lesson < 1 || p.Step < 1 {
		return place{}, fmt.Errorf("%q is damaged (delete it to start afresh)", name)
	}
	return p, nil
}

func savePlace(p place) error {
	name, err := placeFile()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o600)
}

package main

import (
	"context"
	"fmt"

	"jwtlab/lessons"
)

// cmdLearn lists the lessons, or walks through one: jwtlab learn [-plain] [N].
func cmdLearn(ctx context.Context, args []string, e env) error {
	fs := newFlags("learn", e)
	plain := fs.Bool("plain", false, "print the whole lesson without pausing between steps")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: jwtlab learn [-plain] [N]\n\nWithout N, lists the lessons. With N (a number or a topic), walks through\nlesson N one step at a time: Enter for the next step, q then Enter to leave.")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch len(pos) {
	case 0:
		all, err := lessons.All()
		if err != nil {
			return err
		}
		lessons.List(e.stdout, all)
		return nil
	case 1:
	default:
		fmt.Fprintln(e.stderr, "jwtlab learn: give one lesson number")
		return errUsage
	}
	l, err := lessons.Find(pos[0])
	if err != nil {
		return err
	}
	in := e.stdin
	if *plain {
		in = nil
	}
	return lessons.Walk(ctx, e.stdout, in, l)
}

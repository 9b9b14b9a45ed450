package drf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"jwtlab/bench/peers/django"
	revocation "jwtlab/lessons/17-revocation"
	"jwtlab/server"
	"jwtlab/server/password"
	"jwtlab/server/servertest"
)

// printQuote prints the lines of the tuned peer's file (in
// bench/peers/django) from the one that starts with first through the one
// that starts with last, set off by a bar.
func printQuote(w io.Writer, file, first, last string) error {
	text, err := django.Quote(file, first, last)
	if err != nil {
		return err
	}
	for line := range strings.Lines(text) {
		fmt.Fprint(w, "| ", line)
	}
	return nil
}

// knobs prints settings of the dev and prod profiles, by their -set names.
func knobs(w io.Writer, names ...string) {
	dev, prod := server.DevConfig(), server.ProdConfig()
	for _, s := range server.Settings() {
		for _, n := range names {
			if s.Name == n {
				fmt.Fprintf(w, "%-16s dev %-5s prod %s\n", n, s.Get(&dev), s.Get(&prod))
			}
		}
	}
}

// StepConnections is the step "CONN_MAX_AGE and connection pools".
func StepConnections(w io.Writer) error {
	if err := printQuote(w, "peer/settings_tuned.py", "# CONN_MAX_AGE:", "_CONN_MAX_AGE ="); err != nil {
		return err
	}
	knobs(w, "store_max_open", "store_max_idle", "store_prepare")
	return nil
}

// StepUser is the step "Which user does a request see?".
func StepUser(w io.Writer) error {
	if err := printQuote(w, "peer/settings_tuned.py", "# How /api/me/ finds its user:", "USER_CACHE_TTL ="); err != nil {
		return err
	}
	for _, ttl := range []time.Duration{0, 2 * time.Second} {
		lab, err := revocation.Start(func(c *server.Config) { c.UserCacheTTL = ttl })
		if err != nil {
			return err
		}
		pair := lab.Login(servertest.Password)
		lab.Store.Calls()
		lab.Me(pair.Access())
		lab.Me(pair.Access())
		calls := lab.Store.Calls()
		err = lab.Store.SetActive(context.Background(), servertest.Username, false)
		fmt.Fprintf(w, "user_cache_ttl=%v: two requests read %s; deactivated: %d\n",
			ttl, calls, lab.Me(pair.Access()).Status)
		lab.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// StepWorkers is the step "Workers: processes, threads, goroutines".
func StepWorkers(w io.Writer) error {
	if err := printQuote(w, "gunicorn.conf.py", "# sync or gthread", "threads ="); err != nil {
		return err
	}
	lab, err := revocation.Start(func(c *server.Config) { c.UserCacheTTL = 2 * time.Second })
	if err != nil {
		return err
	}
	defer lab.Close()
	pair := lab.Login(servertest.Password)
	lab.Store.Calls()
	for range 5 {
		lab.Me(pair.Access()) // every goroutine of the process shares the cache
	}
	fmt.Fprintln(w, "five requests in 2 s, one jwtlab process, store:", lab.Store.Calls())
	return nil
}

// StepThrottle is the step "Throttles: where the counter lives".
func StepThrottle(w io.Writer) error {
	if err := printQuote(w, "peer/settings_tuned.py", "# Login throttles on the token views", "_THROTTLE ="); err != nil {
		return err
	}
	prod := server.ProdConfig()
	perUser := func(c *server.Config) {
		c.LoginRateUser, c.LoginBurstUser = prod.LoginRateUser, prod.LoginBurstUser
	}
	guesses := func(lab *revocation.Lab, n int) string {
		var got []string
		for range n {
			got = append(got, fmt.Sprint(lab.Login("a-wrong-guess").Status))
		}
		return strings.Join(got, " ")
	}
	lab, err := revocation.Start(perUser)
	if err != nil {
		return err
	}
	defer lab.Close()
	fmt.Fprintln(w, "six wrong guesses for one username:", guesses(lab, 6))
	fmt.Fprintln(w, "the seventh:", lab.Login(servertest.Password))
	// A second instance of the same server, as behind a load balancer.
	other, err := revocation.Start(perUser)
	if err != nil {
		return err
	}
	defer other.Close()
	fmt.Fprintln(w, "five more at a second instance:    ", guesses(other, 5))
	return nil
}

// StepHasher is the step "Argon2PasswordHasher".
func StepHasher(w io.Writer) error {
	if err := printQuote(w, "peer/settings_tuned.py", "# Argon2id first:", "    PASSWORD_HASHERS.insert(0, PASSWORD_HASHERS.pop(2))"); err != nil {
		return err
	}
	django, err := DjangoHash()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Django's params:", strings.Split(django, "$")[3])
	p := password.OWASP()
	fmt.Fprintf(w, "jwtlab's params: m=%d,t=%d,p=%d\n", p.MemoryKiB, p.Time, p.Threads)
	for _, pw := range []string{servertest.Password, "a-wrong-guess"} {
		// The check jwtlab's login runs on a user brought over by users
		// import-django: nil is a match, ErrMismatch a wrong password.
		err := password.Verify(django, pw)
		if err != nil && !errors.Is(err, password.ErrMismatch) {
			return err
		}
		fmt.Fprintf(w, "Django's hash, checked in Go, %q: %v\n", pw, err == nil)
	}
	return nil
}

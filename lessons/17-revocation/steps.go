package revocation

import (
	"context"
	"fmt"
	"io"
	"time"

	flow "jwtlab/lessons/11-flow"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

// reuseDetection is jwtlab serve -rotate-refresh -blacklist-after-rotation
// -reuse-detection -reuse-grace grace.
func reuseDetection(grace time.Duration) func(*server.Config) {
	return func(c *server.Config) {
		c.RotateRefresh, c.BlacklistAfterRotation, c.ReuseDetection = true, true, true
		c.ReuseGrace = grace
	}
}

// StepReuse is the step "Reuse detection: the whole family goes".
func StepReuse(w io.Writer) error {
	lab, err := Start(reuseDetection(0))
	if err != nil {
		return err
	}
	defer lab.Close()
	pair := lab.Login(servertest.Password)
	thief := lab.Refresh(pair.Refresh()) // the thief's copy, used first
	fmt.Fprintln(w, "thief refreshes first:     ", thief.Status)
	fmt.Fprintln(w, "victim refreshes its copy: ", lab.Refresh(pair.Refresh()))
	fmt.Fprintln(w, "thief's rotated token:     ", lab.Refresh(thief.Refresh()))
	fmt.Fprintln(w, "thief's access token:      ", lab.Me(thief.Access()).Status)
	return nil
}

// StepGrace is the step "The grace window".
func StepGrace(w io.Writer) error {
	lab, err := Start(reuseDetection(time.Hour))
	if err != nil {
		return err
	}
	defer lab.Close()
	pair := lab.Login(servertest.Password)
	first := lab.Refresh(pair.Refresh())
	fmt.Fprintln(w, "second use, inside the grace:", lab.Refresh(pair.Refresh()).Status)
	fmt.Fprintln(w, "first use's rotated token:   ", lab.Refresh(first.Refresh()).Status)
	return nil
}

// StepRevokeAll is the step "Log out everywhere". It rotates, as
// -rotate-refresh -blacklist-after-rotation do, so that the phone holds
// a token no login issued: the kind simplejwt 5.2.2 keeps no row for.
func StepRevokeAll(w io.Writer) error {
	lab, err := Start(func(c *server.Config) { c.RotateRefresh, c.BlacklistAfterRotation = true, true })
	if err != nil {
		return err
	}
	defer lab.Close()
	laptop := lab.Login(servertest.Password)
	phone := lab.Refresh(lab.Login(servertest.Password).Refresh()) // the phone has rotated once
	lab.Store.Calls()
	out := lab.Post("/api/token/revoke-all/", laptop.Access(), nil)
	fmt.Fprintln(w, "revoke-all:             ", out, "- store:", lab.Store.Calls())
	fmt.Fprintln(w, "phone's rotated refresh:", lab.Refresh(phone.Refresh()))
	fmt.Fprintln(w, "laptop's refresh:       ", lab.Refresh(laptop.Refresh()).Status)
	fmt.Fprintln(w, "phone's access token:   ", lab.Me(phone.Access()).Status)
	return nil
}

// StepPassword is the step "A new password revokes".
func StepPassword(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	stolen := lab.Login(servertest.Password)
	err = ChangePassword(context.Background(), lab.Store, servertest.Username, "a-new-password-456", lab.Clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "old password:         ", lab.Login(servertest.Password))
	fmt.Fprintln(w, "stolen refresh token: ", lab.Refresh(stolen.Refresh()))
	fmt.Fprintln(w, "stolen access token:  ", lab.Me(stolen.Access()).Status)
	lab.Clock.Advance(5 * time.Minute)
	fmt.Fprintln(w, "5 minutes later:      ", lab.Me(stolen.Access()).Status)
	return nil
}

// StepDeactivate is the step "Deactivation, and why it must revoke too".
func StepDeactivate(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	ctx := context.Background()
	pair := lab.Login(servertest.Password)
	// Django's admin unticking is_active, and nothing else.
	if err := lab.Store.SetActive(ctx, servertest.Username, false); err != nil {
		return err
	}
	fmt.Fprintln(w, "access token:        ", lab.Me(pair.Access()))
	fresh := lab.Refresh(pair.Refresh())
	fmt.Fprintln(w, "refresh still works: ", fresh)
	fmt.Fprintln(w, "its access token:    ", lab.Me(fresh.Access()).Status)
	if err := Deactivate(ctx, lab.Store, servertest.Username, lab.Clock.Now()); err != nil {
		return err
	}
	fmt.Fprintln(w, "after users deactivate, refresh:", lab.Refresh(pair.Refresh()).Status)
	return nil
}

// StepUserCache is the step "Inactive users and the user cache".
func StepUserCache(w io.Writer) error {
	lab, err := Start(func(c *server.Config) { c.UserCacheTTL = 2 * time.Second })
	if err != nil {
		return err
	}
	defer lab.Close()
	pair := lab.Login(servertest.Password)
	lab.Store.Calls()
	for i := 1; i <= 2; i++ {
		me := lab.Me(pair.Access())
		fmt.Fprintf(w, "request %d: %d, store: %s\n", i, me.Status, lab.Store.Calls())
	}
	if err := lab.Store.SetActive(context.Background(), servertest.Username, false); err != nil {
		return err
	}
	fmt.Fprintln(w, "deactivated; at once:", lab.Me(pair.Access()).Status)
	lab.Clock.Advance(2 * time.Second)
	fmt.Fprintln(w, "2 s later:           ", lab.Me(pair.Access()).Status)
	return nil
}

// StepSliding is the step "Sliding tokens: a blacklist read on every request".
func StepSliding(w io.Writer) error {
	lab, err := Start(func(c *server.Config) { c.Sliding = true })
	if err != nil {
		return err
	}
	defer lab.Close()
	creds := map[string]string{"username": servertest.Username, "password": servertest.Password}
	sliding := lab.Post("/api/token/sliding/", "", creds)
	fmt.Fprintln(w, "sliding login:", sliding)
	pair := lab.Login(servertest.Password)
	lab.Store.Calls()
	me := lab.Me(pair.Access())
	fmt.Fprintf(w, "/api/me/ with an access token: %d, store: %s\n", me.Status, lab.Store.Calls())
	token := SlidingToken(sliding)
	me = lab.Me(token)
	fmt.Fprintf(w, "/api/me/ with the sliding one: %d, store: %s\n", me.Status, lab.Store.Calls())
	lab.Post("/api/token/revoke-all/", pair.Access(), nil)
	fmt.Fprintln(w, "after revoke-all, sliding:    ", lab.Me(token).Status)
	fmt.Fprintln(w, "after revoke-all, access:     ", lab.Me(pair.Access()).Status)
	return nil
}

// StepFlush is the step "Flushing expired rows".
func StepFlush(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	kept := lab.Login(servertest.Password)
	out := lab.Login(servertest.Password)
	lab.Post("/api/token/blacklist/", "", map[string]string{"refresh": out.Refresh()})
	lab.Clock.Advance(24*time.Hour + time.Second) // both refresh tokens expired
	live := lab.Login(servertest.Password)
	n, bl, err := lab.Store.Flush(context.Background(), lab.Clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "flushed %d outstanding and %d blacklist rows\n", n, bl)
	fmt.Fprintln(w, "the logged-out token now:", lab.Refresh(out.Refresh()))
	fmt.Fprintln(w, "the one never logged out:", lab.Refresh(kept.Refresh()).Status)
	fmt.Fprintln(w, "a live one:              ", lab.Refresh(live.Refresh()).Status)
	return nil
}

// StepCost is the step "What each costs per request".
func StepCost(w io.Writer) error {
	lab, err := Start(reuseDetection(0), func(c *server.Config) { c.Sliding = true })
	if err != nil {
		return err
	}
	defer lab.Close()
	cost := func(name string, _ flow.Response) { // the request has run: name its store calls
		fmt.Fprintf(w, "%-26s %s\n", name+":", lab.Store.Calls())
	}
	pair := lab.Login(servertest.Password)
	cost("login (after the hash)", pair)
	other := lab.Login(servertest.Password)
	creds := map[string]string{"username": servertest.Username, "password": servertest.Password}
	sliding := SlidingToken(lab.Post("/api/token/sliding/", "", creds))
	lab.Store.Calls()
	cost("me, access token", lab.Me(pair.Access()))
	cost("me, sliding token", lab.Me(sliding))
	cost("sliding refresh", lab.Post("/api/token/sliding/refresh/", "", map[string]string{"token": sliding}))
	rotated := lab.Refresh(pair.Refresh())
	cost("refresh, rotating", rotated)
	cost("reuse of a retired token", lab.Refresh(pair.Refresh()))
	cost("logout (blacklist)", lab.Post("/api/token/blacklist/", "", map[string]string{"refresh": other.Refresh()}))
	cost("revoke-all", lab.Post("/api/token/revoke-all/", pair.Access(), nil))
	return nil
}

package flow

import (
	"fmt"
	"io"
	"time"

	"jwtlab/server/servertest"
)

// StepLabObtain is the step "Obtain a pair".
func StepLabObtain(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	wrong, _ := lab.Obtain("demo", "wrong")
	fmt.Fprintln(w, wrong)
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	fmt.Fprintln(w, pair)
	access, _ := Claims(pair.Access())
	refresh, _ := Claims(pair.Refresh())
	fmt.Fprintf(w, "access:  %+v, lives %ds\n", access, access.Exp-access.Iat)
	fmt.Fprintf(w, "refresh: %+v, lives %ds\n", refresh, refresh.Exp-refresh.Iat)
	return nil
}

// StepLabMe is the step "Use the access token".
func StepLabMe(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	me, _ := lab.Me(pair.Access())
	fmt.Fprintln(w, "with the access token: ", me)
	me, _ = lab.Me(pair.Refresh())
	fmt.Fprintln(w, "with the refresh token:", me)
	return nil
}

// StepLabMeExpired is the step "Expiry".
func StepLabMeExpired(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	lab.Clock.Advance(5*time.Minute - time.Second)
	me, _ := lab.Me(pair.Access())
	fmt.Fprintln(w, "4m59s later:", me)
	lab.Clock.Advance(time.Second)
	me, _ = lab.Me(pair.Access())
	fmt.Fprintln(w, "5m later:   ", me)
	return nil
}

// StepLabRefresh is the step "Refresh".
func StepLabRefresh(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	lab.Clock.Advance(10 * time.Minute)
	fresh, _ := lab.Refresh(pair.Refresh())
	fmt.Fprintln(w, fresh)
	me, _ := lab.Me(fresh.Access())
	fmt.Fprintln(w, me)
	login, _ := Claims(pair.Access())
	later, _ := Claims(fresh.Access())
	fmt.Fprintln(w, "new access keeps the login iat:", later.Iat == login.Iat, "- expires", later.Exp-login.Iat, "s after login")
	again, _ := lab.Refresh(pair.Refresh())
	fmt.Fprintln(w, "the refresh token again:", again)
	return nil
}

// StepLabRefreshRotation is the step "Rotate: the old token is refused, nothing more".
func StepLabRefreshRotation(w io.Writer) error {
	lab, err := Start(servertest.WithRotation())
	if err != nil {
		return err
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	stolen := pair.Refresh() // a copy the thief took
	thief, _ := lab.Refresh(stolen)
	fmt.Fprintln(w, "thief refreshes first:", thief.Status)
	victim, _ := lab.Refresh(pair.Refresh())
	fmt.Fprintln(w, "victim refreshes:     ", victim)
	later, _ := lab.Refresh(thief.Refresh())
	fmt.Fprintln(w, "thief's new token:    ", later.Status)
	me, _ := lab.Me(later.Access())
	fmt.Fprintln(w, "thief's access:       ", me)

	// Each rotation gives the new refresh token exp = now + a day, so
	// refreshing within the day goes on for ever.
	refresh := later.Refresh()
	for range 3 {
		lab.Clock.Advance(23 * time.Hour)
		next, _ := lab.Refresh(refresh)
		refresh = next.Refresh()
		me, _ = lab.Me(next.Access())
	}
	fmt.Fprintln(w, "69 h after login:     ", me)
	return nil
}

// StepLabDeactivate is the step "Deactivate the user".
func StepLabDeactivate(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	me, _ := lab.Me(pair.Access())
	fmt.Fprintln(w, "before:", me.Status)
	if err := lab.Deactivate(servertest.Username); err != nil {
		return err
	}
	me, _ = lab.Me(pair.Access())
	fmt.Fprintln(w, "after deactivating the user:", me)
	return nil
}

// StepLabBlacklist is the step "Log out: blacklist".
func StepLabBlacklist(w io.Writer) error {
	lab, err := Start()
	if err != nil {
		return err
	}
	defer lab.Close()
	pair, _ := lab.Obtain(servertest.Username, servertest.Password)
	out, _ := lab.Blacklist(pair.Refresh())
	fmt.Fprintln(w, "log out:        ", out)
	again, _ := lab.Refresh(pair.Refresh())
	fmt.Fprintln(w, "refresh after:  ", again)
	me, _ := lab.Me(pair.Access())
	fmt.Fprintln(w, "access after:   ", me)
	return nil
}

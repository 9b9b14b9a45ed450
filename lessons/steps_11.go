package lessons

import (
	"fmt"
	"io"
	"time"

	flow "jwtlab/lessons/11-flow"
	"jwtlab/server/servertest"
)

var lesson11 = spec{
	number: 11, slug: "11-flow", title: "Access and refresh tokens",
	summary: "the simplejwt flow against the reference server: obtain, use, expire, refresh, rotate, blacklist",
	steps: []stepSpec{
		{section: "Obtain a pair", example: "ExampleLab_Obtain", decls: []string{"Start", "Lab.Obtain"},
			run: func(w io.Writer) error {
				lab, err := flow.Start()
				if err != nil {
					return err
				}
				defer lab.Close()
				wrong, _ := lab.Obtain("demo", "wrong")
				fmt.Fprintln(w, wrong)
				pair, _ := lab.Obtain(servertest.Username, servertest.Password)
				fmt.Fprintln(w, pair)
				access, _ := flow.Claims(pair.Access())
				refresh, _ := flow.Claims(pair.Refresh())
				fmt.Fprintf(w, "access:  %+v, lives %ds\n", access, access.Exp-access.Iat)
				fmt.Fprintf(w, "refresh: %+v, lives %ds\n", refresh, refresh.Exp-refresh.Iat)
				return nil
			}},
		{section: "Use the access token", example: "ExampleLab_Me", decls: []string{"Lab.Me"},
			run: func(w io.Writer) error {
				lab, err := flow.Start()
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
			}},
		{section: "Expiry", example: "ExampleLab_Me_expired", decls: []string{"Clock.Advance"},
			run: func(w io.Writer) error {
				lab, err := flow.Start()
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
			}},
		{section: "Refresh", example: "ExampleLab_Refresh", decls: []string{"Lab.Refresh"},
			run: func(w io.Writer) error {
				lab, err := flow.Start()
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
				login, _ := flow.Claims(pair.Access())
				later, _ := flow.Claims(fresh.Access())
				fmt.Fprintln(w, "new access keeps the login iat:", later.Iat == login.Iat, "- expires", later.Exp-login.Iat, "s after login")
				again, _ := lab.Refresh(pair.Refresh())
				fmt.Fprintln(w, "the refresh token again:", again)
				return nil
			}},
		{section: "Rotate, and catch reuse", example: "ExampleLab_Refresh_rotation",
			run: func(w io.Writer) error {
				lab, err := flow.Start(servertest.WithRotation())
				if err != nil {
					return err
				}
				defer lab.Close()
				pair, _ := lab.Obtain(servertest.Username, servertest.Password)
				rotated, _ := lab.Refresh(pair.Refresh())
				fmt.Fprintln(w, "first use: ", rotated)
				reuse, _ := lab.Refresh(pair.Refresh())
				fmt.Fprintln(w, "second use:", reuse)
				next, _ := lab.Refresh(rotated.Refresh())
				fmt.Fprintln(w, "the new one:", next)
				return nil
			}},
		{section: "Log out: blacklist", example: "ExampleLab_Blacklist", decls: []string{"Lab.Blacklist"},
			run: func(w io.Writer) error {
				lab, err := flow.Start()
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
			}},
	},
}

package lessons

import (
	"fmt"
	"io"
	"time"

	clock "jwtlab/lessons/05-time"
)

// accessTimes holds the time claims of lesson 1's access token.
var accessTimes = clock.Times{Exp: 1795902955, Iat: 1795902655}

var lesson05 = spec{
	number: 5, slug: "05-time", title: "Time",
	summary: "NumericDate, clock skew and leeway; expiry at the boundary",
	steps: []stepSpec{
		{section: "NumericDate", example: "ExampleNumericDate", decls: []string{"Now", "NumericDate"},
			run: func(w io.Writer) error {
				access := accessTimes
				fmt.Fprintln(w, "iat:", clock.NumericDate(access.Iat))
				fmt.Fprintln(w, "exp:", clock.NumericDate(access.Exp))
				fmt.Fprintln(w, "lifetime:", clock.NumericDate(access.Exp).Sub(clock.NumericDate(access.Iat)))
				fmt.Fprintln(w, "now:", clock.Now, "->", clock.Check(access, clock.Now, 0))
				return nil
			}},
		{section: "Expiry at the boundary", example: "ExampleCheck_boundary", decls: []string{"Check"},
			run: func(w io.Writer) error {
				access := accessTimes
				exp := clock.NumericDate(access.Exp)
				for _, d := range []time.Duration{-time.Second, -time.Nanosecond, 0, time.Second} {
					fmt.Fprintf(w, "exp plus %v: %v\n", d, clock.Check(access, exp.Add(d), 0))
				}
				nbf := clock.Times{Nbf: access.Iat}
				fmt.Fprintln(w, "at nbf:", clock.Check(nbf, clock.NumericDate(access.Iat), 0))
				return nil
			}},
		{section: "Clock skew and leeway", example: "ExampleCheck_leeway",
			run: func(w io.Writer) error {
				late := clock.NumericDate(accessTimes.Exp).Add(20 * time.Second)
				for _, leeway := range []time.Duration{0, 30 * time.Second} {
					fmt.Fprintf(w, "leeway %v: %v\n", leeway, clock.Check(accessTimes, late, leeway))
				}
				return nil
			}},
		{section: "Issued in the future", example: "ExampleCheck_issuedInFuture",
			run: func(w io.Writer) error {
				forged := clock.Times{Iat: clock.Now.Add(time.Hour).Unix(), Exp: clock.Now.Add(2 * time.Hour).Unix()}
				fmt.Fprintln(w, clock.Check(forged, clock.Now, 0))
				fmt.Fprintln(w, clock.Check(forged, clock.Now, 5*time.Second))
				return nil
			}},
	},
}

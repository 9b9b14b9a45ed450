package clock_test

import (
	"fmt"
	"time"

	clock "jwtlab/lessons/05-time"
)

// access holds the time claims of lesson 1's simplejwt access token.
var access = clock.Times{Exp: 1795902955, Iat: 1795902655}

func ExampleNumericDate() {
	fmt.Println("iat:", clock.NumericDate(access.Iat))
	fmt.Println("exp:", clock.NumericDate(access.Exp))
	fmt.Println("lifetime:", clock.NumericDate(access.Exp).Sub(clock.NumericDate(access.Iat)))
	fmt.Println("now:", clock.Now, "->", clock.Check(access, clock.Now, 0))
	// Output:
	// iat: 2026-11-28 21:50:55 +0000 UTC
	// exp: 2026-11-28 21:55:55 +0000 UTC
	// lifetime: 5m0s
	// now: 2026-11-28 21:51:40 +0000 UTC -> <nil>
}

func ExampleCheck_boundary() {
	exp := clock.NumericDate(access.Exp)
	for _, d := range []time.Duration{-time.Second, -time.Nanosecond, 0, time.Second} {
		fmt.Printf("exp plus %v: %v\n", d, clock.Check(access, exp.Add(d), 0))
	}
	nbf := clock.Times{Nbf: access.Iat}
	fmt.Println("at nbf:", clock.Check(nbf, clock.NumericDate(access.Iat), 0))
	// Output:
	// exp plus -1s: <nil>
	// exp plus -1ns: <nil>
	// exp plus 0s: token has expired
	// exp plus 1s: token has expired
	// at nbf: <nil>
}

func ExampleCheck_leeway() {
	late := clock.NumericDate(access.Exp).Add(20 * time.Second) // verifier's clock runs 20 s ahead
	for _, leeway := range []time.Duration{0, 30 * time.Second} {
		fmt.Printf("leeway %v: %v\n", leeway, clock.Check(access, late, leeway))
	}
	// Output:
	// leeway 0s: token has expired
	// leeway 30s: <nil>
}

func ExampleCheck_issuedInFuture() {
	forged := clock.Times{Iat: clock.Now.Add(time.Hour).Unix(), Exp: clock.Now.Add(2 * time.Hour).Unix()}
	fmt.Println(clock.Check(forged, clock.Now, 0))
	fmt.Println(clock.Check(forged, clock.Now, 5*time.Second))
	// Output:
	// token was issued in the future
	// token was issued in the future
}

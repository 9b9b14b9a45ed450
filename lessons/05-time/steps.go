package clock

import (
	"fmt"
	"io"
	"time"
)

// access holds the time claims of lesson 1's access token.
var access = Times{Exp: 1795902955, Iat: 1795902655}

// StepNumericDate is the step "NumericDate".
func StepNumericDate(w io.Writer) error {
	fmt.Fprintln(w, "iat:", NumericDate(access.Iat))
	fmt.Fprintln(w, "exp:", NumericDate(access.Exp))
	fmt.Fprintln(w, "lifetime:", NumericDate(access.Exp).Sub(NumericDate(access.Iat)))
	fmt.Fprintln(w, "now:", Now, "->", Check(access, Now, 0))
	return nil
}

// StepCheckBoundary is the step "Expiry at the boundary".
func StepCheckBoundary(w io.Writer) error {
	exp := NumericDate(access.Exp)
	for _, d := range []time.Duration{-time.Second, -time.Nanosecond, 0, time.Second} {
		fmt.Fprintf(w, "exp plus %v: %v\n", d, Check(access, exp.Add(d), 0))
	}
	nbf := Times{Nbf: access.Iat}
	fmt.Fprintln(w, "at nbf:", Check(nbf, NumericDate(access.Iat), 0))
	return nil
}

// StepCheckLeeway is the step "Clock skew and leeway".
func StepCheckLeeway(w io.Writer) error {
	late := NumericDate(access.Exp).Add(20 * time.Second)
	for _, leeway := range []time.Duration{0, 30 * time.Second} {
		fmt.Fprintf(w, "leeway %v: %v\n", leeway, Check(access, late, leeway))
	}
	return nil
}

// StepCheckIssuedInFuture is the step "Issued in the future".
func StepCheckIssuedInFuture(w io.Writer) error {
	forged := Times{Iat: Now.Add(time.Hour).Unix(), Exp: Now.Add(2 * time.Hour).Unix()}
	fmt.Fprintln(w, Check(forged, Now, 0))
	fmt.Fprintln(w, Check(forged, Now, 5*time.Second))
	return nil
}

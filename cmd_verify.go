package main

import (
	"context"
	"fmt"
	"time"

	"jwtlab/internal/jose"
)

func cmdVerify(ctx context.Context, args []string, e env) error {
	fs := newFlags("verify", e)
	keys := addKeyFlags(fs, true)
	alg := fs.String("alg", "", "pin the algorithm (default: the key's JWK alg, else ES*/EdDSA by curve, HS256 for a secret, RS256 for RSA)")
	claims := fs.Bool("claims", false, "also check exp and nbf, and report problems separately")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: jwtlab verify [-secret S | -key FILE | -jwks URL|FILE] [-alg ALG] [-claims] TOKEN | -")
		fmt.Fprintln(e.stderr, "Exit status: 0 the signature verifies, 1 it does not (or a claim fails with -claims), 2 usage.")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if keys.given() != 1 {
		return usagef(e, fs, "give exactly one of -secret, -key and -jwks")
	}
	raw, ok, _, err := tokenArg(pos, e)
	if err != nil {
		return usagef(e, fs, "%v", err)
	}
	if !ok {
		return usagef(e, fs, "missing TOKEN (or - to read it from stdin)")
	}
	if err := checkAlg(*alg); err != nil {
		return usagef(e, fs, "-alg: %v", err)
	}
	ks, err := keys.load(ctx)
	if err != nil {
		return err
	}
	t, err := jose.Parse(raw)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	k, err := jose.Verify(t, ks, *alg)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	fmt.Fprintf(e.stdout, "signature: valid (%s, %s)\n", t.Alg(), k.Kind())
	if !*claims {
		return nil
	}
	problems := jose.CheckClaims(t, time.Now(), 0)
	if len(problems) == 0 {
		fmt.Fprintln(e.stdout, "claims: ok")
		return nil
	}
	for _, p := range problems {
		fmt.Fprintf(e.stdout, "claims: %v\n", p)
	}
	return &exitError{code: 1, err: fmt.Errorf("the signature verifies but %d claim check(s) failed", len(problems))}
}

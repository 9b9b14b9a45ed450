package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/internal/reltime"
)

// cmdVerify checks a token's signature with a pinned algorithm, then its
// time claims (exp, nbf, iat) and, when asked, its issuer and audience,
// the way a server must before it trusts a token. It leaves to the caller
// every other claim (token_type, jti blacklists, scopes).
func cmdVerify(ctx context.Context, args []string, e env) error {
	fs := newFlags("verify", e,
		"usage: jwtlab verify [-secret S | -secret-file F | -key FILE | -jwks URL|FILE] [-alg ALG] [-iss ISS] [-aud AUD] [-leeway D] [-ignore-exp] TOKEN | -",
		"Flags may also follow the token.",
		"Exit status: 0 the token verifies, 1 it does not (malformed, signature or claims), 2 usage or setup error (bad flag, no token, - on an empty stdin, an unreadable or empty key).",
	)
	keys := addKeyFlags(fs, keyFileHelp, true)
	alg := fs.String("alg", "", "pin the algorithm (default: the key's JWK alg, else ES*/EdDSA by curve, HS256 for a secret, RS256 for RSA)")
	ignoreExp := fs.Bool("ignore-exp", false, "skip the time checks (exp, nbf, iat): check the signature only")
	iss := fs.String("iss", "", "require this `issuer` (the iss claim, compared exactly)")
	aud := fs.String("aud", "", "require this `audience` among the aud claim's values")
	leeway := fs.Duration("leeway", 0, "clock skew allowed on exp, nbf and iat, e.g. 30s (0: none)")
	// -claims was the opt-in to time checks before they became the default;
	// it is kept so that scripts written for it still run.
	fs.Bool("claims", false, "no effect: exp, nbf and iat are now checked by default (see -ignore-exp)")
	pos, err := parseInterspersed(fs, args, e)
	if err != nil {
		return err
	}
	if keys.given() != 1 {
		return usagef(e, fs, "give exactly one of -secret, -secret-file, -key and -jwks")
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
	if *leeway < 0 {
		return usagef(e, fs, "-leeway must not be negative")
	}
	ks, err := keys.load(ctx)
	if err != nil {
		return &exitError{code: 2, err: err} // a setup error, not a verdict
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

	var problems []error
	if !*ignoreExp && t.PayloadIsJSON() {
		problems = append(problems, jose.CheckClaims(t, time.Now(), *leeway)...)
		if iat, ok, err := t.NumericDate("iat"); ok && err == nil && iat.After(time.Now().Add(*leeway)) {
			problems = append(problems, fmt.Errorf("iat %s is in the future (%s): a token cannot be issued later than now", iat.Format(time.DateTime+" UTC"), reltime.Describe("iat", iat, time.Now())))
		}
	}
	if *iss != "" {
		if got := t.StringClaim("iss"); got != *iss {
			problems = append(problems, fmt.Errorf("iss is %q; want %q", got, *iss))
		}
	}
	if *aud != "" {
		if got := audiences(t); !slices.Contains(got, *aud) {
			problems = append(problems, fmt.Errorf("aud is %q; want it to include %q", got, *aud))
		}
	}
	if len(problems) == 0 {
		if *ignoreExp {
			fmt.Fprintln(e.stdout, "claims: exp, nbf and iat not checked (-ignore-exp)")
		} else if !t.PayloadIsJSON() {
			fmt.Fprintln(e.stdout, "claims: none to check, the payload is not a JSON claims set")
		} else {
			fmt.Fprintln(e.stdout, "claims: ok")
		}
		return nil
	}
	for _, p := range problems {
		fmt.Fprintf(e.stdout, "claims: %v\n", p)
	}
	hint := ""
	if slices.ContainsFunc(problems, func(p error) bool { return errors.Is(p, jose.ErrExpired) }) {
		hint = " (-ignore-exp checks the signature only)"
	}
	return &exitError{code: 1, err: fmt.Errorf("the signature verifies but the token does not: %v%s", problems[0], hint)}
}

// audiences reads aud, which RFC 7519 §4.1.3 allows as one string or an
// array of strings.
func audiences(t *jose.Token) []string {
	raw, ok := t.Claim("aud")
	if !ok {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many
	}
	return []string{strings.TrimSpace(string(raw))}
}

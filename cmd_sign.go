package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"jwtlab/internal/jose"
)

func cmdSign(ctx context.Context, args []string, e env) error {
	fs := newFlags("sign", e)
	keys := addKeyFlags(fs, false)
	alg := fs.String("alg", "", "algorithm (default: the key's JWK alg, else ES*/EdDSA by curve, HS256 for a secret, RS256 for RSA)")
	claims := fs.String("claims", "", "claims as a JSON `object`, or - to read it from stdin")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `usage: jwtlab sign -secret S | -key FILE [-alg ALG] -claims '{"sub":"alice","exp":1999999999}'`)
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if keys.given() != 1 {
		return usagef(e, fs, "give exactly one of -secret and -key")
	}
	if *claims == "" {
		return usagef(e, fs, "missing -claims")
	}
	if len(pos) > 0 {
		return usagef(e, fs, "unexpected argument %q", pos[0])
	}
	payload := []byte(*claims)
	if *claims == "-" {
		var err error
		if payload, err = io.ReadAll(io.LimitReader(e.stdin, maxTokenBytes)); err != nil {
			return fmt.Errorf("read claims from stdin: %w", err)
		}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(payload, &obj); err != nil || obj == nil {
		return usagef(e, fs, "-claims is not a JSON object")
	}
	ks, err := keys.load(ctx)
	if err != nil {
		return err
	}
	if len(ks) != 1 {
		return errors.New("sign needs one key; the file holds a key set")
	}
	a := *alg
	if a == "" {
		a = ks[0].PinnedAlg()
	}
	token, err := jose.Sign(a, ks[0], payload)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}

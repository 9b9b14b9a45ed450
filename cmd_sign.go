package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"jwtlab/internal/jose"
)

// cmdSign mints a token over the claims given, adding iat (and, when
// asked, exp, nbf and jti) the way simplejwt does, and warns about what
// would make the token unsafe, unreadable to a server, or refused by one
// now.
func cmdSign(ctx context.Context, args []string, e env) error {
	fs := newFlags("sign", e, `usage: jwtlab sign -secret S | -secret-file F | -key FILE [-alg ALG] -claims '{"sub":"alice"}' [-exp +15m] [-nbf +0s] [-iat -1h | -no-iat] [-jti auto] [-kid K] [-header '{"typ":"at+jwt"}']`,
		"Times (-exp, -nbf, -iat) are +DURATION or -DURATION from now (+15m, -1h30m), or seconds since 1970.",
		"A lab mints bad tokens on purpose, so a time that makes a verifier refuse the token now (exp past,",
		"nbf or iat ahead) is signed all the same, with a one-line warning on stderr.",
		"Exit status: 0 the token was printed (warnings on stderr leave it 0), 1 it could not be written, 2 usage or setup error (bad flag or claims, an unreadable or empty key, a key that cannot sign the algorithm or header).",
	)
	keys := addKeyFlags(fs, signKeyFileHelp, false)
	alg := fs.String("alg", "", "algorithm (default: the key's JWK alg, else ES*/EdDSA by curve, HS256 for a secret, RS256 for RSA)")
	claims := fs.String("claims", "", "claims as a JSON `object`, or - to read it from stdin")
	exp := fs.String("exp", "", "set exp: `TIME` (+15m, +24h; -5m mints an expired token)")
	nbf := fs.String("nbf", "", "set nbf: `TIME` (+1h: not valid for an hour)")
	iat := fs.String("iat", "", "set iat: `TIME` (default: the time of signing, as simplejwt sets it)")
	noIat := fs.Bool("no-iat", false, "do not add iat")
	jti := fs.String("jti", "", "set jti: a value, or auto for 32 random hex digits (simplejwt's uuid4().hex shape)")
	kid := fs.String("kid", "", "set the header's kid (default: the kid of a JWK key file, else none)")
	header := fs.String("header", "", `header parameters as a JSON `+"`object`"+`, merged into {"alg","kid","typ"}; null removes one; an alg must agree with the key`)
	pos, err := parseInterspersed(fs, args, e)
	if err != nil {
		return err
	}
	if keys.given() != 1 {
		return usagef(e, fs, "give exactly one of -secret, -secret-file and -key")
	}
	if *claims == "" {
		return usagef(e, fs, "missing -claims")
	}
	if len(pos) > 0 {
		return usagef(e, fs, "unexpected argument %q", pos[0])
	}
	if err := checkAlg(*alg); err != nil {
		return usagef(e, fs, "-alg: %v", err)
	}
	if *noIat && *iat != "" {
		return usagef(e, fs, "-iat and -no-iat: give one")
	}
	payload := []byte(*claims)
	if *claims == "-" {
		if payload, err = readStdin(e.stdin, "-claims JSON"); err != nil {
			return usagef(e, fs, "%v", err)
		}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(payload, &obj); err != nil || obj == nil {
		return usagef(e, fs, "-claims is not a JSON object")
	}
	// In whole seconds, as the claims are: the warnings then measure
	// from the iat the token carries, and -nbf +5m reads "5m0s".
	now := time.Now().Truncate(time.Second)
	var add []member
	for _, f := range []struct{ name, value string }{{"exp", *exp}, {"nbf", *nbf}, {"iat", *iat}} {
		if f.value == "" {
			continue
		}
		at, err := timeFlag(f.value, now)
		if err != nil {
			return usagef(e, fs, "-%s: %v", f.name, err)
		}
		add = append(add, member{f.name, strconv.FormatInt(at, 10)})
	}
	defaultIat := !*noIat && *iat == ""
	if defaultIat {
		add = append(add, member{"iat", strconv.FormatInt(now.Unix(), 10)})
	}
	if *jti != "" {
		id := *jti
		if id == "auto" {
			id = randomHex()
		}
		v, _ := json.Marshal(id)
		add = append(add, member{"jti", string(v)})
	}
	for _, m := range add {
		if _, ok := obj[m.name]; ok && !(m.name == "iat" && defaultIat) {
			return usagef(e, fs, "-%s and a %q in -claims: give one", m.name, m.name)
		}
	}
	// The default iat only fills a gap: claims that carry their own keep it.
	add = slices.DeleteFunc(add, func(m member) bool { _, ok := obj[m.name]; return ok })
	payload = appendMembers(payload, add)

	extra, err := headerFlag(*header, *kid)
	if err != nil {
		return usagef(e, fs, "%v", err)
	}

	ks, err := keys.load(ctx)
	if err != nil {
		return &exitError{code: 2, err: err} // a setup error
	}
	if len(ks) != 1 {
		return usagef(e, fs, "-key %q holds a key set of %d; sign needs one key", keys.file, len(ks))
	}
	a := *alg
	for _, m := range extra {
		if m.Name == "alg" && a == "" {
			// The header's alg chooses, as -alg would; NewSignerHeader
			// refuses it if the key cannot sign it.
			_ = json.Unmarshal(m.Value, &a)
		}
	}
	k := ks[0]
	if *kid != "" {
		named := *k // the header's kid is the key's, so -kid renames the key
		named.Kid = *kid
		k = &named
	}
	signer, err := jose.NewSignerHeader(k, a, extra)
	if err != nil {
		// The key, -alg and -header disagree: all three are flags.
		return usagef(e, fs, "%v", err)
	}
	token, err := signer.Sign(payload)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	signWarnings(e, token, k, now)
	return nil
}

type member struct{ name, value string } // value is JSON

// headerFlag reads -header and -kid into the header members to merge.
func headerFlag(header, kid string) ([]jose.Claim, error) {
	var extra []jose.Claim
	if header != "" {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(header)); err != nil {
			return nil, errors.New("-header is not a JSON object")
		}
		members, err := jose.Members(buf.Bytes())
		if err != nil {
			return nil, errors.New("-header is not a JSON object")
		}
		extra = members
	}
	if kid != "" && slices.ContainsFunc(extra, func(c jose.Claim) bool { return c.Name == "kid" }) {
		return nil, errors.New(`-kid and a "kid" in -header: give one`)
	}
	return extra, nil
}

// appendMembers adds members at the end of a JSON object, keeping the
// order of those already there (a map would shuffle them), and compacts
// it: the token carries the claims without white space.
func appendMembers(object []byte, add []member) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, object) != nil {
		return object
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("}"))
	for _, m := range add {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%q:%s", m.name, m.value)
	}
	return append(b, '}')
}

// timeFlag reads a time flag: +DURATION or -DURATION from now, the same
// for exp, nbf and iat, or a NumericDate in seconds since 1970. A sign
// says which way, once: "+-5m" is refused, not read as -5m, and so is
// "-5", which has no unit to say it is an offset and no place before
// 1970 in a lab.
func timeFlag(s string, now time.Time) (int64, error) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		d, err := time.ParseDuration(s[1:])
		if err != nil || strings.ContainsAny(s[1:2], "+-") {
			return 0, fmt.Errorf("%q: want +DURATION or -DURATION such as +15m or -1h30m", s)
		}
		if s[0] == '-' {
			d = -d
		}
		return now.Add(d).Unix(), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: want +DURATION or -DURATION such as +15m, or seconds since 1970", s)
	}
	return n, nil
}

// randomHex is 16 random bytes in hex: the shape of simplejwt's jti
// (uuid4().hex), unique enough that two tokens never share one.
func randomHex() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b)
}

// signWarnings tells the signer, on stderr, what makes the token unsafe
// (a weak or short secret), unreadable as a JWT (exp in milliseconds or
// as a string) or refused by a verifier now (exp past, nbf or iat
// ahead), whether -exp, -nbf, -iat or -claims set it. The token is still
// printed: a lab signs bad tokens on purpose, an expired one to test
// that verifiers refuse it.
func signWarnings(e env, token string, k *jose.Key, now time.Time) {
	t, err := jose.Parse(token)
	if err != nil {
		return
	}
	for _, w := range jose.Check(t, now, k) {
		switch w.Code {
		case jose.WarnWeakSecret, jose.WarnShortSecret, jose.WarnBadNumericDate, jose.WarnNoExp,
			jose.WarnExpired, jose.WarnNbfFuture, jose.WarnIatFuture:
			// A message may quote the claims, which the caller typed.
			fmt.Fprintf(e.stderr, "jwtlab sign: warning: %s: %s\n", w.Code, errorLine(w.Message))
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"

	"jwtlab/internal/jose"
	"jwtlab/tui"
)

// maxTokenBytes bounds a token read from stdin; real tokens are a few
// kilobytes, and a megabyte leaves room for anything plausible.
const maxTokenBytes = 1 << 20

// keyFlags are the ways to give a key, shared by inspect, verify and sign.
type keyFlags struct {
	secret, file, jwks string
}

func addKeyFlags(fs *flag.FlagSet, jwks bool) *keyFlags {
	k := &keyFlags{}
	fs.StringVar(&k.secret, "secret", "", "HMAC `secret` (as typed, UTF-8 bytes)")
	fs.StringVar(&k.file, "key", "", "key `file`: PEM public/private key or certificate, JWK, or JWK Set")
	if jwks {
		fs.StringVar(&k.jwks, "jwks", "", "JWK Set `URL|FILE` (http URLs on a loopback host only)")
	}
	return k
}

// given reports how many key sources were set.
func (k *keyFlags) given() int {
	n := 0
	for _, s := range []string{k.secret, k.file, k.jwks} {
		if s != "" {
			n++
		}
	}
	return n
}

// load reads the key the flags name; nil when none was given.
func (k *keyFlags) load(ctx context.Context) ([]*jose.Key, error) {
	switch {
	case k.secret != "":
		return []*jose.Key{jose.Secret(k.secret)}, nil
	case k.file != "":
		return loadKeyFile(k.file)
	case strings.HasPrefix(k.jwks, "http://"), strings.HasPrefix(k.jwks, "https://"):
		return jose.FetchJWKS(ctx, k.jwks)
	case k.jwks != "":
		return loadKeyFile(k.jwks)
	}
	return nil, nil
}

func loadKeyFile(path string) ([]*jose.Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys, err := jose.ParseKeyFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return keys, nil
}

// usagef prints a usage mistake and marks it as one (exit status 2).
func usagef(e env, fs *flag.FlagSet, format string, args ...any) error {
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return errUsage
}

// tokenArg returns the token from the one positional argument, or from
// stdin when it is "-" or when there is no argument and stdin is a pipe.
// ok is false when no token was given; fromStdin says stdin was read.
func tokenArg(fs *flag.FlagSet, e env) (tok string, ok, fromStdin bool, err error) {
	switch {
	case fs.NArg() > 1:
		return "", false, false, fmt.Errorf("want one token, got %d arguments", fs.NArg())
	case fs.NArg() == 1 && fs.Arg(0) != "-":
		return jose.Clean(fs.Arg(0)), true, false, nil
	case fs.NArg() == 0 && !isPipe(e.stdin):
		return "", false, false, nil
	}
	tok, err = readToken(e.stdin)
	if err != nil {
		return "", false, false, err
	}
	// An empty pipe with no argument is no token; "-" insists on one.
	return tok, tok != "" || fs.NArg() == 1, true, nil
}

// isPipe reports whether r is a file that is not a terminal (a pipe or a
// redirect), so `echo $TOKEN | jwtlab inspect` needs no "-".
func isPipe(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && !term.IsTerminal(f.Fd())
}

func readToken(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTokenBytes+1))
	if err != nil {
		return "", fmt.Errorf("read token from stdin: %w", err)
	}
	if len(b) > maxTokenBytes {
		return "", fmt.Errorf("token on stdin is over %d bytes", maxTokenBytes)
	}
	return jose.Clean(string(b)), nil
}

func cmdInspect(ctx context.Context, args []string, e env) error {
	fs := newFlags("inspect", e)
	asJSON := fs.Bool("json", false, "print the decoded token, signature status and warnings as one JSON line")
	keys := addKeyFlags(fs, true)
	alg := fs.String("alg", "", "pin the algorithm to verify with (default: the key's own)")
	server := fs.String("server", "", "live mode: log in to a jwtlab or simplejwt server at `URL` and follow its tokens")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: jwtlab inspect [-json] [-secret S | -key FILE | -jwks URL|FILE] [-alg ALG] [TOKEN | -]")
		fmt.Fprintln(e.stderr, "       jwtlab inspect -server http://127.0.0.1:8000")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if keys.given() > 1 {
		return usagef(e, fs, "give one of -secret, -key and -jwks")
	}
	tok, ok, fromStdin, err := tokenArg(fs, e)
	if err != nil {
		return usagef(e, fs, "%v", err)
	}
	if *asJSON && !ok {
		return usagef(e, fs, "-json needs a TOKEN argument, or - to read it from stdin")
	}
	if *server != "" && (*asJSON || ok) {
		return usagef(e, fs, "-server follows the server's own tokens: drop -json and TOKEN")
	}
	if err := checkAlg(*alg); err != nil {
		return usagef(e, fs, "-alg: %v", err)
	}
	ks, err := keys.load(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return inspectJSON(e.stdout, tok, ks, *alg, time.Now())
	}
	return tui.Run(ctx, tui.Config{
		Token:    tok,
		Keys:     ks,
		Alg:      *alg,
		Server:   *server,
		NoColor:  e.getenv("NO_COLOR") != "",
		In:       e.stdin,
		Out:      e.stdout,
		InputTTY: fromStdin, // stdin held the token, so keys come from the terminal
	})
}

// checkAlg refuses an -alg jwtlab does not know; "" (unset) is fine.
func checkAlg(alg string) error {
	if alg == "" {
		return nil
	}
	_, err := jose.Lookup(alg)
	return err
}

// inspectOutput is the shape of inspect -json.
type inspectOutput struct {
	Header    json.RawMessage `json:"header"`
	Payload   json.RawMessage `json:"payload"`
	Signature struct {
		Alg      string `json:"alg"`
		Verified *bool  `json:"verified"`
		Reason   string `json:"reason,omitempty"`
	} `json:"signature"`
	Warnings []jose.Warning `json:"warnings"`
}

func inspectJSON(w io.Writer, raw string, keys []*jose.Key, alg string, now time.Time) error {
	t, err := jose.Parse(raw)
	if err != nil {
		return err
	}
	var out inspectOutput
	out.Header = compactJSON(t.HeaderJSON)
	if t.PayloadIsJSON() {
		out.Payload = compactJSON(t.Payload)
	} else {
		// Not a claims set: show the bytes as a string when they are text,
		// else as base64url, so the output stays valid JSON either way.
		s := string(t.Payload)
		if !utf8.Valid(t.Payload) {
			s = jose.EncodeSegment(t.Payload)
		}
		out.Payload, _ = json.Marshal(s)
	}
	out.Signature.Alg = t.Alg()
	if len(keys) > 0 {
		_, verr := jose.Verify(t, keys, alg)
		ok := verr == nil
		out.Signature.Verified = &ok
		if verr != nil {
			out.Signature.Reason = verr.Error()
		}
	}
	out.Warnings = jose.Check(t, now, keys...)
	if out.Warnings == nil {
		out.Warnings = []jose.Warning{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func compactJSON(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return nil
	}
	return buf.Bytes()
}

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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if keys.given() != 1 {
		return usagef(e, fs, "give exactly one of -secret, -key and -jwks")
	}
	raw, ok, _, err := tokenArg(fs, e)
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

func cmdSign(ctx context.Context, args []string, e env) error {
	fs := newFlags("sign", e)
	keys := addKeyFlags(fs, false)
	alg := fs.String("alg", "", "algorithm (default: the key's JWK alg, else ES*/EdDSA by curve, HS256 for a secret, RS256 for RSA)")
	claims := fs.String("claims", "", "claims as a JSON `object`, or - to read it from stdin")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `usage: jwtlab sign -secret S | -key FILE [-alg ALG] -claims '{"sub":"alice","exp":1999999999}'`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if keys.given() != 1 {
		return usagef(e, fs, "give exactly one of -secret and -key")
	}
	if *claims == "" {
		return usagef(e, fs, "missing -claims")
	}
	if fs.NArg() > 0 {
		return usagef(e, fs, "unexpected argument %q", fs.Arg(0))
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

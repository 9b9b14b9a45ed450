package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"

	"jwtlab/internal/jose"
	"jwtlab/internal/loopback"
	"jwtlab/tui"
)

// maxStdinBytes bounds what is read from stdin, a token (inspect,
// verify) or claims (sign -claims -): real ones are a few kilobytes, and
// a megabyte leaves room for anything plausible.
const maxStdinBytes = 1 << 20

// errEmptySecret refuses an HMAC secret of no bytes.
var errEmptySecret = fmt.Errorf("%w: the HMAC secret is empty", jose.ErrKeyRefused)

// keyFlags are the ways to give a key, shared by inspect, verify and sign.
// A flag given with an empty value is given: -secret "$UNSET" must not
// read as no key at all, which would skip the check it was meant for.
type keyFlags struct {
	fs                             *flag.FlagSet
	secret, secretFile, file, jwks string
}

// keyFlagNames are the flags of keyFlags, in the order usage names them.
var keyFlagNames = []string{"secret", "secret-file", "key", "jwks"}

// The help of -key: inspect and verify read any key file jose reads;
// sign needs the one key that signs, which a public key or certificate
// cannot, and a set of several would leave it to guess.
const (
	keyFileHelp     = "key `file`: PEM public/private key or certificate, JWK, or JWK Set"
	signKeyFileHelp = "key `file`: PEM private key, private or oct (secret) JWK, or a JWK Set of one such key"
)

// addKeyFlags adds -secret, -secret-file, -key (with keyHelp) and, when
// jwks, -jwks.
func addKeyFlags(fs *flag.FlagSet, keyHelp string, jwks bool) *keyFlags {
	k := &keyFlags{fs: fs}
	fs.StringVar(&k.secret, "secret", "", "HMAC `secret` (as typed, UTF-8 bytes; b64:... for base64 or base64url bytes)")
	fs.StringVar(&k.secretFile, "secret-file", "", "HMAC secret read from `file` (its bytes; one trailing newline is dropped)")
	fs.StringVar(&k.file, "key", "", keyHelp)
	if jwks {
		fs.StringVar(&k.jwks, "jwks", "", "JWK Set `URL|FILE` (http URLs on a loopback host only)")
	}
	return k
}

// given reports how many key sources were given on the command line,
// empty or not.
func (k *keyFlags) given() int {
	n := 0
	k.fs.Visit(func(f *flag.Flag) {
		if slices.Contains(keyFlagNames, f.Name) {
			n++
		}
	})
	return n
}

// load reads the key the flag given names; nil when none was given. An
// empty HMAC secret is refused here, as a setup error: it is no key at
// all, and no token's signature is to blame. So is an empty file name
// or URL.
func (k *keyFlags) load(ctx context.Context) ([]*jose.Key, error) {
	var name string
	k.fs.Visit(func(f *flag.Flag) {
		if slices.Contains(keyFlagNames, f.Name) {
			name = f.Name
		}
	})
	switch {
	case name == "secret" && k.secret == "":
		return nil, fmt.Errorf("-secret %q: %w", k.secret, errEmptySecret)
	case name == "jwks" && k.jwks == "":
		return nil, errors.New(`-jwks "": no URL or file named`)
	case name != "" && k.fs.Lookup(name).Value.String() == "":
		return nil, fmt.Errorf(`-%s "": no file named`, name)
	case strings.HasPrefix(k.secret, "b64:"):
		b, err := decodeB64(strings.TrimPrefix(k.secret, "b64:"))
		if err != nil {
			return nil, fmt.Errorf("-secret b64:...: %w", err)
		}
		if len(b) == 0 {
			return nil, fmt.Errorf("-secret %q: %w", k.secret, errEmptySecret)
		}
		return []*jose.Key{jose.Secret(string(b))}, nil
	case k.secret != "":
		return []*jose.Key{jose.Secret(k.secret)}, nil
	case k.secretFile != "":
		b, err := os.ReadFile(k.secretFile)
		if err != nil {
			return nil, err
		}
		// echo and most editors end a file with a newline that is not
		// part of the secret; a secret that needs one can use b64:.
		b = bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
		if len(b) == 0 {
			return nil, fmt.Errorf("-secret-file %q: %w", k.secretFile, errEmptySecret)
		}
		return []*jose.Key{jose.Secret(string(b))}, nil
	case k.file != "":
		return loadKeyFile(k.file)
	case strings.HasPrefix(k.jwks, "http://"), strings.HasPrefix(k.jwks, "https://"):
		return emptyJWKS(jose.FetchJWKS(ctx, k.jwks))
	case k.jwks != "":
		return emptyJWKS(loadKeyFile(k.jwks))
	}
	return nil, nil
}

// emptyJWKS says why a JWK Set can hold no keys: it publishes public keys
// only, and a shared secret never is one, so a server that signs with
// HMAC (jwtlab serve without -key-file) serves {"keys":[]}.
func emptyJWKS(keys []*jose.Key, err error) ([]*jose.Key, error) {
	if errors.Is(err, jose.ErrNoKey) {
		return nil, fmt.Errorf("%w (a server that signs with a shared secret, HS256, publishes none: a JWKS never carries a secret; give -secret)", err)
	}
	return keys, err
}

// decodeB64 reads standard or URL-safe base64, padded or not: secrets are
// shared in all four spellings.
func decodeB64(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawURLEncoding.DecodeString(s)
}

func loadKeyFile(path string) ([]*jose.Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys, err := jose.ParseKeyFile(data)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", path, err)
	}
	return keys, nil
}

// usagef prints a usage mistake in one line (errorLine) and marks it
// as one (exit status 2); -h has the whole usage. A value the user gave
// is formatted with %q, so that it reads as one value whatever it holds.
func usagef(e env, fs *flag.FlagSet, format string, args ...any) error {
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), errorLine(fmt.Sprintf(format, args...)))
	return errUsage
}

// tokenArg returns the token from the one positional argument (flags may
// stand before or after it: parseInterspersed), or from
// stdin when it is "-" or when there is no argument and stdin is a pipe.
// ok is false when no token was given; fromStdin says stdin was read.
// "-" on an empty stdin is an error: a token was asked for and none
// came, which is a usage mistake, not a token that fails to parse. An
// empty TOKEN argument is given, as an empty -secret is, and fails to
// parse as any malformed token does.
func tokenArg(pos []string, e env) (tok string, ok, fromStdin bool, err error) {
	switch {
	case len(pos) > 1:
		return "", false, false, fmt.Errorf("want one token, got %d arguments", len(pos))
	case len(pos) == 1 && pos[0] != "-":
		return jose.Clean(pos[0]), true, false, nil
	case len(pos) == 0 && !isPipe(e.stdin):
		return "", false, false, nil
	}
	tok, err = readToken(e.stdin)
	switch {
	case err != nil:
		return "", false, false, err
	case tok == "" && len(pos) == 1:
		return "", false, false, errors.New("- reads the token from stdin, which is empty")
	}
	// An empty pipe with no argument is no token.
	return tok, tok != "", true, nil
}

// isPipe reports whether r is a file that is not a terminal (a pipe or a
// redirect), so `echo $TOKEN | jwtlab inspect` needs no "-".
func isPipe(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && !term.IsTerminal(f.Fd())
}

// readToken reads the one token on stdin. Several (a file of tokens, one
// a line) are refused as such: the parser would see one token with white
// space in it, and blame its segments.
func readToken(r io.Reader) (string, error) {
	b, err := readStdin(r, "token")
	if err != nil {
		return "", err
	}
	tok := jose.Clean(string(b))
	n := 0
	for _, f := range strings.Fields(tok) {
		if strings.Count(f, ".") >= 2 { // as a JWS (3 segments) or a JWE (5) has
			n++
		}
	}
	if n > 1 {
		return "", fmt.Errorf("stdin holds %d tokens; give one", n)
	}
	return tok, nil
}

// readStdin reads r whole, refusing more than maxStdinBytes rather than
// cutting it short; what names the content in the error.
func readStdin(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxStdinBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s from stdin: %w", what, err)
	}
	if len(b) > maxStdinBytes {
		return nil, fmt.Errorf("%s on stdin is over %d bytes", what, maxStdinBytes)
	}
	return b, nil
}

func cmdInspect(ctx context.Context, args []string, e env) error {
	fs := newFlags("inspect", e,
		"usage: jwtlab inspect [-json] [-secret S | -secret-file F | -key FILE | -jwks URL|FILE] [-alg ALG] [-as access] [TOKEN | -]",
		"       jwtlab inspect -server http://127.0.0.1:8000",
		"Exit status: 0 the token was decoded (with a key, whatever the verdict, but for -json), 1 it cannot be decoded, or -json was given a key and the signature does not verify, 2 usage or setup error (bad flag, - on an empty stdin, an unreadable or empty key).",
	)
	asJSON := fs.Bool("json", false, "print the decoded token, signature status and warnings as one JSON line; exit status 1 when a key was given and the signature does not verify")
	keys := addKeyFlags(fs, keyFileHelp, true)
	alg := fs.String("alg", "", "pin the algorithm to verify with (default: the key's own)")
	server := fs.String("server", "", "live mode: log in to a jwtlab or simplejwt server at `URL` and follow its tokens")
	as := fs.String("as", "", "the `use` the token is put to: access warns when it is a refresh token (refresh-as-access)")
	pos, err := parseInterspersed(fs, args, e)
	if err != nil {
		return err
	}
	if keys.given() > 1 {
		return usagef(e, fs, "give one of -secret, -secret-file, -key and -jwks")
	}
	tok, ok, fromStdin, err := tokenArg(pos, e)
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
	if *as != "" && *as != "access" {
		return usagef(e, fs, "-as: %q is not a use jwtlab checks; give -as access", *as)
	}
	asAccess := *as == "access"
	if *server != "" {
		// Checked before the screen opens: a refusal is one line and
		// exit status 2, not a TUI with an error in it.
		u, err := loopback.URL(*server)
		if err != nil {
			return &exitError{code: 2, err: fmt.Errorf("-server %w", err)}
		}
		*server = u.String()
	}
	ks, err := keys.load(ctx)
	if err != nil {
		return &exitError{code: 2, err: err} // a setup error, not a verdict
	}
	if *asJSON {
		return inspectJSON(e.stdout, tok, ks, *alg, asAccess, time.Now())
	}
	if !isTTY(e.stdout) {
		// Piped or redirected: no screen to draw on, so print the decode.
		if *server != "" || !ok {
			return usagef(e, fs, "stdout is not a terminal: give a TOKEN (or -) to print its decode; the paste box and -server need a terminal")
		}
		if err := tui.WritePlain(e.stdout, tui.Config{Token: tok, Keys: ks, Alg: *alg, AsAccess: asAccess}); err != nil {
			return &exitError{code: 1, err: err}
		}
		return nil
	}
	return tui.Run(ctx, tui.Config{
		Token:    tok,
		Keys:     ks,
		Alg:      *alg,
		AsAccess: asAccess,
		Server:   *server,
		NoColor:  e.getenv("NO_COLOR") != "",
		In:       e.stdin,
		Out:      e.stdout,
		// Keys come from the terminal when stdin held the token or is not
		// one (< /dev/null).
		InputTTY: fromStdin || !isTTY(e.stdin),
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
	Header  json.RawMessage `json:"header"`
	Payload json.RawMessage `json:"payload"`
	// PayloadBase64URL holds a payload that is not UTF-8 text; payload is
	// then null.
	PayloadBase64URL string `json:"payload_base64url,omitempty"`
	// Encrypted describes a JWE, whose payload is null: only its
	// recipient's key can read it.
	Encrypted *encryptedOutput `json:"encrypted,omitempty"`
	Signature struct {
		Alg      string `json:"alg"`
		Verified *bool  `json:"verified"`
		Reason   string `json:"reason,omitempty"`
	} `json:"signature"`
	Warnings []jose.Warning `json:"warnings"`
}

type encryptedOutput struct {
	Enc             string `json:"enc"`
	CiphertextBytes int    `json:"ciphertext_bytes"`
}

func inspectJSON(w io.Writer, raw string, keys []*jose.Key, alg string, asAccess bool, now time.Time) error {
	t, err := jose.Decode(raw)
	if err != nil {
		return err
	}
	var out inspectOutput
	out.Header = compactJSON(t.HeaderJSON)
	switch {
	case t.JWE != nil:
		out.Payload = json.RawMessage("null")
		out.Encrypted = &encryptedOutput{Enc: t.Enc(), CiphertextBytes: len(t.JWE.Ciphertext)}
		out.Signature.Reason = "encrypted (JWE): no signature to check; jwtlab does not decrypt"
	case t.PayloadIsJSON():
		out.Payload = compactJSON(t.Payload)
	default:
		// Not a claims set: text is a JSON string in payload; other bytes
		// go to payload_base64url, so that a reader never mistakes the
		// base64url of binary bytes for a text payload.
		if utf8.Valid(t.Payload) {
			out.Payload, _ = json.Marshal(string(t.Payload))
		} else {
			out.Payload = json.RawMessage("null")
			out.PayloadBase64URL = jose.EncodeSegment(t.Payload)
		}
	}
	out.Signature.Alg = t.Alg()
	var verr error
	if len(keys) > 0 {
		_, verr = jose.Verify(t, keys, alg)
		ok := verr == nil
		out.Signature.Verified = &ok
		if verr != nil {
			out.Signature.Reason = verr.Error()
		}
	}
	out.Warnings = jose.Check(t, now, keys...)
	if asAccess {
		out.Warnings = append(out.Warnings, jose.CheckAsAccess(t)...)
	}
	if out.Warnings == nil {
		out.Warnings = []jose.Warning{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	// encoding/json leaves C1 controls, DEL and the bidi overrides raw in
	// strings; a terminal or log viewer showing this line would act on
	// them. Escaped as \uXXXX they mean the same JSON (they can only
	// stand inside strings) and show as what they are.
	if _, err := io.WriteString(w, tui.Escape(buf.String())); err != nil {
		return err
	}
	if verr != nil {
		// A key was given: scripts read the verdict from the exit status,
		// as with verify. The JSON above says why.
		return &exitError{code: 1, err: errors.New("")}
	}
	return nil
}

// compactJSON compacts a header or payload for inspect -json. A byte
// that is not UTF-8, which a token's JSON strings may hold, becomes
// \ufffd, as encoding/json writes it, so the line is UTF-8 as RFC 8259
// §8.1 requires. Such bytes stand only inside strings (Compact refuses
// them elsewhere), where \ufffd is U+FFFD, what encoding/json decodes
// them to anyway.
func compactJSON(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return nil
	}
	out := buf.Bytes()
	if utf8.Valid(out) {
		return out
	}
	var fixed []byte
	for len(out) > 0 {
		r, n := utf8.DecodeRune(out)
		if r == utf8.RuneError && n == 1 {
			fixed = append(fixed, `\ufffd`...)
		} else {
			fixed = append(fixed, out[:n]...)
		}
		out = out[n:]
	}
	return fixed
}

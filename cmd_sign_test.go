package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"jwtlab/internal/jose"
)

func TestSignRelativeTimesAndWarnings(t *testing.T) {
	before := time.Now().Unix()
	status, out, errOut := runCLI(t, "", "sign", "-secret", "abc", "-claims", `{"sub":"alice"}`, "-exp", "+5m", "-jti", "auto")
	after := time.Now().Unix()
	if status != 0 {
		t.Fatalf("sign = %d, %s", status, errOut)
	}
	tok, err := jose.Parse(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Sub      string
		Exp, Iat int64
		Jti      string
	}
	if err := json.Unmarshal(tok.Payload, &c); err != nil {
		t.Fatal(err)
	}
	if c.Sub != "alice" || c.Iat < before || c.Iat > after || c.Exp != c.Iat+300 || len(c.Jti) != 32 {
		t.Errorf("claims %s; want sub alice, iat in [%d, %d], exp = iat+300, a 32-digit jti", tok.Payload, before, after)
	}
	if !strings.Contains(errOut, "short-secret") {
		t.Errorf("a 3-byte HS256 secret should draw a short-secret warning; stderr %q", errOut)
	}
	for _, tc := range []struct {
		name, claims, want string
	}{
		{"exp in milliseconds", `{"exp":1999999999000}`, "milliseconds"},
		{"exp as a string", `{"exp":"1999999999"}`, "bad-numericdate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, errOut := runCLI(t, "", "sign", "-secret", strings.Repeat("k", 32), "-claims", tc.claims)
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q; want a warning with %q", errOut, tc.want)
			}
		})
	}
	t.Run("-no-iat adds nothing", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "sign", "-secret", strings.Repeat("k", 32), "-claims", `{"sub":"a"}`, "-no-iat")
		tok, err := jose.Parse(strings.TrimSpace(out))
		if err != nil || string(tok.Payload) != `{"sub":"a"}` {
			t.Errorf("payload %q (%v); want {\"sub\":\"a\"}", tok.Payload, err)
		}
	})
	t.Run("-exp and an exp claim conflict", func(t *testing.T) {
		if status, _, _ := runCLI(t, "", "sign", "-secret", "s", "-claims", `{"exp":1}`, "-exp", "+5m"); status != 2 {
			t.Errorf("status %d; want 2", status)
		}
	})
}

// TestSignTimeFlags: -exp, -nbf and -iat read a time the same way, +D or
// -D from now or seconds since 1970, and a sign is given once. A time
// that makes a verifier refuse the token now (exp past, nbf or iat
// ahead) is signed, since a lab tests verifiers with such tokens, with a
// one-line warning on stderr; from -claims it draws the same warning.
func TestSignTimeFlags(t *testing.T) {
	secret := strings.Repeat("k", 32)
	const offset = 300 // seconds: the 5m of the flags below
	for _, tc := range []struct {
		name    string
		args    []string
		claim   string
		delta   int64  // the claim is now + delta
		warning string // the one stderr line, "" for none
	}{
		{"-exp -5m mints an expired token", []string{"-exp", "-5m"}, "exp", -offset, "jwtlab sign: warning: expired: exp passed 5m0s ago: a verifier must reject it (RFC 7519 §4.1.4)"},
		{"-exp +5m", []string{"-exp", "+5m"}, "exp", offset, ""},
		{"-nbf -5m", []string{"-exp", "+1h", "-nbf", "-5m"}, "nbf", -offset, ""},
		{"-nbf +5m mints a token not valid yet", []string{"-exp", "+1h", "-nbf", "+5m"}, "nbf", offset, "jwtlab sign: warning: nbf-future: nbf is 5m0s in the future: verifiers will refuse it until then (RFC 7519 §4.1.5)"},
		{"-iat -5m", []string{"-exp", "+1h", "-iat", "-5m"}, "iat", -offset, ""},
		{"-iat +5m mints a token issued in the future", []string{"-exp", "+1h", "-iat", "+5m"}, "iat", offset, "jwtlab sign: warning: iat-future: iat is 5m0s in the future: the issuer's clock is wrong or the token was forged; some verifiers reject it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := time.Now().Unix()
			status, out, errOut := runCLI(t, "", append([]string{"sign", "-secret", secret, "-claims", `{"sub":"a"}`}, tc.args...)...)
			after := time.Now().Unix()
			if status != 0 {
				t.Fatalf("status %d, stderr %q; want 0", status, errOut)
			}
			tok, err := jose.Parse(strings.TrimSpace(out))
			if err != nil {
				t.Fatal(err)
			}
			var times struct{ Exp, Nbf, Iat int64 }
			if err := json.Unmarshal(tok.Payload, &times); err != nil {
				t.Fatal(err)
			}
			c := map[string]int64{"exp": times.Exp, "nbf": times.Nbf, "iat": times.Iat}
			// Seconds are truncated, so a claim falls within the seconds
			// the command ran in (no assertion on how long that was).
			if got := c[tc.claim]; got < before+tc.delta || got > after+tc.delta {
				t.Errorf("%s = %d; want now%+d, in [%d, %d]", tc.claim, got, tc.delta, before+tc.delta, after+tc.delta)
			}
			want := ""
			if tc.warning != "" {
				want = tc.warning + "\n"
			}
			if errOut != want {
				t.Errorf("stderr %q; want %q", errOut, want)
			}
		})
	}
	t.Run("an exp in the past from -claims warns alike", func(t *testing.T) {
		status, _, errOut := runCLI(t, "", "sign", "-secret", secret, "-claims", `{"sub":"a","exp":1000000000}`)
		if status != 0 || !strings.HasPrefix(errOut, "jwtlab sign: warning: expired: exp passed ") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("status %d, stderr %q; want 0 and one expired warning", status, errOut)
		}
	})
	t.Run("seconds since 1970", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "sign", "-secret", secret, "-claims", `{}`, "-exp", "1999999999", "-iat", "1999999000", "-nbf", "1999999000")
		tok, err := jose.Parse(strings.TrimSpace(out))
		if want := `{"exp":1999999999,"nbf":1999999000,"iat":1999999000}`; err != nil || string(tok.Payload) != want {
			t.Errorf("payload %q (%v); want %s", tok.Payload, err, want)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"two signs", []string{"-exp", "+-5m"}, `jwtlab sign: -exp: "+-5m": want +DURATION or -DURATION such as +15m or -1h30m`},
		{"two minus signs", []string{"-nbf", "--5m"}, `jwtlab sign: -nbf: "--5m": want +DURATION or -DURATION such as +15m or -1h30m`},
		{"a sign without a unit", []string{"-iat", "-5"}, `jwtlab sign: -iat: "-5": want +DURATION or -DURATION such as +15m or -1h30m`},
		{"a duration without a sign", []string{"-exp", "5m"}, `jwtlab sign: -exp: "5m": want +DURATION or -DURATION such as +15m, or seconds since 1970`},
		{"-iat and -no-iat", []string{"-iat", "-5m", "-no-iat"}, "jwtlab sign: -iat and -no-iat: give one"},
		{"-iat and an iat claim", []string{"-claims", `{"iat":1}`, "-iat", "-5m"}, `jwtlab sign: -iat and a "iat" in -claims: give one`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errOut := runCLI(t, "", append([]string{"sign", "-secret", secret, "-claims", `{"sub":"a"}`}, tc.args...)...)
			if status != 2 || out != "" || errOut != tc.want+"\n" {
				t.Errorf("status %d, stdout %q, stderr %q; want 2, nothing, %q", status, out, errOut, tc.want)
			}
		})
	}
	// The default iat still gives way to one in -claims.
	_, out, _ := runCLI(t, "", "sign", "-secret", secret, "-claims", `{"iat":1999999000,"exp":1999999999}`)
	if tok, err := jose.Parse(strings.TrimSpace(out)); err != nil || string(tok.Payload) != `{"iat":1999999000,"exp":1999999999}` {
		t.Errorf("sign with an iat in -claims = %q; want that iat kept", out)
	}
}

func TestSignHeader(t *testing.T) {
	secret := strings.Repeat("k", 64)
	header := func(t *testing.T, args ...string) (string, string, int) {
		t.Helper()
		status, out, errOut := runCLI(t, "", append([]string{"sign", "-secret", secret, "-claims", `{"sub":"a"}`, "-no-iat"}, args...)...)
		if status != 0 {
			return "", errOut, status
		}
		tok, err := jose.Parse(strings.TrimSpace(out))
		if err != nil {
			t.Fatalf("sign printed %q: %v", out, err)
		}
		if _, err := jose.Verify(tok, []*jose.Key{jose.Secret(secret)}, tok.Alg()); err != nil {
			t.Errorf("the token does not verify with its own alg: %v", err)
		}
		return string(tok.HeaderJSON), errOut, status
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"-kid sets kid", []string{"-kid", "k1"}, `{"alg":"HS256","kid":"k1","typ":"JWT"}`},
		{"-header replaces typ and adds members", []string{"-header", `{"typ": "at+jwt", "cty": "x"}`}, `{"alg":"HS256","typ":"at+jwt","cty":"x"}`},
		{"null removes typ", []string{"-header", `{"typ":null}`}, `{"alg":"HS256"}`},
		{"the header's alg chooses the algorithm", []string{"-header", `{"alg":"HS512"}`}, `{"alg":"HS512","typ":"JWT"}`},
		{"-kid with -header", []string{"-kid", "k2", "-header", `{"x5t":"abc"}`}, `{"alg":"HS256","kid":"k2","typ":"JWT","x5t":"abc"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errOut, status := header(t, tc.args...)
			if got != tc.want {
				t.Errorf("header %s (exit %d, %s); want %s", got, status, errOut, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"an alg that disagrees with -alg is refused", []string{"-alg", "HS256", "-header", `{"alg":"HS384"}`}, 2, "jwtlab sign: algorithm mismatch"},
		{"an alg the key cannot sign is refused", []string{"-header", `{"alg":"RS256"}`}, 2, "signed with an RSA private key"},
		{"alg none is refused", []string{"-header", `{"alg":"none"}`}, 2, `jwtlab sign: alg "none" is never accepted`},
		{"-kid and a kid in -header conflict", []string{"-kid", "a", "-header", `{"kid":"b"}`}, 2, "give one"},
		{"-header must be an object", []string{"-header", `[1]`}, 2, "not a JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, status := header(t, tc.args...)
			if status != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", status, errOut, tc.code, tc.want)
			}
		})
	}
}

// TestSignKeyHelp: sign's -h says which key files sign takes, and sign
// does what it says: a private key, alone or as the one key of a JWK Set,
// signs; a public key, a certificate and a set of two are refused.
// inspect and verify, which take any key, keep the general help.
func TestSignKeyHelp(t *testing.T) {
	keyHelp := func(t *testing.T, cmd string) string {
		t.Helper()
		status, out, _ := runCLI(t, "", cmd, "-h")
		_, help, ok := strings.Cut(out, "\n  -key file\n")
		if status != 0 || !ok {
			t.Fatalf("jwtlab %s -h = %d, %q; want 0 and a -key flag", cmd, status, out)
		}
		help, _, _ = strings.Cut(help, "\n")
		return strings.TrimSpace(help)
	}
	if got, want := keyHelp(t, "sign"), "key file: PEM private key, private or oct (secret) JWK, or a JWK Set of one such key"; got != want {
		t.Errorf("sign -h says -key is %q; want %q", got, want)
	}
	for _, cmd := range []string{"inspect", "verify"} {
		if got, want := keyHelp(t, cmd), "key file: PEM public/private key or certificate, JWK, or JWK Set"; got != want {
			t.Errorf("%s -h says -key is %q; want %q", cmd, got, want)
		}
	}

	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pkix8, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jwtlab"}, NotAfter: time.Now().Add(time.Hour)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	jwk := func(kid string) string {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf(`{"kty":"OKP","crv":"Ed25519","kid":%q,"d":%q,"x":%q}`, kid, b64(priv.Seed()), b64(priv.Public().(ed25519.PublicKey)))
	}
	for _, tc := range []struct {
		name, file string
		status     int
		want       string // in stderr
	}{
		{"a PEM private key signs", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})), 0, ""},
		{"a private JWK signs", jwk("a"), 0, ""},
		{"an oct JWK signs", `{"kty":"oct","k":"` + b64([]byte(strings.Repeat("k", 32))) + `"}`, 0, ""},
		{"a JWK Set of one private key signs", `{"keys":[` + jwk("a") + `]}`, 0, ""},
		{"a PEM public key is refused", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix8})), 2, "jwtlab sign: key does not fit the algorithm: signing EdDSA needs a private key"},
		{"a certificate is refused", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert})), 2, "needs a private key"},
		{"a JWK Set of two keys is refused", `{"keys":[` + jwk("a") + `,` + jwk("b") + `]}`, 2, "holds a key set of 2; sign needs one key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _, errOut := runCLI(t, "", "sign", "-key", writeFile(t, "key", tc.file), "-claims", `{"sub":"a"}`, "-exp", "+1m")
			if status != tc.status || !strings.Contains(errOut, tc.want) {
				t.Errorf("sign -key = %d, %q; want %d and %q", status, errOut, tc.status, tc.want)
			}
		})
	}
}

// TestSignClaimsFromStdin: -claims - reads the whole of stdin up to
// maxStdinBytes, and refuses more in one line rather than cutting it
// short and calling what is left not a JSON object.
func TestSignClaimsFromStdin(t *testing.T) {
	claims := `{"sub":"alice"}`
	for _, tc := range []struct {
		name   string
		stdin  string
		status int
		want   string // in stderr
	}{
		{"claims on stdin", claims + "\n", 0, ""},
		{"claims padded to the limit", claims + strings.Repeat(" ", maxStdinBytes-len(claims)), 0, ""},
		{"a byte over the limit", claims + strings.Repeat(" ", maxStdinBytes-len(claims)+1), 2, "jwtlab sign: -claims JSON on stdin is over 1048576 bytes\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errOut := runCLI(t, tc.stdin, "sign", "-secret", "0123456789abcdef0123456789abcdef", "-claims", "-", "-exp", "+1m")
			if status != tc.status || tc.want != "" && errOut != tc.want {
				t.Fatalf("sign -claims - = %d, stderr %q; want %d, %q", status, errOut, tc.status, tc.want)
			}
			if tok, err := jose.Parse(strings.TrimSpace(out)); status == 0 && (err != nil || tok.StringClaim("sub") != "alice") {
				t.Errorf("sign -claims - printed %q (%v); want a token for alice", out, err)
			}
		})
	}
}

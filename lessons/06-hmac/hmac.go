package hmac

import (
	stdhmac "crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"jwtlab/lessons/02-base64url"
	header "jwtlab/lessons/03-header"
)

//go:embed testdata
var testdata embed.FS

// The ways Verify refuses a token.
var (
	ErrMalformed = errors.New("token is malformed")
	ErrAlg       = errors.New(`header alg is not "HS256"`)
	ErrSignature = errors.New("signature does not match")
)

// SigningInput is what the signature covers: the first two segments as
// they appear in the token, dot included.
func SigningInput(token string) (input, signature string, err error) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 || strings.Count(token, ".") != 2 {
		return "", "", ErrMalformed
	}
	return token[:i], token[i+1:], nil
}

// Sign is HS256: HMAC-SHA256 over the signing input, base64url-encoded.
func Sign(key []byte, signingInput string) string {
	mac := stdhmac.New(sha256.New, key)
	mac.Write([]byte(signingInput))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// Mint encodes the header and payload bytes as they are -- no
// re-serialization -- and appends their signature.
func Mint(key []byte, header, payload string) string {
	input := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(payload))
	return input + "." + Sign(key, input)
}

// Verify checks the header with lesson 3's ParseHeader (strict base64,
// member names exact and not repeated, no "crit"), that its "alg" is
// HS256, and that the signature, decoded strictly with line breaks refused
// (lesson 2), is the HMAC of the signing input under key, compared in
// constant time. Leaves to the caller: a key of at least 32 random bytes,
// and every claim (exp, token_type: lesson 12's Verify adds simplejwt's).
func Verify(key []byte, token string) error {
	input, sig, err := SigningInput(token)
	if err != nil {
		return err
	}
	h, err := header.ParseHeader(input[:strings.IndexByte(input, '.')])
	if err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if h.Alg != "HS256" {
		return fmt.Errorf("%w: %q", ErrAlg, h.Alg)
	}
	got, err := base64url.Decode(sig)
	if err != nil {
		return fmt.Errorf("%w: signature: %v", ErrMalformed, err)
	}
	mac := stdhmac.New(sha256.New, key)
	mac.Write([]byte(input))
	if !stdhmac.Equal(got, mac.Sum(nil)) {
		return ErrSignature
	}
	return nil
}

// Vector is one example of RFC 7515 appendix A, as kept in testdata.
type Vector struct {
	Source        string          `json:"source"`
	Alg           string          `json:"alg"`
	Header        string          `json:"protected_header_json"`
	Payload       string          `json:"payload"`
	SigningInput  string          `json:"signing_input"`
	JWK           json.RawMessage `json:"key_jwk"`
	Signature     string          `json:"signature_b64u"`
	Compact       string          `json:"compact"`
	Deterministic bool            `json:"deterministic_signature"`
}

// RFC7515 returns the appendix A example for alg ("HS256", "RS256",
// "ES256", "ES512" or "none").
func RFC7515(alg string) Vector {
	var file struct{ Vectors []Vector }
	if err := json.Unmarshal(mustRead("testdata/rfc7515.json"), &file); err != nil {
		panic(err) // embedded at build time
	}
	for _, v := range file.Vectors {
		if v.Alg == alg {
			return v
		}
	}
	panic("no RFC 7515 example for " + alg)
}

// OctKey decodes the "k" of a symmetric JWK: the HMAC key bytes.
func OctKey(jwk json.RawMessage) ([]byte, error) {
	var k struct{ K string }
	if err := json.Unmarshal(jwk, &k); err != nil {
		return nil, err
	}
	return base64.RawURLEncoding.DecodeString(k.K)
}

// SimplejwtKey is the reference peer's shared secret; AccessToken is the
// token it issued (both in testdata).
func SimplejwtKey() []byte { return mustRead("testdata/simplejwt.key") }

// AccessToken returns the simplejwt access token kept in testdata.
func AccessToken() string { return strings.TrimSpace(string(mustRead("testdata/access.jwt"))) }

func mustRead(name string) []byte {
	b, err := testdata.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time; missing means a broken build
	}
	return b
}

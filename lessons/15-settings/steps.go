package settings

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	segments "jwtlab/lessons/01-segments"
	clock "jwtlab/lessons/05-time"
	asym "jwtlab/lessons/07-asym"
)

// access is an access token's claims at lesson 5's clock, plus extra.
func access(extra jwt.MapClaims) jwt.MapClaims {
	c := jwt.MapClaims{"token_type": "access", "exp": clock.Now.Add(5 * time.Minute).Unix(),
		"iat": clock.Now.Unix(), "jti": "15d1a2b3c4d5e6f708192a3b4c5d6e7f", "user_id": 1}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// StepSigningKey is the step "SIGNING_KEY and VERIFYING_KEY".
func StepSigningKey(w io.Writer) error {
	secret := []byte("django-insecure-only-for-this-example-0123456789")
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, access(nil)).SignedString(secret)
	if err != nil {
		return err
	}
	other, err := asym.PrivateKey(asym.VectorKey(asym.Vector("RS256"))) // RFC 7515's RSA key
	if err != nil {
		return err
	}
	hs := Settings{Algorithm: "HS256", SigningKey: secret, VerifyingKey: other.Public()}
	_, err = hs.Verify(token, clock.Now)
	fmt.Fprintln(w, "HS256 with an unrelated VERIFYING_KEY:", err)
	rs := Settings{Algorithm: "RS256", SigningKey: secret, VerifyingKey: other.Public()}
	_, err = rs.Verify(token, clock.Now)
	fmt.Fprintln(w, "the same token, ALGORITHM RS256:     ", err)
	return nil
}

// StepAudience is the step "AUDIENCE and ISSUER".
func StepAudience(w io.Writer) error {
	secret := []byte("an-example-secret-of-32-bytes-or-more")
	for _, try := range []struct {
		name             string
		claims           jwt.MapClaims
		audience, issuer string
	}{
		{"aud other, AUDIENCE unset", access(jwt.MapClaims{"aud": "other"}), "", ""},
		{"aud other, AUDIENCE jwtlab", access(jwt.MapClaims{"aud": "other"}), "jwtlab", ""},
		{"no aud,    AUDIENCE jwtlab", access(nil), "jwtlab", ""},
		{"aud jwtlab, AUDIENCE jwtlab", access(jwt.MapClaims{"aud": "jwtlab"}), "jwtlab", ""},
		{"iss other, ISSUER unset", access(jwt.MapClaims{"iss": "other"}), "", ""},
		{"iss other, ISSUER jwtlab", access(jwt.MapClaims{"iss": "other"}), "", "jwtlab"},
	} {
		token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, try.claims).SignedString(secret)
		if err != nil {
			return err
		}
		s := Settings{Algorithm: "HS256", SigningKey: secret, Audience: try.audience, Issuer: try.issuer}
		_, err = s.Verify(token, clock.Now)
		fmt.Fprintf(w, "%-28s %v\n", try.name+":", err)
	}
	return nil
}

// StepJWE is the step "JWS is signed, not encrypted".
func StepJWE(w io.Writer) error {
	_, payload, _, err := segments.Split(segments.AccessToken())
	if err != nil {
		return err
	}
	claims, err := segments.Decode(payload)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "JWS payload, no key needed:", string(claims))
	// The shape of a compact JWE (RFC 7516 §7.1); the other four parts
	// are opaque bytes, here placeholders.
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RSA-OAEP","enc":"A256GCM"}`))
	jwe := strings.Join([]string{header, "ZW5jcnlwdGVkX2tleQ", "aXY", "Y2lwaGVydGV4dA", "dGFn"}, ".")
	fmt.Fprintln(w, "JWE parts:", strings.Count(jwe, ".")+1)
	_, _, _, err = segments.Split(jwe)
	fmt.Fprintln(w, "as a JWS:", err)
	return nil
}

package attacks

// Everything in this file is wrong on purpose. Each verifier makes one of
// the classic mistakes, so each attack can be shown working. Never copy
// any of it.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"

	"github.com/golang-jwt/jwt/v5"

	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
)

// Verifier checks a token and says which user it speaks for.
type Verifier func(token string) (userID string, err error)

func userOf(t *jwt.Token) string {
	c, _ := t.Claims.(jwt.MapClaims)
	return fmt.Sprint(c["user_id"])
}

// DecodeOnly reads the claims and checks nothing: decode-as-verify.
func DecodeOnly() Verifier {
	return func(token string) (string, error) {
		t, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
		if err != nil {
			return "", err
		}
		return userOf(t), nil
	}
}

// HeaderPicksAlg lets the token's alg choose the method, and accepts
// unsigned tokens "for internal services".
func HeaderPicksAlg(secret []byte) Verifier {
	return func(token string) (string, error) {
		t, err := jwt.Parse(token, func(t *jwt.Token) (any, error) {
			if t.Method == jwt.SigningMethodNone {
				return jwt.UnsafeAllowNoneSignatureType, nil
			}
			return secret, nil
		}, jwt.WithTimeFunc(now))
		if err != nil {
			return "", err
		}
		return userOf(t), nil
	}
}

// OneKeyForAll holds "the key" as PEM bytes and hands it to whatever
// method the header names: parsed for RSA, raw for HMAC.
func OneKeyForAll(publicPEM []byte) Verifier {
	return func(token string) (string, error) {
		t, err := jwt.Parse(token, func(t *jwt.Token) (any, error) {
			switch t.Method.(type) {
			case *jwt.SigningMethodRSA:
				return jwt.ParseRSAPublicKeyFromPEM(publicPEM)
			case *jwt.SigningMethodHMAC:
				return publicPEM, nil
			}
			return nil, fmt.Errorf("unexpected alg %v", t.Header["alg"])
		}, jwt.WithTimeFunc(now))
		if err != nil {
			return "", err
		}
		return userOf(t), nil
	}
}

// KidFromDisk pins HS256 -- and then reads the secret from a file named by
// the token's kid.
func KidFromDisk(fsys fs.FS) Verifier {
	return func(token string) (string, error) {
		t, err := jwt.Parse(token, func(t *jwt.Token) (any, error) {
			kid, _ := t.Header["kid"].(string)
			return fs.ReadFile(fsys, path.Join("keys", kid))
		}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(now))
		if err != nil {
			return "", err
		}
		return userOf(t), nil
	}
}

// KeyFromHeader pins EdDSA -- and then verifies with the key the token
// embeds ("jwk"), or fetches one from the URL the token names ("jku").
func KeyFromHeader(fetch func(url string) ([]byte, error)) Verifier {
	return func(token string) (string, error) {
		t, err := jwt.Parse(token, func(t *jwt.Token) (any, error) {
			if embedded, ok := t.Header["jwk"]; ok {
				b, _ := json.Marshal(embedded)
				var k asym.JWK
				if err := json.Unmarshal(b, &k); err != nil {
					return nil, err
				}
				return asym.PublicKey(k)
			}
			url, _ := t.Header["jku"].(string)
			body, err := fetch(url)
			if err != nil {
				return nil, err
			}
			set, err := jwk.ParseSet(body)
			if err != nil {
				return nil, err
			}
			kid, _ := t.Header["kid"].(string)
			return set.Key(kid, "EdDSA")
		}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithTimeFunc(now))
		if err != nil {
			return "", err
		}
		return userOf(t), nil
	}
}

package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"

	"jwtlab/internal/jose"
)

func pemKey(t *testing.T, der []byte, typ string) *jose.Key {
	t.Helper()
	k, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestNewKeysRefuses(t *testing.T) {
	p224, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der224, _ := x509.MarshalPKCS8PrivateKey(p224)
	pub256, _ := x509.MarshalPKIXPublicKey(&p256.PublicKey)
	for _, tc := range []struct {
		name string
		key  *jose.Key
		want error
	}{
		{"a curve JWA names no algorithm for (P-224)", pemKey(t, der224, "PRIVATE KEY"), jose.ErrKeyRefused},
		{"a public key as the signing key", pemKey(t, pub256, "PUBLIC KEY"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewKeys(tc.key)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("NewKeys(%s) = %v; want an error (%v)", tc.key.Kind(), err, tc.want)
			}
		})
	}
	t.Run("two HMAC secrets", func(t *testing.T) {
		if _, err := NewKeys(jose.Secret("first-secret"), jose.Secret("second-secret")); err == nil {
			t.Error("NewKeys(two secrets) = nil; want an error: a token without a kid could not name its key")
		}
	})
}

package drf

import (
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// files holds the Django peer's settings fragments, copied from
// bench/peers/django (testdata/README.md says how they are kept equal),
// and a password hash Django made.
//
//go:embed testdata/*.py testdata/django-argon2.txt
var files embed.FS

// Fragment returns the copy of a shipped Django setting, e.g.
// "settings_tuned-conn" for peer/settings_tuned.py's CONN_MAX_AGE lines.
func Fragment(name string) (string, error) {
	b, err := files.ReadFile("testdata/" + name + ".py")
	return string(b), err
}

// ErrNotDjangoArgon2 reports a hash that is not Django's argon2id format.
var ErrNotDjangoArgon2 = errors.New("not a Django argon2id hash")

// maxMemoryKiB bounds the memory a stored hash may ask for (1 GiB): a
// tampered row must not make one login allocate without limit.
const maxMemoryKiB = 1 << 20

// VerifyDjangoArgon2 checks password against a hash made by Django's
// Argon2PasswordHasher ("argon2$argon2id$v=19$m=...,t=...,p=...$salt$tag",
// Django 3.2 hashers.py), so that a Go server can take over Django's users
// table without a password reset. It checks the argon2id variant, version
// 19, bounded parameters and the tag in constant time; it leaves
// throttling logins, and rehashing with the server's own parameters after
// a success, to the caller.
func VerifyDjangoArgon2(encoded, password string) (bool, error) {
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "argon2" || f[1] != "argon2id" || f[2] != "v=19" {
		return false, ErrNotDjangoArgon2
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(f[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > maxMemoryKiB || t == 0 || p == 0 {
		return false, ErrNotDjangoArgon2
	}
	// argon2-cffi writes salt and tag in base64 without padding.
	salt, err := base64.RawStdEncoding.DecodeString(f[4])
	if err != nil {
		return false, ErrNotDjangoArgon2
	}
	tag, err := base64.RawStdEncoding.DecodeString(f[5])
	if err != nil || len(tag) == 0 {
		return false, ErrNotDjangoArgon2
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(tag)))
	return subtle.ConstantTimeCompare(got, tag) == 1, nil
}

// DjangoHash is testdata/django-argon2.txt: Django's hash of the demo
// password.
func DjangoHash() (string, error) {
	b, err := files.ReadFile("testdata/django-argon2.txt")
	return strings.TrimSpace(string(b)), err
}

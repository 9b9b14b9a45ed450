// Package password hashes and checks passwords with argon2id, stored as
// PHC strings ($argon2id$v=19$m=19456,t=2,p=1$salt$hash), and checks the
// hashes imported from Django 3.2 (django.go).
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Errors from Check and Parse.
var (
	ErrMismatch = errors.New("password does not match")
	ErrFormat   = errors.New("malformed password hash")
)

// Params are argon2id's cost parameters.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// OWASP is the OWASP Password Storage Cheat Sheet's first argon2id
// choice: 19 MiB of memory, 2 passes, 1 lane. Each hash holds 19 MiB
// while it runs, which is why the prod server bounds concurrent hashes.
// A function, not a variable, so that no package can change it for all.
func OWASP() Params { return Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1} }

const (
	saltLen = 16 // 128 bits, RFC 9106's recommendation
	keyLen  = 32 // 256-bit tag
)

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// Hash returns the PHC string for password with a fresh random salt.
func Hash(password string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Check reports whether password matches the PHC string phc, comparing
// in constant time. It returns nil on a match, ErrMismatch otherwise.
func Check(phc, password string) error {
	p, salt, want, err := Parse(phc)
	if err != nil {
		return err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// Parse splits a PHC argon2id string into its parameters, salt and key.
func Parse(phc string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(phc, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrFormat
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("%w: version %q", ErrFormat, parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("%w: parameters %q", ErrFormat, parts[3])
	}
	// Refuse parameters that would make one check cost an unbounded
	// amount of memory or time: a hash from the store should never ask
	// for more than 1 GiB or 100 passes.
	if p.MemoryKiB < 8 || p.MemoryKiB > 1<<20 || p.Time < 1 || p.Time > 100 || p.Threads < 1 {
		return p, nil, nil, fmt.Errorf("%w: parameters out of range", ErrFormat)
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("%w: salt", ErrFormat)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("%w: key", ErrFormat)
	}
	return p, salt, key, nil
}

// Dummy returns a PHC string with parameters p, a random salt and a
// random key, which no password matches. Checking a password against it
// costs exactly one real check, so a login for an unknown username takes
// as long as one for a known user. No hash is computed to make it, so it
// costs the server no memory at start.
func Dummy(p Params) string {
	salt := make([]byte, saltLen)
	key := make([]byte, keyLen)
	rand.Read(salt) // crypto/rand never fails on a supported platform
	rand.Read(key)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

package password

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Hashes imported from Django (jwtlab users import-django) keep Django's
// own string formats, from Django 3.2's django/contrib/auth/hashers.py:
//
//	pbkdf2_sha256$260000$SALT$BASE64        PBKDF2PasswordHasher (the default)
//	pbkdf2_sha1$260000$SALT$BASE64          PBKDF2SHA1PasswordHasher
//	argon2$argon2id$v=19$m=..,t=..,p=..$..  Argon2PasswordHasher ("argon2" + a PHC string)
//	bcrypt_sha256$$2b$12$...                BCryptSHA256PasswordHasher
//	!RANDOM                                 an unusable password (set_unusable_password)
//
// Verify checks them; the login handler then replaces them with our own
// argon2id, so each user's Django hash is checked once.
//
// What that leaves: a Django hash costs what its parameters say, not what
// argon2id costs. Measured here (go test -bench, 2 busy cores, noisy):
// pbkdf2_sha256 at 260,000 iterations 65-86 ms against 26-37 ms for one
// OWASP argon2id, and Django's argon2 default holds 100 MiB (m=102400)
// where ours holds 19 MiB. A refused login's time would tell an imported
// username from an unknown one (Django's own check_password leaves that
// gap after a change of hasher: it evens out runtime only within one
// hasher), so the server pads refusals to its slowest stored work factor
// (WorkFactor names them; see server/hashcost.go). A hash slot may still
// hold more memory than the prod memory limit counts on.

// More errors from Verify and CheckFormat.
var (
	// ErrUnusable is Django's unusable password (a "!" prefix): no
	// password matches it.
	ErrUnusable = errors.New("unusable password")
	// ErrUnsupported is a hash in a scheme Verify does not check (for
	// example Django's md5, sha1 or crypt hashers).
	ErrUnsupported = errors.New("unsupported password hash scheme")
)

// The schemes Scheme names. Django's are its hashers' algorithm names.
const (
	SchemeArgon2id     = "argon2id" // ours: a PHC string from Hash
	SchemePBKDF2SHA256 = "pbkdf2_sha256"
	SchemePBKDF2SHA1   = "pbkdf2_sha1"
	SchemeArgon2       = "argon2" // Django's Argon2PasswordHasher
	SchemeBcryptSHA256 = "bcrypt_sha256"
	SchemeUnusable     = "unusable"
	SchemeUnknown      = "unknown"
)

// Bounds on the work a stored Django hash may ask for, so that one
// login cannot hold a hash slot for minutes. They leave room above
// Django 3.2's defaults (260,000 PBKDF2 iterations, bcrypt rounds 12)
// for the raises of later Django releases.
const (
	maxPBKDF2Iterations = 10_000_000 // about 40 times Django 3.2's 260,000
	maxBcryptCost       = 16         // 2^16 rounds: 16 times Django 3.2's 2^12
)

// djangoUnusablePrefix is Django's UNUSABLE_PASSWORD_PREFIX.
const djangoUnusablePrefix = "!"

// Scheme names the scheme of a stored hash, for users list: "argon2id"
// for ours, Django's algorithm name for an imported hash, "unusable" or
// "unknown". It looks at the prefix only; CheckFormat checks the rest.
func Scheme(stored string) string {
	switch {
	case strings.HasPrefix(stored, "$argon2id$"):
		return SchemeArgon2id
	case strings.HasPrefix(stored, djangoUnusablePrefix):
		return SchemeUnusable
	}
	algorithm, _, _ := strings.Cut(stored, "$")
	switch algorithm {
	case SchemePBKDF2SHA256, SchemePBKDF2SHA1, SchemeArgon2, SchemeBcryptSHA256:
		return algorithm
	}
	return SchemeUnknown
}

// WorkFactor names what one check of stored costs: stored without its
// salt and key, so two hashes with the same WorkFactor take the same
// work to verify ("pbkdf2_sha256$260000", "bcrypt_sha256$$2b$12",
// "argon2$argon2id$v=19$m=102400,t=2,p=8", "$argon2id$v=19$m=19456,t=2,p=1").
// It is "" for a hash Verify does not check: an unusable password or an
// unknown scheme (the login checks the dummy hash for those), or a
// malformed hash (Verify refuses it at once).
func WorkFactor(stored string) string {
	if CheckFormat(stored) != nil {
		return ""
	}
	fields := 4 // "", "argon2id", "v=19", "m=..": ours, Django's argon2 and bcrypt_sha256 alike
	switch Scheme(stored) {
	case SchemeUnusable:
		return ""
	case SchemePBKDF2SHA256, SchemePBKDF2SHA1:
		fields = 2 // algorithm, iterations
	}
	parts := strings.SplitN(stored, "$", fields+1)
	return strings.Join(parts[:fields], "$")
}

// Usable reports whether some password could match stored: false for
// Django's unusable passwords and for schemes Verify does not know. The
// login handler checks the password against the dummy hash instead, so
// the refusal takes as long as any other: Django's check_password does
// the same (its fake_runtime) for both cases.
func Usable(stored string) bool {
	s := Scheme(stored)
	return s != SchemeUnusable && s != SchemeUnknown
}

// NeedsRehash reports whether stored is in a scheme other than ours,
// so that after a successful Verify the caller should store
// Hash(password) in its place.
func NeedsRehash(stored string) bool {
	s := Scheme(stored)
	return s != SchemeArgon2id && s != SchemeUnusable && s != SchemeUnknown
}

// CheckFormat reports whether Verify can check stored: nil for our
// argon2id, a well-formed Django hash in one of the schemes above, or an
// unusable password. It computes no hash. The importer runs it on every
// row before writing any.
func CheckFormat(stored string) error {
	switch Scheme(stored) {
	case SchemeUnusable:
		return nil
	case SchemeArgon2id:
		_, _, _, err := Parse(stored)
		return err
	case SchemePBKDF2SHA256, SchemePBKDF2SHA1:
		_, err := parsePBKDF2(stored)
		return err
	case SchemeArgon2:
		_, err := parseDjangoArgon2(stored)
		return err
	case SchemeBcryptSHA256:
		_, err := parseBcryptSHA256(stored)
		return err
	}
	algorithm, _, _ := strings.Cut(stored, "$")
	return fmt.Errorf("%w: %q", ErrUnsupported, algorithm)
}

// Verify checks password against a stored hash in any scheme the
// server accepts: ours (Check) or one imported from Django. Every
// comparison is constant-time. It returns nil on a match, ErrMismatch
// on a wrong password, ErrUnusable for an unusable password, and an
// ErrFormat or ErrUnsupported error for a hash it cannot check. It
// costs one hash of stored's scheme and parameters; the caller bounds
// how many run at once.
func Verify(stored, password string) error {
	switch Scheme(stored) {
	case SchemeUnusable:
		return ErrUnusable
	case SchemeArgon2id:
		return Check(stored, password)
	case SchemePBKDF2SHA256, SchemePBKDF2SHA1:
		p, err := parsePBKDF2(stored)
		if err != nil {
			return err
		}
		got, err := pbkdf2.Key(p.hash, password, p.salt, p.iterations, len(p.key))
		if err != nil {
			return fmt.Errorf("%w: %v", ErrFormat, err)
		}
		return compare(got, p.key)
	case SchemeArgon2:
		a, err := parseDjangoArgon2(stored)
		if err != nil {
			return err
		}
		return compare(a.derive(password), a.key)
	case SchemeBcryptSHA256:
		data, err := parseBcryptSHA256(stored)
		if err != nil {
			return err
		}
		// Django hashes first "to prevent password truncation" (bcrypt
		// reads 72 bytes at most): bcrypt sees the lowercase hex of
		// SHA-256(password). bcrypt compares in constant time.
		sum := sha256.Sum256([]byte(password))
		err = bcrypt.CompareHashAndPassword(data, []byte(hex.EncodeToString(sum[:])))
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return ErrMismatch
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrFormat, err)
		}
		return nil
	}
	return CheckFormat(stored)
}

func compare(got, want []byte) error {
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

type pbkdf2Hash struct {
	hash       func() hash.Hash
	iterations int
	salt, key  []byte
}

// parsePBKDF2 reads "pbkdf2_sha256$ITERATIONS$SALT$BASE64". Django
// checks a password by encoding it again and comparing the strings, so
// only the exact string Django writes is accepted: iterations in plain
// decimal, the key in padded standard base64 of the digest's size
// (Django's pbkdf2 uses the digest size as the key length).
func parsePBKDF2(stored string) (pbkdf2Hash, error) {
	var p pbkdf2Hash
	parts := strings.SplitN(stored, "$", 4)
	if len(parts) != 4 {
		return p, fmt.Errorf("%w: %s needs 4 fields", ErrFormat, parts[0])
	}
	size := sha256.Size
	p.hash = sha256.New
	if parts[0] == SchemePBKDF2SHA1 {
		size, p.hash = sha1.Size, sha1.New
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || strconv.Itoa(n) != parts[1] || n < 1 || n > maxPBKDF2Iterations {
		return p, fmt.Errorf("%w: %s iterations %q", ErrFormat, parts[0], parts[1])
	}
	p.iterations = n
	if parts[2] == "" {
		return p, fmt.Errorf("%w: %s empty salt", ErrFormat, parts[0])
	}
	p.salt = []byte(parts[2])
	p.key, err = base64.StdEncoding.Strict().DecodeString(parts[3])
	if err != nil || len(p.key) != size {
		return p, fmt.Errorf("%w: %s key", ErrFormat, parts[0])
	}
	return p, nil
}

type djangoArgon2 struct {
	id        bool // argon2id; else argon2i
	p         Params
	salt, key []byte
}

func (a djangoArgon2) derive(password string) []byte {
	if a.id {
		return argon2.IDKey([]byte(password), a.salt, a.p.Time, a.p.MemoryKiB, a.p.Threads, uint32(len(a.key)))
	}
	return argon2.Key([]byte(password), a.salt, a.p.Time, a.p.MemoryKiB, a.p.Threads, uint32(len(a.key)))
}

// parseDjangoArgon2 reads "argon2" followed by a PHC string. Django 3.2
// writes argon2id (m=102400,t=2,p=8 by default) and verifies argon2i as
// well (argon2-cffi's PasswordHasher.verify reads the variety from the
// string), so both are accepted; argon2d is not (x/crypto lacks it). The
// PHC layout is the same as ours, so Parse reads it, bounds and all.
func parseDjangoArgon2(stored string) (djangoArgon2, error) {
	var a djangoArgon2
	phc := strings.TrimPrefix(stored, SchemeArgon2)
	switch {
	case strings.HasPrefix(phc, "$argon2id$"):
		a.id = true
	case strings.HasPrefix(phc, "$argon2i$"):
		phc = "$argon2id$" + strings.TrimPrefix(phc, "$argon2i$")
	default:
		variety, _, _ := strings.Cut(strings.TrimPrefix(phc, "$"), "$")
		return a, fmt.Errorf("%w: argon2 variety %q", ErrUnsupported, variety)
	}
	var err error
	a.p, a.salt, a.key, err = Parse(phc)
	return a, err
}

// parseBcryptSHA256 reads "bcrypt_sha256$" followed by a bcrypt string
// ($2b$12$ + 22 characters of salt + 31 of hash) and returns the latter.
func parseBcryptSHA256(stored string) ([]byte, error) {
	data := []byte(strings.TrimPrefix(stored, SchemeBcryptSHA256+"$"))
	cost, err := bcrypt.Cost(data)
	if err != nil {
		return nil, fmt.Errorf("%w: bcrypt_sha256: %v", ErrFormat, err)
	}
	if cost > maxBcryptCost {
		return nil, fmt.Errorf("%w: bcrypt_sha256 cost %d above %d", ErrFormat, cost, maxBcryptCost)
	}
	return data, nil
}

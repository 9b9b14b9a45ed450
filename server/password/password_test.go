package password

import (
	"errors"
	"strings"
	"testing"
)

// cheap keeps the tests fast; the parameters are checked to round-trip.
var cheap = Params{MemoryKiB: 64, Time: 1, Threads: 1}

func TestHashAndCheck(t *testing.T) {
	h, err := Hash("demo-password-123", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("Hash = %q; want a PHC argon2id string", h)
	}
	if err := Check(h, "demo-password-123"); err != nil {
		t.Errorf("Check(right password) = %v; want nil", err)
	}
	if err := Check(h, "demo-password-124"); !errors.Is(err, ErrMismatch) {
		t.Errorf("Check(wrong password) = %v; want ErrMismatch", err)
	}
	h2, _ := Hash("demo-password-123", cheap)
	if h == h2 {
		t.Error("two hashes of one password are equal; the salt is not random")
	}
}

func TestOWASPParameters(t *testing.T) {
	h, err := Hash("x", OWASP())
	if err != nil {
		t.Fatal(err)
	}
	p, salt, key, err := Parse(h)
	if err != nil {
		t.Fatal(err)
	}
	if p != (Params{MemoryKiB: 19456, Time: 2, Threads: 1}) || len(salt) != 16 || len(key) != 32 {
		t.Errorf("Parse(Hash(OWASP)) = %+v, %d-byte salt, %d-byte key", p, len(salt), len(key))
	}
}

func TestParseRejects(t *testing.T) {
	good, _ := Hash("x", cheap)
	parts := strings.Split(good, "$")
	for _, tc := range []struct{ name, phc string }{
		{"an empty string", ""},
		{"a pbkdf2 hash", "pbkdf2_sha256$260000$salt$hash"},
		{"argon2i instead of argon2id", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"another version", strings.Replace(good, "v=19", "v=16", 1)},
		{"a gigantic memory cost", "$argon2id$v=19$m=99999999,t=1,p=1$" + parts[4] + "$" + parts[5]},
		{"a bad salt", "$argon2id$v=19$m=64,t=1,p=1$!!!$" + parts[5]},
		{"a short key", "$argon2id$v=19$m=64,t=1,p=1$" + parts[4] + "$AAAA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, _, err := Parse(tc.phc); !errors.Is(err, ErrFormat) {
				t.Errorf("Parse(%q) = %v; want ErrFormat", tc.phc, err)
			}
		})
	}
}

func TestDummyNeverMatchesCommonPasswords(t *testing.T) {
	d := Dummy(cheap)
	for _, pw := range []string{"", "password", "demo-password-123"} {
		if err := Check(d, pw); !errors.Is(err, ErrMismatch) {
			t.Errorf("Check(Dummy, %q) = %v; want ErrMismatch", pw, err)
		}
	}
}

// BenchmarkHashOWASP measures one argon2id hash with OWASP's parameters:
// the cost of a login, and so the bound on obtain's throughput per core.
func BenchmarkHashOWASP(b *testing.B) {
	h, _ := Hash("demo-password-123", OWASP())
	b.ReportAllocs()
	for b.Loop() {
		Check(h, "demo-password-123")
	}
}

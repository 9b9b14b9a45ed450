package drf_test

import (
	"errors"
	"strings"
	"testing"

	drf "jwtlab/lessons/18-drf"
)

func TestVerifyDjangoArgon2Refuses(t *testing.T) {
	good, err := drf.DjangoHash()
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(good, "$")
	with := func(i int, v string) string {
		g := append([]string(nil), f...)
		g[i] = v
		return strings.Join(g, "$")
	}
	tests := []struct{ name, hash string }{
		{"a PBKDF2 hash", "pbkdf2_sha256$260000$salt$hash"},
		{"argon2i, not argon2id", with(1, "argon2i")},
		{"another version", with(2, "v=16")},
		{"memory beyond the bound", with(3, "m=2000000,t=2,p=8")},
		{"no time cost", with(3, "m=102400,t=0,p=8")},
		{"a salt that is not base64", with(4, "!!")},
		{"an empty tag", with(5, "")},
		{"a field missing", strings.Join(f[:5], "$")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := drf.VerifyDjangoArgon2(tt.hash, "demo-password-123")
			if ok || !errors.Is(err, drf.ErrNotDjangoArgon2) {
				t.Errorf("VerifyDjangoArgon2(%q) = %v, %v; want false, ErrNotDjangoArgon2", tt.hash, ok, err)
			}
		})
	}
	// A changed tag is a well-formed hash of another password: false, no error.
	tampered := with(5, "AAAAAAAAAAAAAAAAAAAAAA")
	if ok, err := drf.VerifyDjangoArgon2(tampered, "demo-password-123"); ok || err != nil {
		t.Errorf("VerifyDjangoArgon2(tampered tag) = %v, %v; want false, nil", ok, err)
	}
}

func FuzzVerifyDjangoArgon2(f *testing.F) {
	f.Add("argon2$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("argon2$argon2id$v=19$m=8,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, hash string) {
		if f := strings.Split(hash, "$"); len(f) == 6 && f[3] != "m=8,t=1,p=1" {
			// Costs up to the bound are allowed, and far too slow to fuzz:
			// the fuzzer explores the parsing around one cheap setting.
			t.Skip("costly parameters")
		}
		ok, err := drf.VerifyDjangoArgon2(hash, "x")
		if ok && err != nil {
			t.Fatalf("VerifyDjangoArgon2(%q) = true, %v; want no error with true", hash, err)
		}
	})
}

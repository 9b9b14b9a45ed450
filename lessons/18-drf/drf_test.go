package drf_test

import (
	"errors"
	"strings"
	"testing"

	drf "jwtlab/lessons/18-drf"
	"jwtlab/server/password"
)

// TestDjangoHashVariants runs password.Verify, the one check the lesson
// and the server share, on variants of the hash Django made: a tampered
// hash is refused as malformed, never matched, and an argon2i hash (which
// Django 3.2 still verifies) is read rather than refused.
func TestDjangoHashVariants(t *testing.T) {
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
	tests := []struct {
		name, hash string
		want       error
	}{
		{"the hash Django made", good, nil},
		// The same salt and tag read as argon2i: well formed, and the
		// tag of another computation, so a wrong password, not an error.
		{"argon2i, which Django 3.2 verifies too", with(1, "argon2i"), password.ErrMismatch},
		{"a changed tag", with(5, "AAAAAAAAAAAAAAAAAAAAAA"), password.ErrMismatch},
		{"argon2d, which x/crypto lacks", with(1, "argon2d"), password.ErrUnsupported},
		{"another version", with(2, "v=16"), password.ErrFormat},
		{"memory beyond the bound", with(3, "m=2000000,t=2,p=8"), password.ErrFormat},
		{"no time cost", with(3, "m=102400,t=0,p=8"), password.ErrFormat},
		{"a salt that is not base64", with(4, "!!"), password.ErrFormat},
		{"an empty tag", with(5, ""), password.ErrFormat},
		{"a field missing", strings.Join(f[:5], "$"), password.ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := password.Verify(tt.hash, "demo-password-123")
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("password.Verify(%q) = %v; want %v", tt.hash, err, tt.want)
			}
		})
	}
}

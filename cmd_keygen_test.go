package main

import (
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"jwtlab/server"
)

// TestKeygen: jwtlab keygen prints one line of base64url that prod's key
// policy accepts, and a different key each time.
func TestKeygen(t *testing.T) {
	prod := server.ProdConfig()
	seen := map[string]bool{}
	for range 200 {
		code, stdout, stderr := runCLI(t, "", "keygen")
		if code != 0 || stderr != "" {
			t.Fatalf("jwtlab keygen = exit %d, stderr %q", code, stderr)
		}
		key, ok := strings.CutSuffix(stdout, "\n")
		if !ok || strings.Contains(key, "\n") {
			t.Fatalf("jwtlab keygen printed %q; want one line", stdout)
		}
		raw, err := base64.RawURLEncoding.DecodeString(key)
		if err != nil || len(raw) != keygenBytes {
			t.Fatalf("key %q decodes to %d bytes, %v; want %d bytes of base64url", key, len(raw), err, keygenBytes)
		}
		if err := prod.CheckSecret([]byte(key)); err != nil {
			t.Errorf("prod refuses a generated key %q: %v", key, err)
		}
		if seen[key] {
			t.Fatalf("jwtlab keygen printed %q twice", key)
		}
		seen[key] = true
	}
	if code, _, stderr := runCLI(t, "", "keygen", "-bytes", "16"); code != 2 || !strings.Contains(stderr, "minimum") {
		t.Errorf("jwtlab keygen -bytes 16 = exit %d, %q; want exit 2 naming the minimum", code, stderr)
	}
}

// TestKeygenBounds: -bytes is refused in one line, exit status 2, below
// prod's minimum and above the most that HMAC uses as it is; at the
// maximum the key's text just fills HS512's block.
func TestKeygenBounds(t *testing.T) {
	for _, n := range []string{"16", "97", "1000000000000", "9223372036854775807"} {
		code, stdout, stderr := runCLI(t, "", "keygen", "-bytes", n)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "-bytes "+n+" is") {
			t.Errorf("jwtlab keygen -bytes %s = exit %d, stdout %q, stderr %q; want exit 2 and one line", n, code, stdout, stderr)
		}
	}
	code, stdout, stderr := runCLI(t, "", "keygen", "-bytes", fmt.Sprint(keygenMaxBytes))
	key := strings.TrimSuffix(stdout, "\n")
	if code != 0 || len(key) != sha512.BlockSize {
		t.Errorf("jwtlab keygen -bytes %d = exit %d, %d characters (stderr %q); want 0 and %d, SHA-512's block", keygenMaxBytes, code, len(key), stderr, sha512.BlockSize)
	}
}

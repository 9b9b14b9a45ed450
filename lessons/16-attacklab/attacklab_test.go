package attacklab

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"os"
	"regexp"
	"strings"
	"testing"
)

func serverPublic(t *testing.T) *rsa.PublicKey {
	t.Helper()
	b, err := os.ReadFile("testdata/server_public.pem")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*rsa.PublicKey)
}

func tokens(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/rs256_tokens.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

// TestTestdataTokens: the two tokens the attack starts from are real RS256
// tokens from the server's key, checked by crypto/rsa, and unexpired at Now.
func TestTestdataTokens(t *testing.T) {
	pub := serverPublic(t)
	toks := tokens(t)
	if len(toks) != 2 {
		t.Fatalf("testdata has %d tokens; want 2", len(toks))
	}
	for _, tok := range toks {
		if _, err := PinnedRS256(pub)(tok); err != nil {
			t.Errorf("PinnedRS256(testdata token) = %v; want it accepted", err)
		}
	}
}

// TestEncodePKCS1v15 checks the attacker's encoding against crypto/rsa:
// a signature raised to e mod n must give exactly this number.
func TestEncodePKCS1v15(t *testing.T) {
	pub := serverPublic(t)
	for _, tok := range tokens(t) {
		in, sig, _ := cutSignature(tok)
		s, err := base64.RawURLEncoding.DecodeString(sig)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256([]byte(in))
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], s); err != nil {
			t.Fatalf("crypto/rsa refuses the testdata token: %v", err)
		}
		got := new(big.Int).Exp(new(big.Int).SetBytes(s), big.NewInt(int64(pub.E)), pub.N)
		if want := EncodePKCS1v15([]byte(in), pub.Size()); got.Cmp(want) != 0 {
			t.Errorf("s^e mod n = %x; want EncodePKCS1v15 = %x", got, want)
		}
	}
}

func TestRecoverModulusRefusesNonTokens(t *testing.T) {
	toks := tokens(t)
	for _, bad := range []string{"", "a.b", "a.b.c.d", "a.b.!!!"} {
		if _, err := RecoverModulus(bad, toks[1], 3); err == nil {
			t.Errorf("RecoverModulus(%q, ...) = nil error; want one", bad)
		}
	}
}

// TestOnlyTheExactPEMConfuses: of the four encodings, exactly the server's
// file (SPKI with its final newline) forges a token.
func TestOnlyTheExactPEMConfuses(t *testing.T) {
	file, err := os.ReadFile("testdata/server_public.pem")
	if err != nil {
		t.Fatal(err)
	}
	v, err := ConfusedVerifier(file)
	if err != nil {
		t.Fatal(err)
	}
	cands, err := PEMCandidates(serverPublic(t))
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, c := range cands {
		_, err := v(SignHS256(`{"alg":"HS256"}`, `{"token_type":"access","exp":1764547200,"user_id":1}`, c.PEM))
		if (err == nil) != (string(c.PEM) == string(file)) {
			t.Errorf("%s: ConfusedVerifier error %v; want acceptance only for the server's exact bytes", c.Name, err)
		}
		if err == nil {
			accepted++
		}
	}
	if accepted != 1 {
		t.Errorf("%d candidates forged a token; want exactly 1", accepted)
	}
}

func FuzzCrack(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiJ9.e30.AAAA")
	f.Add("a.b")
	f.Add("..")
	f.Fuzz(func(t *testing.T, tok string) {
		// Must not panic; a match needs a real HMAC.
		if key, _, ok := Crack(tok, []string{"secret"}); ok && key != "secret" {
			t.Errorf("Crack(%q) found %q, not in the list", tok, key)
		}
	})
}

// TestWeakTokenFile: the token the Try it hands to hashcat is the one
// ExampleCrack's server issues with the settings.py key.
func TestWeakTokenFile(t *testing.T) {
	settings, err := os.ReadFile("testdata/settings.py")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`SECRET_KEY = '(.*)'`).FindSubmatch(settings)
	if m == nil {
		t.Fatal("no SECRET_KEY in testdata/settings.py")
	}
	file, err := os.ReadFile("testdata/weak_token.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := SignHS256(`{"alg":"HS256","typ":"JWT"}`, `{"token_type":"access","exp":1764547200,"user_id":42}`, m[1])
	if got := strings.TrimSpace(string(file)); got != want {
		t.Errorf("testdata/weak_token.txt = %s; want %s", got, want)
	}
}

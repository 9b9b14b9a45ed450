package attacks_test

import (
	"strings"
	"testing"

	jwk "jwtlab/lessons/08-jwk"
	attacks "jwtlab/lessons/10-attacks"
	simplejwt "jwtlab/lessons/12-simplejwt"
)

// TestVulnerableVerifiersStillWork checks the other half of each lesson:
// the broken verifiers accept honest tokens too, which is why the bugs go
// unnoticed.
func TestVulnerableVerifiersStillWork(t *testing.T) {
	honest := attacks.Stolen(attacks.DemoKey)
	for name, v := range map[string]attacks.Verifier{
		"DecodeOnly":     attacks.DecodeOnly(),
		"HeaderPicksAlg": attacks.HeaderPicksAlg(attacks.DemoKey),
		"Pinned":         attacks.Pinned(attacks.DemoKey),
	} {
		if user, err := v(honest); err != nil || user != "7" {
			t.Errorf("%s(honest token) = %q, %v; want user 7", name, user, err)
		}
	}
	kidToken := attacks.SignHS256(attacks.DemoKey, `{"alg":"HS256","kid":"current","typ":"JWT"}`, attacks.Wanted())
	for name, v := range map[string]attacks.Verifier{
		"KidFromDisk": attacks.KidFromDisk(attacks.SiteFiles()),
		"KnownKids":   attacks.KnownKids(map[string][]byte{"current": attacks.DemoKey}),
	} {
		if user, err := v(kidToken); err != nil || user != "1" {
			t.Errorf("%s(token with kid current) = %q, %v; want user 1", name, user, err)
		}
	}
}

func TestSafeVerifiersRefuseEveryForgery(t *testing.T) {
	forgeries := map[string]string{
		"swapped payload": attacks.Swap(attacks.Stolen(attacks.DemoKey), attacks.Wanted()),
		"alg none":        attacks.Unsigned(attacks.Wanted()),
		"weak key":        attacks.SignHS256([]byte("your-256-bit-secret"), simplejwt.Header, attacks.Wanted()),
		"kid traversal":   attacks.SignHS256([]byte("User-agent: *\nDisallow:\n"), `{"alg":"HS256","kid":"../static/robots.txt"}`, attacks.Wanted()),
	}
	safe := map[string]attacks.Verifier{
		"Pinned":    attacks.Pinned(attacks.DemoKey),
		"KnownKids": attacks.KnownKids(map[string][]byte{"current": attacks.DemoKey}),
		"OwnKeys":   attacks.OwnKeys(jwk.Set{}),
	}
	for fname, forged := range forgeries {
		for vname, v := range safe {
			if user, err := v(forged); err == nil {
				t.Errorf("%s accepted the %s forgery as user %s", vname, fname, user)
			}
		}
	}
}

func TestCrack(t *testing.T) {
	words := attacks.Wordlist()
	if len(words) != 20 {
		t.Fatalf("Wordlist() has %d words; testdata/wordlist.txt has 20", len(words))
	}
	for _, w := range words {
		if got, _, ok := attacks.Crack(attacks.Stolen([]byte(w)), words); !ok || got != w {
			t.Errorf("Crack(token signed with %q) = %q, %v", w, got, ok)
		}
	}
	if _, _, ok := attacks.Crack("not a token", words); ok {
		t.Error("Crack(garbage) reported success")
	}
}

// FuzzDecodeOnly: even the broken verifier must not panic on garbage, and
// Crack must not either.
func FuzzDecodeOnly(f *testing.F) {
	f.Add(attacks.Stolen(attacks.DemoKey))
	f.Add(attacks.Unsigned("{}"))
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		attacks.DecodeOnly()(token)
		if secret, _, ok := attacks.Crack(token, attacks.Wordlist()); ok && !strings.Contains(strings.Join(attacks.Wordlist(), "\n"), secret) {
			t.Fatalf("Crack found %q, which is not in the list", secret)
		}
	})
}

package attacks_test

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	clock "jwtlab/lessons/05-time"
	asym "jwtlab/lessons/07-asym"
	jwk "jwtlab/lessons/08-jwk"
	attacks "jwtlab/lessons/10-attacks"
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

// TestSafeVerifiersRefuseEveryForgery: each safe verifier accepts an
// honest token signed with its own key, and refuses every forgery made
// under the same header, kid included, so the kid lookup lets it through
// and the checks after it must refuse. Only the kid traversal carries a kid
// of its own: that is the attack.
func TestSafeVerifiersRefuseEveryForgery(t *testing.T) {
	rsaKey, err := asym.PrivateKey(asym.VectorKey(asym.Vector("RS256")))
	if err != nil {
		t.Fatal(err)
	}
	rsaPublic := rsaKey.Public().(*rsa.PublicKey)
	victim, attacker := jwk.DemoKey("victim"), jwk.DemoKey("attacker")
	victimPublic, err := jwk.Public(victim)
	if err != nil {
		t.Fatal(err)
	}
	attackerPublic, err := jwk.Public(attacker)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := json.Marshal(attackerPublic)
	if err != nil {
		t.Fatal(err)
	}
	n := clock.Now
	honestClaims := fmt.Sprintf(`{"token_type":"access","exp":%d,"iat":%d,"jti":"0c4e2a","user_id":7}`, n.Add(5*time.Minute).Unix(), n.Unix())
	hs256 := func(key []byte) func(header, payload string) string {
		return func(header, payload string) string { return attacks.SignHS256(key, header, payload) }
	}
	rs256 := func(header, payload string) string {
		input := b64(header) + "." + b64(payload)
		sig, err := asym.Sign("RS256", rsaKey, input)
		if err != nil {
			t.Fatal(err)
		}
		return input + "." + sig
	}
	eddsa := func(k asym.JWK) func(header, payload string) string {
		return func(header, payload string) string {
			tok, err := attacks.SignEdDSA(k, header, payload)
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
	}
	for _, tc := range []struct {
		name string
		v    attacks.Verifier
		alg  string
		kid  string // "" for a verifier with one key: no kid in the header
		sign func(header, payload string) string
	}{
		{"Pinned", attacks.Pinned(attacks.DemoKey), "HS256", "", hs256(attacks.DemoKey)},
		{"KnownKids", attacks.KnownKids(map[string][]byte{"current": attacks.DemoKey}), "HS256", "current", hs256(attacks.DemoKey)},
		{"PinnedRS256", attacks.PinnedRS256(rsaPublic), "RS256", "", rs256},
		{"OwnKeys", attacks.OwnKeys(jwk.Set{Keys: []asym.JWK{victimPublic}}), "EdDSA", victim.Kid, eddsa(victim)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := func(alg, more string) string {
				h := fmt.Sprintf(`{"alg":%q`, alg)
				if tc.kid != "" {
					h += fmt.Sprintf(`,"kid":%q`, tc.kid)
				}
				return h + more + "}"
			}
			honest := tc.sign(header(tc.alg, ""), honestClaims)
			if user, err := tc.v(honest); err != nil || user != "7" {
				t.Fatalf("the honest token: %q, %v; want user 7", user, err)
			}
			for what, forged := range map[string]string{
				"swapped payload":      attacks.Swap(honest, attacks.Wanted()),
				"alg none":             b64(header("none", "")) + "." + b64(attacks.Wanted()) + ".",
				"weak key":             hs256([]byte("your-256-bit-secret"))(header("HS256", ""), attacks.Wanted()),
				"RSA public key as HS": hs256(attacks.PublicPEM(rsaPublic))(header("HS256", ""), attacks.Wanted()),
				"embedded jwk":         eddsa(attacker)(header("EdDSA", `,"jwk":`+string(embedded)), attacks.Wanted()),
				"kid traversal":        hs256([]byte("User-agent: *\nDisallow:\n"))(`{"alg":"HS256","kid":"../static/robots.txt"}`, attacks.Wanted()),
			} {
				if user, err := tc.v(forged); err == nil {
					t.Errorf("accepted the %s forgery as user %s", what, user)
				}
			}
		})
	}
}

// TestSafeVerifiersRefuseRespelledTokens: each safe verifier takes an
// honest token, and refuses it respelled (a line break inside its
// signature, which encoding/base64 skips even in Strict mode; unused bits
// set in its last character) and signed again under a header with "crit".
func TestSafeVerifiersRefuseRespelledTokens(t *testing.T) {
	rsaKey, err := asym.PrivateKey(asym.VectorKey(asym.Vector("RS256")))
	if err != nil {
		t.Fatal(err)
	}
	edKey := jwk.DemoKey("victim")
	edPublic, err := jwk.Public(edKey)
	if err != nil {
		t.Fatal(err)
	}
	n := clock.Now
	payload := fmt.Sprintf(`{"token_type":"access","exp":%d,"iat":%d,"user_id":1}`, n.Add(5*time.Minute).Unix(), n.Unix())
	rs256 := func(header string) string {
		input := b64(header) + "." + b64(payload)
		sig, err := asym.Sign("RS256", rsaKey, input)
		if err != nil {
			t.Fatal(err)
		}
		return input + "." + sig
	}
	eddsa := func(header string) string {
		tok, err := attacks.SignEdDSA(edKey, header, payload)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	hs256 := func(header string) string { return attacks.SignHS256(attacks.DemoKey, header, payload) }
	for _, tc := range []struct {
		name   string
		v      attacks.Verifier
		sign   func(header string) string
		header string
	}{
		{"Pinned", attacks.Pinned(attacks.DemoKey), hs256, `{"alg":"HS256","typ":"JWT"}`},
		{"KnownKids", attacks.KnownKids(map[string][]byte{"current": attacks.DemoKey}), hs256, `{"alg":"HS256","kid":"current"}`},
		{"PinnedRS256", attacks.PinnedRS256(rsaKey.Public().(*rsa.PublicKey)), rs256, `{"alg":"RS256"}`},
		{"OwnKeys", attacks.OwnKeys(jwk.Set{Keys: []asym.JWK{edPublic}}), eddsa, `{"alg":"EdDSA","kid":"` + edKey.Kid + `"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			honest := tc.sign(tc.header)
			if _, err := tc.v(honest); err != nil {
				t.Fatalf("the honest token is refused: %v", err)
			}
			withCrit := strings.Replace(tc.header, "{", `{"crit":["exp"],`, 1)
			for what, token := range map[string]string{
				"a line break in the signature": honest[:len(honest)-8] + "\r\n" + honest[len(honest)-8:],
				"the signature respelled":       respell(honest),
				"a crit header":                 tc.sign(withCrit),
			} {
				if user, err := tc.v(token); err == nil {
					t.Errorf("accepted %s as user %s", what, user)
				}
			}
		})
	}
}

// respell sets the unused low bits of a token's last character: lenient
// base64 decodes it to the same signature bytes.
func respell(token string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, token[len(token)-1])
	return token[:len(token)-1] + string(alphabet[last^1])
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

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

// BenchmarkCrack measures one pass over the wordlist against a key that is
// not in it: one HMAC per word. Divide by the word count for a guess.
func BenchmarkCrack(b *testing.B) {
	token, words := attacks.Stolen(attacks.DemoKey), attacks.Wordlist()
	for b.Loop() {
		if _, _, ok := attacks.Crack(token, words); ok {
			b.Fatal("Crack found the demo key in the wordlist")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/guess")
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

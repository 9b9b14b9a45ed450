package jose

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// wycheproofDisagreements lists the vectors where jwtlab's verdict differs
// from Wycheproof's, with the reason. The test checks that jwtlab still
// gives the verdict below, so a change of behaviour is noticed either way.
// Every other vector must get exactly Wycheproof's verdict.
var wycheproofDisagreements = []struct {
	file   string
	tcID   int
	jwtlab string // jwtlab's verdict: "valid" or "invalid"
	reason string
}{
	{"json_web_signature_test.json", 346, "invalid", "the group's key says alg PS256 but the RFC 7520 token is PS384; jwtlab enforces a JWK's alg, as the PS512 group's WrongPrimitive vectors (tcId 331-340) require"},
	{"json_web_signature_test.json", 350, "invalid", "same key/token pair as 346, with key_ops instead of use"},
	{"json_web_signature_test.json", 347, "invalid", `the group's key says alg "ES521", which is not a JWA name (ES512 is); jwtlab refuses an unknown key alg, as json_web_key_test.json's mismatchedAlgAndCurve vectors (ES521, ES224) require`},
	{"json_web_signature_test.json", 351, "invalid", "same key/token pair as 347, with key_ops instead of use"},
	{"json_web_signature_test.json", 372, "invalid", "a '?' inside the base64url header: RFC 7515 §2 allows no characters outside the alphabet, and a decoder that skips them lets many strings carry one signature"},
	{"json_web_signature_test.json", 373, "invalid", "a '?' inside the base64url payload: refused for the same reason as 372"},
	{"json_web_signature_test.json", 367, "valid", "the vector is byte for byte tcId 357 (valid): the '=' padding its name describes is not in it"},
	{"json_web_signature_test.json", 370, "valid", "the vector is byte for byte tcId 357 (valid): the '=' padding its name describes is not in it"},
}

type wycheproofFile struct {
	NumberOfTests int `json:"numberOfTests"`
	TestGroups    []struct {
		Comment string          `json:"comment"`
		Private json.RawMessage `json:"private"`
		Public  json.RawMessage `json:"public"`
		Tests   []struct {
			TcID    int      `json:"tcId"`
			Comment string   `json:"comment"`
			JWS     string   `json:"jws"`
			Result  string   `json:"result"`
			Flags   []string `json:"flags"`
		} `json:"tests"`
	} `json:"testGroups"`
}

// verdict runs one vector the way `jwtlab verify -jwks FILE TOKEN` does:
// load the key (or key set), decode strictly, verify with each key's own
// pinned algorithm.
func verdict(key json.RawMessage, jws string) (string, error) {
	keys, err := ParseKeyFile(key)
	if err != nil {
		return "invalid", fmt.Errorf("key: %w", err)
	}
	tok, err := Parse(jws)
	if err != nil {
		return "invalid", err
	}
	if _, err := Verify(tok, keys, ""); err != nil {
		return "invalid", err
	}
	return "valid", nil
}

func TestWycheproof(t *testing.T) {
	disagree := map[string]string{}
	for _, d := range wycheproofDisagreements {
		disagree[fmt.Sprintf("%s/%d", d.file, d.tcID)] = d.jwtlab
	}
	for _, file := range []string{"json_web_signature_test.json", "json_web_key_test.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "wycheproof", file))
		if err != nil {
			t.Fatal(err)
		}
		var f wycheproofFile
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		ran := 0
		for _, g := range f.TestGroups {
			key := g.Public
			if key == nil {
				key = g.Private // HMAC groups only have the secret
			}
			for _, tc := range g.Tests {
				ran++
				name := fmt.Sprintf("%s/%d", file, tc.TcID)
				want := tc.Result
				if v, ok := disagree[name]; ok {
					want = v
				}
				got, err := verdict(key, tc.JWS)
				if got != want {
					t.Errorf("%s (%s, %s %v): jwtlab says %s (%v); want %s", name, g.Comment, tc.Comment, tc.Flags, got, err, want)
				}
			}
		}
		if ran != f.NumberOfTests {
			t.Errorf("%s: ran %d vectors; the file declares %d", file, ran, f.NumberOfTests)
		}
		t.Logf("%s: %d vectors", file, ran)
	}
}

func TestRFC8037Ed25519(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "rfc8037.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			KeyJWK  json.RawMessage `json:"key_jwk"`
			Compact string          `json:"compact"`
			Payload string          `json:"payload"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, v := range f.Vectors {
		k, err := ParseJWK(v.KeyJWK)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := Parse(v.Compact)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(tok, []*Key{k}, "EdDSA"); err != nil {
			t.Errorf("Verify(RFC 8037 A.4) = %v; want nil", err)
		}
		if string(tok.Payload) != v.Payload {
			t.Errorf("payload = %q; want %q", tok.Payload, v.Payload)
		}
		// Ed25519 is deterministic, so signing the same input must give the
		// RFC's signature; Sign adds "typ", so compare the raw signature.
		sig, err := signInput(algorithms["EdDSA"], k, []byte(tok.SigningInput()))
		if err != nil || EncodeSegment(sig) != tok.Segments[2] {
			t.Errorf("signInput(EdDSA) = %s, %v; want %s", EncodeSegment(sig), err, tok.Segments[2])
		}
	}
}

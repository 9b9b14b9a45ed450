package jose

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"jwtlab/internal/jose/josetest"
)

// issued is when the recorded simplejwt tokens were minted (their iat).
var issued = josetest.Issued

func TestParseSimplejwtAccess(t *testing.T) {
	s := josetest.Simplejwt()
	tok, err := Parse(Clean("  Bearer " + s.Tokens["ACCESS"] + "\n"))
	if err != nil {
		t.Fatalf("Parse(ACCESS) = %v", err)
	}
	if got, want := string(tok.HeaderJSON), `{"alg":"HS256","typ":"JWT"}`; got != want {
		t.Errorf("header = %s; want %s", got, want)
	}
	var names []string
	for _, c := range tok.Claims {
		names = append(names, c.Name)
	}
	if got, want := strings.Join(names, ","), "token_type,exp,iat,jti,user_id"; got != want {
		t.Errorf("claim order = %s; want %s", got, want)
	}
	exp, ok, err := tok.NumericDate("exp")
	if !ok || err != nil || !exp.Equal(issued.Add(5*time.Minute)) {
		t.Errorf("exp = %v, %v, %v; want %v", exp, ok, err, issued.Add(5*time.Minute))
	}
	if _, err := Verify(tok, []*Key{Secret(s.SigningKey)}, "HS256"); err != nil {
		t.Errorf("Verify(ACCESS, demo key) = %v; want nil", err)
	}
	if _, err := Verify(tok, []*Key{Secret("not-the-key-but-long-enough-for-hs256")}, "HS256"); !errors.Is(err, ErrSignature) {
		t.Errorf("Verify(ACCESS, wrong key) = %v; want ErrSignature", err)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"an empty string", "", "empty input"},
		{"two segments", "eyJhbGciOiJIUzI1NiJ9.e30", "2 segment(s)"},
		{"a JWE", "a.b.c.d.e", "encrypted JWE"},
		{"padding", "eyJhbGciOiJIUzI1NiJ9.e30=.", "'='"},
		{"a line break inside", "eyJhbGciOiJI\nUzI1NiJ9.e30.", `'\n'`},
		{"a header that is not JSON", "aGVsbG8.e30.", "not a JSON object"},
		{"a header without alg", "e30.e30.", `no "alg"`},
		{"stray bits", "eyJhbGciOiJIUzI1NiJ9.e31.", "not canonical"},
		{"JSON serialization", `{"payload":"e30"}`, "JSON serialization"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.in)
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q) = %v; want ErrMalformed mentioning %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestParseKeepsNonJSONPayload(t *testing.T) {
	tok, err := Parse("eyJhbGciOiJIUzI1NiJ9.aGVsbG8.")
	if err != nil {
		t.Fatal(err)
	}
	if tok.PayloadIsJSON() || string(tok.Payload) != "hello" {
		t.Errorf("payload = %q, JSON %v; want hello, not JSON", tok.Payload, tok.PayloadIsJSON())
	}
}

var (
	testKeysOnce sync.Once
	testKeys     map[string]*Key
)

// privateKeys makes one private key per family, once (RSA generation is slow).
func privateKeys(tb testing.TB) map[string]*Key {
	tb.Helper()
	testKeysOnce.Do(func() {
		r, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		testKeys = map[string]*Key{"hmac": {Secret: []byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")}}
		testKeys["rsa"] = &Key{Public: &r.PublicKey, Private: r}
		for name, c := range map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()} {
			e, _ := ecdsa.GenerateKey(c, rand.Reader)
			testKeys[name] = &Key{Public: &e.PublicKey, Private: e}
		}
		pub, priv, _ := ed25519.GenerateKey(rand.Reader)
		testKeys["ed25519"] = &Key{Public: pub, Private: priv}
	})
	return testKeys
}

func TestSignVerifyEveryAlgorithm(t *testing.T) {
	keys := privateKeys(t)
	keyFor := map[string]string{"HS256": "hmac", "HS384": "hmac", "HS512": "hmac", "RS256": "rsa", "RS384": "rsa", "RS512": "rsa",
		"PS256": "rsa", "PS384": "rsa", "PS512": "rsa", "ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "EdDSA": "ed25519"}
	for _, alg := range AlgorithmNames() {
		t.Run(alg, func(t *testing.T) {
			k := keys[keyFor[alg]]
			s, err := Sign(alg, k, []byte(`{"sub": "alice", "n": 1}`))
			if err != nil {
				t.Fatalf("Sign(%s) = %v", alg, err)
			}
			tok, err := Parse(s)
			if err != nil {
				t.Fatal(err)
			}
			if string(tok.Payload) != `{"sub":"alice","n":1}` {
				t.Errorf("payload = %s; want compact JSON in the given order", tok.Payload)
			}
			if _, err := Verify(tok, []*Key{{Secret: k.Secret, Public: k.Public}}, alg); err != nil {
				t.Errorf("Verify(Sign(%s)) = %v; want nil", alg, err)
			}
			// One changed payload byte must break it.
			tampered := *tok
			tampered.Segments[1] = EncodeSegment([]byte(`{"sub":"mallory","n":1}`))
			if _, err := Verify(&tampered, []*Key{k}, alg); !errors.Is(err, ErrSignature) {
				t.Errorf("Verify(tampered %s) = %v; want ErrSignature", alg, err)
			}
		})
	}
}

func TestVerifyExplainsMismatches(t *testing.T) {
	keys := privateKeys(t)
	rsaPub := &Key{Public: keys["rsa"].Public}
	hs, _ := Sign("HS256", keys["hmac"], []byte(`{}`))
	rs, _ := Sign("RS256", keys["rsa"], []byte(`{}`))
	es, _ := Sign("ES256", keys["P-256"], []byte(`{}`))
	hs512, _ := Sign("HS512", keys["hmac"], []byte(`{}`))
	for _, tc := range []struct {
		name  string
		token string
		key   *Key
		alg   string
		err   error
		words string
	}{
		{"an HMAC token with an RSA public key", hs, rsaPub, "HS256", ErrKeyMismatch, "algorithm-confusion"},
		{"an RSA token with a secret", rs, Secret("s"), "RS256", ErrKeyMismatch, "shared secret cannot check"},
		{"an ES256 token with a P-384 key", es, keys["P-384"], "ES256", ErrKeyMismatch, "curve P-256"},
		{"an HS512 token pinned to HS256", hs512, keys["hmac"], "HS256", ErrAlgMismatch, `pinned to "HS256"`},
		{"an RSA token with an EC key", rs, keys["P-256"], "RS256", ErrKeyMismatch, "RSA public key"},
		{"an ES256 token with a secret and no pinned alg", es, Secret("s"), "", ErrKeyMismatch, "shared secret cannot check"},
		{"an HS512 token with a secret and no pinned alg", hs512, keys["hmac"], "", ErrAlgMismatch, `pinned to "HS256"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Parse(tc.token)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Verify(tok, []*Key{tc.key}, tc.alg)
			if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.words) {
				t.Errorf("Verify = %v; want %v explaining %q", err, tc.err, tc.words)
			}
		})
	}
}

func TestJWKSRefusesDuplicateKid(t *testing.T) {
	set := `{"keys":[{"kty":"oct","kid":"a","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"},{"kty":"oct","kid":"a","k":"AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}]}`
	if _, err := ParseJWKS([]byte(set)); !errors.Is(err, ErrKeyAmbiguous) {
		t.Errorf("ParseJWKS(duplicate kid) = %v; want ErrKeyAmbiguous", err)
	}
}

func TestShortHMACKeys(t *testing.T) {
	hs512, _ := Sign("HS512", privateKeys(t)["hmac"], []byte(`{}`))
	tok, _ := Parse(hs512)
	// A JWK without "alg" is held to the hash size once the algorithm is known.
	jwk, err := ParseJWK([]byte(`{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(tok, []*Key{jwk}, "HS512"); !errors.Is(err, ErrKeyRefused) {
		t.Errorf("Verify(HS512, 32-byte JWK) = %v; want ErrKeyRefused", err)
	}
	// A typed secret is used as given, and Check says it is short.
	if _, err := Verify(tok, []*Key{Secret("short")}, "HS512"); !errors.Is(err, ErrSignature) {
		t.Errorf("Verify(HS512, typed short secret) = %v; want ErrSignature", err)
	}
}

func TestParsePEMPublicAndPrivate(t *testing.T) {
	k := privateKeys(t)["P-256"]
	der, _ := x509.MarshalPKIXPublicKey(k.Public)
	pub, err := ParseKeyFile(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if err != nil || pub[0].Kind() != "EC P-256 public key" || pub[0].PinnedAlg() != "ES256" {
		t.Fatalf("ParseKeyFile(PUBLIC KEY) = %v, %v", pub, err)
	}
	der, _ = x509.MarshalPKCS8PrivateKey(k.Private)
	priv, err := ParseKeyFile(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil || priv[0].Private == nil {
		t.Fatalf("ParseKeyFile(PRIVATE KEY) = %v, %v", priv, err)
	}
	s, err := Sign("ES256", priv[0], []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := Parse(s)
	if _, err := Verify(tok, pub, ""); err != nil {
		t.Errorf("Verify(PEM-signed ES256, PEM public key) = %v", err)
	}
	if _, err := Sign("ES256", pub[0], []byte(`{}`)); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("Sign with a public key = %v; want ErrKeyMismatch", err)
	}
}

func TestCheckWarnings(t *testing.T) {
	s := josetest.Simplejwt()
	hmacKey := &Key{Secret: []byte("0123456789abcdef0123456789abcdef")}
	mint := func(header, payload string) *Token {
		t.Helper()
		in := EncodeSegment([]byte(header)) + "." + EncodeSegment([]byte(payload))
		tok, err := Parse(in + "." + EncodeSegment(MAC(algorithms["HS256"], hmacKey.Secret, []byte(in))))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	parse := func(name string) *Token {
		t.Helper()
		tok, err := Parse(s.Tokens[name])
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	now := issued.Add(time.Minute)
	hs := `{"alg":"HS256"}`
	good := `{"token_type":"access","iat":1795902655,"exp":1795902955}`
	for _, tc := range []struct {
		name string
		tok  *Token
		keys []*Key
		want string // the code expected
	}{
		{"alg none", parse("ALG_NONE_REFRESH"), nil, WarnAlgNone},
		{"the simplejwt demo key", parse("ACCESS"), nil, WarnWeakSecret},
		{"a typed secret shorter than the hash", parse("HS512_REFRESH"), []*Key{Secret(s.SigningKey)}, WarnShortSecret},
		{"no exp", parse("NO_EXP_REFRESH"), nil, WarnNoExp},
		{"an iat in the future", parse("FUTURE_IAT_REFRESH"), nil, WarnIatFuture},
		{"an expired token", parse("EXPIRED_ACCESS"), nil, WarnExpired},
		{"a week-long access token", mint(hs, `{"iat":1795902655,"exp":1796507455}`), nil, WarnLongLifetime},
		{"an nbf in the future", mint(hs, `{"exp":1795902955,"nbf":1795902900}`), nil, WarnNbfFuture},
		{"a jku header", mint(`{"alg":"HS256","jku":"https://evil.example/jwks"}`, good), nil, WarnJkuHeader},
		{"a jwk header", mint(`{"alg":"HS256","jwk":{"kty":"oct"}}`, good), nil, WarnJwkHeader},
		{"an x5u header", mint(`{"alg":"HS256","x5u":"https://evil.example/c"}`, good), nil, WarnX5uHeader},
		{"a kid walking the file system", mint(`{"alg":"HS256","kid":"../../dev/null"}`, good), nil, WarnKidPath},
		{"a kid carrying SQL", mint(`{"alg":"HS256","kid":"x' UNION SELECT 'key"}`, good), nil, WarnKidSQL},
		{"a NumericDate in milliseconds", mint(hs, `{"exp":1795902955000}`), nil, WarnBadNumericDate},
		{"a non-JSON payload", mint(hs, `hello`), nil, WarnPayloadNotJSON},
		{"a crit header", mint(`{"alg":"HS256","crit":["urn:x"],"urn:x":1}`, good), nil, WarnCrit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := Check(tc.tok, now, tc.keys...)
			if !HasCode(ws, tc.want) {
				t.Errorf("Check = %v; want code %s", ws, tc.want)
			}
		})
	}
	t.Run("a crit header does not verify", func(t *testing.T) {
		tok := mint(`{"alg":"HS256","crit":["urn:x"],"urn:x":1}`, good)
		if _, err := Verify(tok, []*Key{hmacKey}, "HS256"); !errors.Is(err, ErrCritical) {
			t.Errorf("Verify(crit, the signing key) = %v; want ErrCritical (RFC 7515 §4.1.11)", err)
		}
	})
	t.Run("a clean token has no warnings", func(t *testing.T) {
		if ws := Check(mint(hs, good), now); len(ws) != 0 {
			t.Errorf("Check(clean) = %v; want none", ws)
		}
	})
}

func TestCheckClaims(t *testing.T) {
	s := josetest.Simplejwt()
	tok, _ := Parse(s.Tokens["ACCESS"])
	if errs := CheckClaims(tok, issued.Add(time.Minute), 0); errs != nil {
		t.Errorf("CheckClaims(fresh) = %v; want none", errs)
	}
	errs := CheckClaims(tok, issued.Add(3*time.Hour+5*time.Minute), 0)
	if len(errs) != 1 || !errors.Is(errs[0], ErrExpired) || !strings.Contains(errs[0].Error(), "expired 3h ago") {
		t.Errorf("CheckClaims(3h after exp) = %v; want one ErrExpired saying expired 3h ago", errs)
	}
}

func TestFetchJWKS(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"keys":[{"kty":"oct","kid":"k1","alg":"HS256","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}]}`))
	}))
	defer srv.Close()
	keys, err := FetchJWKS(context.Background(), srv.URL+"/.well-known/jwks.json")
	if err != nil || len(keys) != 1 || keys[0].Kid != "k1" {
		t.Fatalf("FetchJWKS(loopback) = %v, %v; want one key k1", keys, err)
	}
	for _, u := range []string{"http://example.com/jwks.json", "http://10.0.0.1/jwks.json", "file:///etc/passwd"} {
		if _, err := FetchJWKS(context.Background(), u); err == nil {
			t.Errorf("FetchJWKS(%q) = nil; want a refusal", u)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1fQ.PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q")
	f.Add("eyJhbGciOiJub25lIn0.aGVsbG8.")
	f.Add("Bearer a.b.c")
	f.Add("{}")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := Parse(Clean(s))
		if err != nil {
			return
		}
		// A decoded token must re-encode to exactly its input: the decoder
		// is strict, so no two strings share one decoding.
		re := EncodeSegment(tok.HeaderJSON) + "." + EncodeSegment(tok.Payload) + "." + EncodeSegment(tok.Signature)
		if re != tok.Raw {
			t.Errorf("re-encoded %q; want %q", re, tok.Raw)
		}
		Check(tok, issued)
		CheckClaims(tok, issued, 0)
		Verify(tok, []*Key{Secret("k")}, "HS256")
	})
}

// BenchmarkVerify measures decoding plus verification per family, the work
// the inspector redoes on every key change.
func BenchmarkVerify(b *testing.B) {
	keys := privateKeys(b)
	for _, tc := range []struct{ alg, key string }{{"HS256", "hmac"}, {"RS256", "rsa"}, {"PS256", "rsa"}, {"ES256", "P-256"}, {"EdDSA", "ed25519"}} {
		s, err := Sign(tc.alg, keys[tc.key], []byte(`{"sub":"alice","exp":1795902955}`))
		if err != nil {
			b.Fatal(err)
		}
		ks := []*Key{{Secret: keys[tc.key].Secret, Public: keys[tc.key].Public}}
		b.Run(tc.alg, func(b *testing.B) {
			for b.Loop() {
				tok, err := Parse(s)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Verify(tok, ks, tc.alg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheck measures the warnings, including the weak-secret
// dictionary (one HMAC per entry).
func BenchmarkCheck(b *testing.B) {
	tok, err := Parse("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1LCJpYXQiOjE3OTU5MDI2NTUsImp0aSI6IjMyYTVjYzVkZWU0MzQyZTk4MTMzZDA4MWYzZDRmNjk0IiwidXNlcl9pZCI6MX0.PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Check(tok, issued)
	}
}

// TestHeaderIsSimplejwts: the header jwtlab mints without a kid is the one
// recorded from simplejwt, byte for byte.
func TestHeaderIsSimplejwts(t *testing.T) {
	s := josetest.Simplejwt()
	want, _, _ := strings.Cut(s.Tokens["ACCESS"], ".")
	if got := Header("HS256", ""); got != want {
		t.Errorf(`Header("HS256", "") = %q; want simplejwt's %q`, got, want)
	}
	tok, err := Sign("HS256", Secret(s.SigningKey), []byte(`{}`))
	if err != nil || !strings.HasPrefix(tok, want+".") {
		t.Errorf("Sign = %q, %v; want simplejwt's header %q", tok, err, want)
	}
	k, _ := privateKeys(t)["ed25519"].Pin()
	signer, err := NewSigner(k, "")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := DecodeSegment(signer.HeaderSegment())
	if want := `{"alg":"EdDSA","kid":"` + k.Kid + `","typ":"JWT"}`; string(h) != want {
		t.Errorf("header of a key with a kid = %s; want %s", h, want)
	}
}

// TestSecretKind: a secret's kind counts its bytes in words that agree.
func TestSecretKind(t *testing.T) {
	for s, want := range map[string]string{"k": "HMAC secret (1 byte)", "ke": "HMAC secret (2 bytes)"} {
		if got := Secret(s).Kind(); got != want {
			t.Errorf("Secret(%q).Kind() = %q; want %q", s, got, want)
		}
	}
}

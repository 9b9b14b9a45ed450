package jose

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"testing"
	"time"
)

// makeJWE encrypts claims as RFC 7516 §5.1 does with alg "dir" and enc
// "A256GCM": the AAD is the base64url protected header.
func makeJWE(t *testing.T, header, claims string) string {
	t.Helper()
	block, err := aes.NewCipher([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	iv := []byte("fixed-iv-12b")
	h := EncodeSegment([]byte(header))
	out := gcm.Seal(nil, iv, []byte(claims), []byte(h))
	ct, tag := out[:len(out)-gcm.Overhead()], out[len(out)-gcm.Overhead():]
	return h + ".." + EncodeSegment(iv) + "." + EncodeSegment(ct) + "." + EncodeSegment(tag)
}

func TestDecodeJWE(t *testing.T) {
	claims := `{"sub":"alice","exp":1795902955}`
	raw := makeJWE(t, `{"alg":"dir","enc":"A256GCM","kid":"enc-key-1"}`, claims)
	if _, err := Parse(raw); !errors.Is(err, ErrMalformed) {
		t.Errorf("Parse(JWE) = %v; want ErrMalformed: a verifier's parser takes only a JWS", err)
	}
	tok, err := Decode(raw)
	if err != nil {
		t.Fatalf("Decode(JWE) = %v", err)
	}
	if tok.JWE == nil || tok.Alg() != "dir" || tok.Enc() != "A256GCM" || tok.HeaderString("kid") != "enc-key-1" {
		t.Errorf("Decode(JWE): JWE %v, alg %q, enc %q, kid %q; want dir, A256GCM, enc-key-1", tok.JWE != nil, tok.Alg(), tok.Enc(), tok.HeaderString("kid"))
	}
	if j := tok.JWE; len(j.EncryptedKey) != 0 || len(j.IV) != 12 || len(j.Ciphertext) != len(claims) || len(j.Tag) != 16 {
		t.Errorf("JWE parts: key %d, IV %d, ciphertext %d, tag %d bytes; want 0, 12, %d, 16", len(j.EncryptedKey), len(j.IV), len(j.Ciphertext), len(j.Tag), len(claims))
	}
	if tok.Claims != nil {
		t.Errorf("a JWE's claims are encrypted; got %v", tok.Claims)
	}
	if _, err := Verify(tok, []*Key{Secret("0123456789abcdef0123456789abcdef")}, "HS256"); !errors.Is(err, ErrEncrypted) {
		t.Errorf("Verify(JWE) = %v; want ErrEncrypted", err)
	}
	if ws := Check(tok, time.Unix(1795902000, 0)); HasCode(ws, WarnPayloadNotJSON) || HasCode(ws, WarnNoExp) {
		t.Errorf("Check(JWE) = %v; the claims cannot be seen, so no claim warnings", ws)
	}
	// In a JWE, jwk names the recipient key it was encrypted to: no
	// verification key comes from it, so it draws no jwk-header warning.
	withJWK, err := Decode(makeJWE(t, `{"alg":"dir","enc":"A256GCM","jwk":{"kty":"oct"},"jku":"https://a.example/k"}`, claims))
	if err != nil {
		t.Fatal(err)
	}
	if ws := Check(withJWK, time.Unix(1795902000, 0)); HasCode(ws, WarnJwkHeader) || HasCode(ws, WarnJkuHeader) {
		t.Errorf("Check(JWE with jwk and jku) = %v; want no key-header warnings", ws)
	}
	for _, bad := range []string{
		makeJWE(t, `{"alg":"dir"}`, claims),     // no enc
		makeJWE(t, `{"enc":"A256GCM"}`, claims), // no alg
		raw + "=",                               // padding
	} {
		if _, err := Decode(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("Decode(%q) = %v; want ErrMalformed", bad, err)
		}
	}
}

func TestNested(t *testing.T) {
	inner, err := Sign("HS256", Secret("0123456789abcdef0123456789abcdef"), []byte(`{"sub":"alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, cty string
		want      bool
	}{
		{"cty JWT", "JWT", true},
		{"any letter case, with application/", "application/jwt", true},
		{"no cty", "", false},
		{"another content type", "json", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := []Claim{{Name: "typ", Value: []byte(`"JWT"`)}}
			if tc.cty != "" {
				header = append(header, Claim{Name: "cty", Value: []byte(`"` + tc.cty + `"`)})
			}
			s, err := NewSignerHeader(Secret("0123456789abcdef0123456789abcdef"), "HS256", header)
			if err != nil {
				t.Fatal(err)
			}
			outer, err := s.Sign([]byte(inner))
			if err != nil {
				t.Fatal(err)
			}
			tok, err := Parse(outer)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := tok.Nested()
			if ok != tc.want || (ok && got != inner) {
				t.Errorf("Nested() = %q, %v; want %v", got, ok, tc.want)
			}
		})
	}
}

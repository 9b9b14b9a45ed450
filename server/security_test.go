package server_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jwtlab/internal/jose"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

var fixedNow = time.Unix(1795902660, 0)

func fixedClock() time.Time { return fixedNow }

// accessClaims are a valid simplejwt access token's claims at fixedNow.
func accessClaims() jwt.MapClaims {
	return jwt.MapClaims{"token_type": "access", "exp": fixedNow.Add(5 * time.Minute).Unix(),
		"iat": fixedNow.Unix(), "jti": "0123456789abcdef0123456789abcdef", "user_id": 1}
}

// sign signs claims with the given method, key and extra header fields.
func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.MapClaims, header map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, c)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unsigned builds header.payload. with any alg, as an attacker would.
func unsigned(t *testing.T, header map[string]any, c jwt.MapClaims) string {
	t.Helper()
	h, _ := json.Marshal(header)
	p, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p) + "."
}

// getMe calls GET /api/me/ with the token and returns status and body.
func getMe(t *testing.T, base, token string) (int, string) {
	t.Helper()
	return send(t, http.MethodGet, base+"/api/me/", "", token)
}

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	return postJSON(t, url, body, "")
}

const demoKey = servertest.SigningKey

func TestRejectsForgedAndMisusedTokens(t *testing.T) {
	s := servertest.Start(t, servertest.WithClock(fixedClock))
	refresh := accessClaims()
	refresh["token_type"] = "refresh"
	noExp := accessClaims()
	delete(noExp, "exp")
	futureIat := accessClaims()
	futureIat["iat"] = fixedNow.Add(time.Hour).Unix()
	futureNbf := accessClaims()
	futureNbf["nbf"] = fixedNow.Add(time.Hour).Unix()
	expired := accessClaims()
	expired["exp"] = fixedNow.Add(-time.Second).Unix()
	for _, tc := range []struct {
		name, token, message string
	}{
		{"alg none", unsigned(t, map[string]any{"alg": "none", "typ": "JWT"}, accessClaims()), "Token is invalid or expired"},
		{"alg None", unsigned(t, map[string]any{"alg": "None", "typ": "JWT"}, accessClaims()), "Token is invalid or expired"},
		{"alg NONE", unsigned(t, map[string]any{"alg": "NONE", "typ": "JWT"}, accessClaims()), "Token is invalid or expired"},
		{"alg nOnE", unsigned(t, map[string]any{"alg": "nOnE", "typ": "JWT"}, accessClaims()), "Token is invalid or expired"},
		{"HS512 with the right secret", sign(t, jwt.SigningMethodHS512, []byte(demoKey), accessClaims(), nil), "Token is invalid or expired"},
		{"HS256 with another secret", sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-32"), accessClaims(), nil), "Token is invalid or expired"},
		{"a kid that is a path", sign(t, jwt.SigningMethodHS256, []byte(""), accessClaims(), map[string]any{"kid": "../../../../../../dev/null"}), "Token is invalid or expired"},
		{"a kid that is SQL", sign(t, jwt.SigningMethodHS256, []byte(demoKey), accessClaims(), map[string]any{"kid": "x' UNION SELECT 'secret"}), "Token is invalid or expired"},
		{"a kid that is a number", sign(t, jwt.SigningMethodHS256, []byte(demoKey), accessClaims(), map[string]any{"kid": 7}), "Token is invalid or expired"},
		{"a refresh token", sign(t, jwt.SigningMethodHS256, []byte(demoKey), refresh, nil), "Token has wrong type"},
		{"no exp", sign(t, jwt.SigningMethodHS256, []byte(demoKey), noExp, nil), "Token has no 'exp' claim"},
		{"iat in the future", sign(t, jwt.SigningMethodHS256, []byte(demoKey), futureIat, nil), "Token is invalid or expired"},
		{"nbf in the future", sign(t, jwt.SigningMethodHS256, []byte(demoKey), futureNbf, nil), "Token is invalid or expired"},
		{"expired a second ago", sign(t, jwt.SigningMethodHS256, []byte(demoKey), expired, nil), "Token is invalid or expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := getMe(t, s.URL, tc.token)
			want := `"message":"` + tc.message + `"`
			if code != 401 || !strings.Contains(body, want) {
				t.Errorf("GET /api/me/ with %s = %d %s; want 401 with %s", tc.name, code, body, want)
			}
		})
	}
	t.Run("the control token is accepted", func(t *testing.T) {
		if code, body := getMe(t, s.URL, sign(t, jwt.SigningMethodHS256, []byte(demoKey), accessClaims(), nil)); code != 200 {
			t.Errorf("GET /api/me/ with a good token = %d %s; want 200", code, body)
		}
	})
	t.Run("an access token is not a refresh token", func(t *testing.T) {
		tok := sign(t, jwt.SigningMethodHS256, []byte(demoKey), accessClaims(), nil)
		code, body := post(t, s.URL+"/api/token/refresh/", `{"refresh":"`+tok+`"}`)
		if code != 401 || !strings.Contains(body, "Token has wrong type") {
			t.Errorf("refresh with an access token = %d %s; want 401 Token has wrong type", code, body)
		}
	})
}

func TestLeeway(t *testing.T) {
	cfg := server.DevConfig()
	cfg.Leeway = 10 * time.Second
	s := servertest.Start(t, servertest.WithConfig(cfg), servertest.WithClock(fixedClock))
	c := accessClaims()
	c["exp"] = fixedNow.Add(-5 * time.Second).Unix()
	if code, body := getMe(t, s.URL, sign(t, jwt.SigningMethodHS256, []byte(demoKey), c, nil)); code != 200 {
		t.Errorf("token expired 5 s ago with 10 s leeway = %d %s; want 200", code, body)
	}
	c["exp"] = fixedNow.Add(-15 * time.Second).Unix()
	if code, _ := getMe(t, s.URL, sign(t, jwt.SigningMethodHS256, []byte(demoKey), c, nil)); code != 401 {
		t.Errorf("token expired 15 s ago with 10 s leeway = %d; want 401", code)
	}
}

func TestIssuerAndAudience(t *testing.T) {
	cfg := server.DevConfig()
	cfg.Issuer, cfg.Audience = "https://auth.example", "api"
	s := servertest.Start(t, servertest.WithConfig(cfg), servertest.WithClock(fixedClock))
	with := func(iss, aud any) string {
		c := accessClaims()
		if iss != nil {
			c["iss"] = iss
		}
		if aud != nil {
			c["aud"] = aud
		}
		return sign(t, jwt.SigningMethodHS256, []byte(demoKey), c, nil)
	}
	for _, tc := range []struct {
		name     string
		token    string
		wantCode int
	}{
		{"right iss and aud", with("https://auth.example", "api"), 200},
		{"aud in a list", with("https://auth.example", []string{"other", "api"}), 200},
		{"no iss", with(nil, "api"), 401},
		{"wrong iss", with("https://evil.example", "api"), 401},
		{"no aud", with("https://auth.example", nil), 401},
		{"wrong aud", with("https://auth.example", "other"), 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := getMe(t, s.URL, tc.token); code != tc.wantCode {
				t.Errorf("GET /api/me/ with %s = %d %s; want %d", tc.name, code, body, tc.wantCode)
			}
		})
	}
	t.Run("minted tokens carry iss and aud after simplejwt's claims", func(t *testing.T) {
		_, body := post(t, s.URL+"/api/token/", `{"username":"demo","password":"demo-password-123"}`)
		var pair struct{ Access string }
		json.Unmarshal([]byte(body), &pair)
		payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(pair.Access, ".")[1])
		if !strings.HasSuffix(string(payload), `"user_id":1,"aud":"api","iss":"https://auth.example"}`) {
			t.Errorf("payload %s; want aud then iss after user_id", payload)
		}
	})
}

func rsaKeys(t *testing.T) (*rsa.PrivateKey, *jose.Key) {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return priv, pemKey(t, priv)
}

// pemKey loads priv as serve -key-file would, pinned as NewKeys pins it,
// so the test knows the kid and alg the server will use.
func pemKey(t *testing.T, priv any) *jose.Key {
	t.Helper()
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	k, err := jose.ParsePEM(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err == nil {
		k, err = k.Pin()
	}
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestAlgorithmConfusion is the RS256 -> HS256 attack: the attacker
// HMAC-signs a token with the server's published RSA public key as the
// secret. A verifier that lets the header choose the algorithm accepts it.
func TestAlgorithmConfusion(t *testing.T) {
	priv, k := rsaKeys(t)
	keys, _ := server.NewKeys(k)
	s := servertest.Start(t, servertest.WithKeys(keys), servertest.WithClock(fixedClock))
	pubDER, _ := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	for _, tc := range []struct {
		name   string
		secret []byte
		header map[string]any
	}{
		{"PEM public key as secret, with the kid", pubPEM, map[string]any{"kid": k.Kid}},
		{"PEM public key as secret, no kid", pubPEM, nil},
		{"DER public key as secret, with the kid", pubDER, map[string]any{"kid": k.Kid}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := sign(t, jwt.SigningMethodHS256, tc.secret, accessClaims(), tc.header)
			if code, body := getMe(t, s.URL, tok); code != 401 {
				t.Errorf("HS256 token signed with the RSA public key = %d %s; want 401", code, body)
			}
		})
	}
	t.Run("the real RS256 token is accepted", func(t *testing.T) {
		tok := sign(t, jwt.SigningMethodRS256, priv, accessClaims(), map[string]any{"kid": k.Kid})
		if code, body := getMe(t, s.URL, tok); code != 200 {
			t.Errorf("RS256 token = %d %s; want 200", code, body)
		}
	})
}

// TestEmbeddedKeysIgnored: a token that brings its own key (jwk), or
// says where to fetch one (jku, x5u), or carries a certificate (x5c), is
// checked against our keys only, and nothing is fetched.
func TestEmbeddedKeysIgnored(t *testing.T) {
	_, k := rsaKeys(t)
	keys, _ := server.NewKeys(k)
	s := servertest.Start(t, servertest.WithKeys(keys), servertest.WithClock(fixedClock))
	var fetched atomic.Int32
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fetched.Add(1) }))
	defer attacker.Close()
	evil, _ := rsa.GenerateKey(rand.Reader, 2048)
	n := base64.RawURLEncoding.EncodeToString(evil.N.Bytes())
	for _, h := range []map[string]any{
		{"jwk": map[string]any{"kty": "RSA", "n": n, "e": "AQAB"}},
		{"jku": attacker.URL + "/jwks.json", "kid": "evil"},
		{"x5u": attacker.URL + "/cert.pem"},
		{"x5c": []string{base64.StdEncoding.EncodeToString([]byte("not a cert"))}},
		{"jwk": map[string]any{"kty": "RSA", "n": n, "e": "AQAB"}, "kid": k.Kid},
	} {
		name, _ := json.Marshal(h)
		t.Run(string(name), func(t *testing.T) {
			tok := sign(t, jwt.SigningMethodRS256, evil, accessClaims(), h)
			if code, body := getMe(t, s.URL, tok); code != 401 {
				t.Errorf("token with header %s = %d %s; want 401", name, code, body)
			}
		})
	}
	if n := fetched.Load(); n != 0 {
		t.Errorf("the server fetched the attacker's URL %d times; want never", n)
	}
}

// TestAsymmetricKeysAndRotation signs with each key type, publishes the
// keys in the JWKS, and shows a retired key keeps verifying while a new
// one signs.
func TestAsymmetricKeysAndRotation(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	_, rk := rsaKeys(t)
	ks := []*jose.Key{pemKey(t, ec), pemKey(t, ed), rk}
	wantAlg := []string{"ES256", "EdDSA", "RS256"}
	var tokens []string
	for i, k := range ks {
		if k.Alg != wantAlg[i] {
			t.Errorf("key %d alg = %s; want %s", i, k.Alg, wantAlg[i])
		}
		keys, _ := server.NewKeys(k)
		s := servertest.Start(t, servertest.WithKeys(keys))
		_, body := post(t, s.URL+"/api/token/", `{"username":"demo","password":"demo-password-123"}`)
		var pair struct{ Access string }
		json.Unmarshal([]byte(body), &pair)
		if code, body := getMe(t, s.URL, pair.Access); code != 200 {
			t.Fatalf("%s: GET /api/me/ with our own token = %d %s", k.Alg, code, body)
		}
		header, _ := base64.RawURLEncoding.DecodeString(strings.Split(pair.Access, ".")[0])
		if want := `{"alg":"` + k.Alg + `","kid":"` + k.Kid + `","typ":"JWT"}`; string(header) != want {
			t.Errorf("header = %s; want %s", header, want)
		}
		tokens = append(tokens, pair.Access)
	}
	// The new key (RSA) signs; the old ones only verify.
	keys, err := server.NewKeys(ks[2], ks[0], ks[1])
	if err != nil {
		t.Fatal(err)
	}
	s := servertest.Start(t, servertest.WithKeys(keys))
	for i, tok := range tokens {
		if code, body := getMe(t, s.URL, tok); code != 200 {
			t.Errorf("after rotation, a %s token = %d %s; want 200", wantAlg[i], code, body)
		}
	}
	resp, err := http.Get(s.URL + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct{ Keys []map[string]string }
	json.NewDecoder(resp.Body).Decode(&set)
	if len(set.Keys) != 3 {
		t.Fatalf("JWKS has %d keys; want 3", len(set.Keys))
	}
	for i, k := range set.Keys {
		if k["kid"] != ks[[]int{2, 0, 1}[i]].Kid || k["d"] != "" {
			t.Errorf("JWKS key %d = %v; want kid %s and no private part", i, k, ks[i].Kid)
		}
	}
}

func TestPrintsNoHMACSecretInJWKS(t *testing.T) {
	s := servertest.Start(t)
	resp, err := http.Get(s.URL + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if string(b) != `{"keys":[]}` {
		t.Errorf("JWKS of an HMAC server = %s; want {\"keys\":[]}", b)
	}
}

// rawRequest writes a request on a fresh connection and returns the
// status line, reading for at most 5 s (a bound on a hang, not a speed).
func rawRequest(t *testing.T, base, req string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	return strings.TrimSpace(line)
}

// TestOversizedRequests: a body over the limit is refused from its
// Content-Length alone, before a byte of it is sent; headers over the
// limit get 431.
func TestOversizedRequests(t *testing.T) {
	for _, profile := range []string{"dev", "prod"} {
		cfg, _ := server.Profile(profile)
		s := servertest.Start(t, servertest.WithConfig(cfg))
		t.Run(profile+" body by Content-Length", func(t *testing.T) {
			req := fmt.Sprintf("POST /api/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", cfg.MaxBodyBytes+1)
			if got := rawRequest(t, s.URL, req); got != "HTTP/1.1 413 Request Entity Too Large" {
				t.Errorf("status line %q; want 413 before the body is sent", got)
			}
		})
		t.Run(profile+" chunked body", func(t *testing.T) {
			big := strings.Repeat("a", int(cfg.MaxBodyBytes)+10)
			code, body := post(t, s.URL+"/api/token/", `{"username":"`+big+`"}`)
			if code != 413 || body != `{"detail":"Request body is too large."}` {
				t.Errorf("oversized body = %d %.80s; want 413 in JSON", code, body)
			}
		})
	}
	t.Run("prod headers over 16 KiB", func(t *testing.T) {
		cfg := server.ProdConfig()
		s := servertest.Start(t, servertest.WithConfig(cfg))
		req := "GET /api/me/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + strings.Repeat("a", 64<<10) + "\r\n\r\n"
		if got := rawRequest(t, s.URL, req); got != "HTTP/1.1 431 Request Header Fields Too Large" {
			t.Errorf("status line %q; want 431", got)
		}
	})
}

// TestKnownHeaderPath: tokens with our exact header bytes skip golang-jwt's
// header parsing; they must be refused for the same reasons as any other.
func TestKnownHeaderPath(t *testing.T) {
	s := servertest.Start(t, servertest.WithClock(fixedClock))
	good := sign(t, jwt.SigningMethodHS256, []byte(demoKey), accessClaims(), nil)
	parts := strings.Split(good, ".")
	if parts[0] != "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" {
		t.Fatalf("golang-jwt's header %s is not simplejwt's; the test would miss the path", parts[0])
	}
	resign := func(payload string) string {
		h := jwt.SigningMethodHS256
		sig, _ := h.Sign(parts[0]+"."+payload, []byte(demoKey))
		return parts[0] + "." + payload + "." + base64.RawURLEncoding.EncodeToString(sig)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	for _, tc := range []struct{ name, token string }{
		{"padding on the signature", good + "="},
		{"a fourth segment", good + ".x"},
		{"an empty signature", parts[0] + "." + parts[1] + "."},
		{"the signature of another payload", parts[0] + "." + b64([]byte(`{"user_id":2}`)) + "." + parts[2]},
		{"a signed null payload", resign(b64([]byte("null")))},
		{"a signed array payload", resign(b64([]byte("[1]")))},
		{"a signed payload that is not JSON", resign(b64([]byte("user_id=1")))},
		{"a signed payload in standard base64", resign(base64.StdEncoding.EncodeToString([]byte(`{"token_type":"access","exp":1795902960,"jti":"x","user_id":1}`)))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := getMe(t, s.URL, tc.token); code != 401 {
				t.Errorf("GET /api/me/ with %s = %d %s; want 401", tc.name, code, body)
			}
		})
	}
	if code, body := getMe(t, s.URL, good); code != 200 {
		t.Errorf("the control token = %d %s; want 200", code, body)
	}
}

// TestRefusesLineBreaksAndCrit: a token with a line break inside (a second
// spelling, since encoding/base64 skips CR and LF) and a token whose
// header has "crit" (RFC 7515 §4.1.11) are refused, though the signature
// of each is right.
func TestRefusesLineBreaksAndCrit(t *testing.T) {
	s := servertest.Start(t, servertest.WithClock(fixedClock))
	good := sign(t, jwt.SigningMethodHS256, []byte(demoKey), accessClaims(), nil)
	verify := func(token string) (int, string) {
		body, _ := json.Marshal(map[string]string{"token": token})
		return post(t, s.URL+"/api/token/verify/", string(body))
	}
	if code, body := verify(good); code != 200 {
		t.Fatalf("verify with the control token = %d %s; want 200", code, body)
	}
	cut := len(good) - 8
	for _, tc := range []struct{ name, token string }{
		{"LF in the signature", good[:cut] + "\n" + good[cut:]},
		{"CRLF in the signature", good[:cut] + "\r\n" + good[cut:]},
		{"CR in the signature", good[:cut] + "\r" + good[cut:]},
		{"a crit header", sign(t, jwt.SigningMethodHS256, []byte(demoKey), accessClaims(), map[string]any{"crit": []string{"exp"}})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := verify(tc.token); code != 401 || !strings.Contains(body, "Token is invalid or expired") {
				t.Errorf("verify = %d %s; want 401 Token is invalid or expired", code, body)
			}
		})
	}
}

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/internal/jose/josetest"
	"jwtlab/server"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInspectJSON(t *testing.T) {
	r := josetest.Simplejwt()
	tokens, key := r.Tokens, r.SigningKey
	access := tokens["ACCESS"]
	type output struct {
		Header    map[string]any `json:"header"`
		Payload   any            `json:"payload"`
		Signature struct {
			Alg      string `json:"alg"`
			Verified *bool  `json:"verified"`
			Reason   string `json:"reason"`
		} `json:"signature"`
		Warnings []jose.Warning `json:"warnings"`
	}
	decode := func(t *testing.T, s string) output {
		t.Helper()
		if strings.Count(s, "\n") != 1 {
			t.Errorf("output is %d lines; want one JSON line", strings.Count(s, "\n"))
		}
		var o output
		d := json.NewDecoder(strings.NewReader(s))
		d.DisallowUnknownFields()
		if err := d.Decode(&o); err != nil {
			t.Fatalf("output %q is not the documented JSON: %v", s, err)
		}
		return o
	}
	codes := func(ws []jose.Warning) string {
		var c []string
		for _, w := range ws {
			c = append(c, w.Code)
		}
		return strings.Join(c, ",")
	}

	t.Run("a token without a key has verified null", func(t *testing.T) {
		status, out, errOut := runCLI(t, "", "inspect", "-json", access)
		if status != 0 {
			t.Fatalf("status %d, stderr %q; want 0", status, errOut)
		}
		if !strings.Contains(out, `"signature":{"alg":"HS256","verified":null}`) || !strings.HasPrefix(out, `{"header":{"alg":"HS256","typ":"JWT"},"payload":{"token_type":"access","exp":1795902955,`) {
			t.Errorf("inspect -json = %s; want header, payload in token order, verified null", out)
		}
		o := decode(t, out)
		if !jose.HasCode(o.Warnings, jose.WarnWeakSecret) {
			t.Errorf("warnings = %s; want weak-secret (the demo key is public)", codes(o.Warnings))
		}
	})
	t.Run("the token may come on stdin with a Bearer prefix", func(t *testing.T) {
		status, out, _ := runCLI(t, "Authorization: Bearer "+access+"\n", "inspect", "-json", "-")
		if status != 0 || decode(t, out).Payload.(map[string]any)["user_id"] != float64(1) {
			t.Errorf("inspect -json - = %d, %s", status, out)
		}
	})
	t.Run("the right secret verifies", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "inspect", "-json", "-secret", key, access)
		if v := decode(t, out).Signature.Verified; v == nil || !*v {
			t.Errorf("verified = %v; want true", v)
		}
	})
	t.Run("a wrong secret does not, and says why", func(t *testing.T) {
		status, out, _ := runCLI(t, "", "inspect", "-json", "-secret", "wrong", access)
		o := decode(t, out)
		if status != 1 || o.Signature.Verified == nil || *o.Signature.Verified || !strings.Contains(o.Signature.Reason, "invalid signature") {
			t.Errorf("status %d, signature %+v; want 1 (a key was given and it does not verify), verified false with a reason", status, o.Signature)
		}
	})
	t.Run("alg none is decoded and warned about", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "inspect", "-json", tokens["ALG_NONE_REFRESH"])
		if o := decode(t, out); !jose.HasCode(o.Warnings, jose.WarnAlgNone) || jose.HasCode(o.Warnings, jose.WarnRefreshAsAccess) {
			t.Errorf("warnings = %s; want alg-none, and no refresh-as-access for a refresh token not used as access", codes(o.Warnings))
		}
	})
	t.Run("-as access warns about a refresh token", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "inspect", "-json", "-as", "access", tokens["ALG_NONE_REFRESH"])
		if o := decode(t, out); !jose.HasCode(o.Warnings, jose.WarnRefreshAsAccess) {
			t.Errorf("warnings = %s; want refresh-as-access", codes(o.Warnings))
		}
		_, out, _ = runCLI(t, "", "inspect", "-as", "access", tokens["ALG_NONE_REFRESH"])
		if !strings.Contains(out, "! refresh-as-access") {
			t.Errorf("plain output with -as access lacks refresh-as-access:\n%s", out)
		}
		if status, _, _ := runCLI(t, "", "inspect", "-as", "refresh", tokens["ALG_NONE_REFRESH"]); status != 2 {
			t.Errorf("-as refresh: status %d; want 2", status)
		}
	})
	t.Run("a payload that is not JSON is shown as a string", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "inspect", "-json", "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.AA")
		if o := decode(t, out); o.Payload != "hello" || !jose.HasCode(o.Warnings, jose.WarnPayloadNotJSON) {
			t.Errorf("payload = %v, warnings %s; want \"hello\" and payload-not-json", o.Payload, codes(o.Warnings))
		}
	})
	t.Run("an undecodable token is one line and status 1", func(t *testing.T) {
		status, out, errOut := runCLI(t, "", "inspect", "-json", "garbage")
		if status != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "malformed token") {
			t.Errorf("status %d, stdout %q, stderr %q; want 1 and one line", status, out, errOut)
		}
	})
	for _, args := range [][]string{
		{"inspect", "-json"},
		{"inspect", "-json", "-alg", "HS257", access},
		{"inspect", "-json", "-server", "http://127.0.0.1:8000", access},
		{"inspect", "-secret", "a", "-key", "b", access},
	} {
		t.Run(fmt.Sprintf("%q is a usage error", args[1:]), func(t *testing.T) {
			if status, _, _ := runCLI(t, "", args...); status != 2 {
				t.Errorf("status %d; want 2", status)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	r := josetest.Simplejwt()
	tokens, key := r.Tokens, r.SigningKey
	access := tokens["ACCESS"]
	ecPriv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(&ecPriv.PublicKey)
	ecPub := writeFile(t, "ec.pem", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})))
	der, _ = x509.MarshalPKCS8PrivateKey(ecPriv)
	ecKey := writeFile(t, "ec-key.pem", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))

	// A fresh token, so that -claims passes.
	fresh := fmt.Sprintf(`{"sub":"alice","iat":%d,"exp":%d}`, time.Now().Unix(), time.Now().Add(time.Hour).Unix())
	_, signed, _ := runCLI(t, "", "sign", "-key", ecKey, "-alg", "ES256", "-claims", fresh)
	signed = strings.TrimSpace(signed)
	_, aud, _ := runCLI(t, "", "sign", "-key", ecKey, "-alg", "ES256", "-claims", fmt.Sprintf(`{"iss":"lab","aud":["web","api"],"exp":%d}`, time.Now().Add(time.Hour).Unix()))
	aud = strings.TrimSpace(aud)

	for _, tc := range []struct {
		name    string
		args    []string
		status  int
		out     string // in stdout
		errText string // in stderr
	}{
		{"the demo key verifies a simplejwt token", []string{"-secret", key, "-ignore-exp", access}, 0, "signature: valid (HS256, HMAC secret (46 bytes))", ""},
		{"a wrong secret does not", []string{"-secret", "wrong", access}, 1, "", "invalid signature"},
		{"a tampered signature does not", []string{"-secret", key, tokens["TAMPERED_SIG_REFRESH"]}, 1, "", "invalid signature"},
		{"alg none never verifies", []string{"-secret", key, tokens["ALG_NONE_REFRESH"]}, 1, "", `alg "none" is never accepted`},
		{"HS512 with the right key fails when HS256 is pinned", []string{"-secret", key, "-alg", "HS256", tokens["HS512_REFRESH"]}, 1, "", "algorithm mismatch"},
		{"HS512 verifies when pinned to HS512", []string{"-secret", key, "-alg", "HS512", tokens["HS512_REFRESH"], "-ignore-exp"}, 0, "signature: valid (HS512", ""},
		{"an expired token does not verify", []string{"-secret", key, access}, 1, "claims: token expired", "the signature verifies but the token does not: token expired"},
		{"-claims, now the default, is still accepted", []string{"-secret", key, "-claims", access}, 1, "claims: token expired", "-ignore-exp"},
		{"a wrong issuer does not verify", []string{"-key", ecPub, "-iss", "https://id.example.com", signed}, 1, `iss is ""`, "want \"https://id.example.com\""},
		{"a wrong audience does not verify", []string{"-key", ecPub, "-aud", "api", signed}, 1, "aud is", "include \"api\""},
		{"the right issuer and audience verify", []string{"-key", ecPub, "-iss", "lab", "-aud", "api", aud}, 0, "claims: ok", ""},
		{"leeway lets a just-expired token pass", []string{"-secret", key, "-leeway", "87600h", access}, 0, "claims: ok", ""},
		{"a b64: secret is bytes", []string{"-secret", "b64:" + base64.StdEncoding.EncodeToString([]byte(key)), "-ignore-exp", access}, 0, "signature: valid", ""},
		{"a secret file drops its trailing newline", []string{"-secret-file", writeFile(t, "secret", key+"\n"), "-ignore-exp", access}, 0, "signature: valid", ""},
		{"a missing secret file is a setup error", []string{"-secret-file", "/nonexistent", access}, 2, "", "no such file"},
		{"an EC public key verifies an ES256 token", []string{"-key", ecPub, signed}, 0, "signature: valid (ES256, EC P-256 public key)", ""},
		{"-claims passes for a fresh token", []string{"-key", ecPub, "-claims", signed}, 0, "claims: ok", ""},
		{"an EC key for an HS256 token is explained", []string{"-key", ecPub, "-alg", "HS256", access}, 1, "", "algorithm-confusion attack"},
		{"a secret for an ES256 token is explained", []string{"-secret", key, "-alg", "ES256", signed}, 1, "", "a shared secret cannot check a public-key signature"},
		{"no key is a usage error", []string{access}, 2, "", "give exactly one of"},
		{"two keys are a usage error", []string{"-secret", "a", "-key", ecPub, access}, 2, "", "give exactly one of"},
		{"no token is a usage error", []string{"-secret", key}, 2, "", "missing TOKEN"},
		{"an unknown -alg is a usage error", []string{"-secret", key, "-alg", "HS257", access}, 2, "", "unsupported algorithm"},
		{"a missing key file is a setup error", []string{"-key", "/nonexistent.pem", access}, 2, "", "no such file"},
		{"a negative leeway is a usage error", []string{"-secret", key, "-leeway", "-1s", access}, 2, "", "leeway"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errOut := runCLI(t, "", append([]string{"verify"}, tc.args...)...)
			if status != tc.status || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.errText) {
				t.Errorf("verify %q = %d\nstdout %q\nstderr %q\nwant %d, stdout with %q, stderr with %q", tc.args, status, out, errOut, tc.status, tc.out, tc.errText)
			}
			if status != 0 && tc.errText != "" && status != 2 && strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr %q; want the reason on one line", errOut)
			}
		})
	}
}

func TestVerifyJWKSURL(t *testing.T) {
	r := josetest.Simplejwt()
	tokens, key := r.Tokens, r.SigningKey
	jwks := fmt.Sprintf(`{"keys":[{"kty":"oct","kid":"demo","alg":"HS256","k":%q}]}`, jose.EncodeSegment([]byte(key)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(jwks)) }))
	defer srv.Close()
	if status, out, errOut := runCLI(t, "", "verify", "-jwks", srv.URL+"/.well-known/jwks.json", "-ignore-exp", tokens["ACCESS"]); status != 0 {
		t.Errorf("verify -jwks URL = %d, %q, %q; want 0", status, out, errOut)
	}
	if status, _, errOut := runCLI(t, "", "verify", "-jwks", "http://192.0.2.1/jwks.json", tokens["ACCESS"]); status != 2 || !strings.Contains(errOut, "not on this machine") {
		t.Errorf("verify -jwks with a remote URL = %d, %q; want 2 (a setup error) and a loopback refusal", status, errOut)
	}
}

func TestSign(t *testing.T) {
	okp := writeFile(t, "ed.jwk", `{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`)
	for _, tc := range []struct {
		name   string
		sign   []string
		verify []string
	}{
		{"HS256 with a secret", []string{"-secret", "0123456789abcdef0123456789abcdef", "-alg", "HS256"}, []string{"-secret", "0123456789abcdef0123456789abcdef"}},
		{"HS384 with a secret", []string{"-secret", "0123456789abcdef0123456789abcdef0123456789abcdef", "-alg", "HS384"}, []string{"-secret", "0123456789abcdef0123456789abcdef0123456789abcdef", "-alg", "HS384"}},
		{"EdDSA with a JWK, alg from the key", []string{"-key", okp}, []string{"-key", okp}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errOut := runCLI(t, "", append(append([]string{"sign"}, tc.sign...), "-claims", `{"sub": "alice", "admin": false}`, "-no-iat")...)
			if status != 0 {
				t.Fatalf("sign = %d, %q", status, errOut)
			}
			token := strings.TrimSpace(out)
			tok, err := jose.Parse(token)
			if err != nil || string(tok.Payload) != `{"sub":"alice","admin":false}` {
				t.Fatalf("sign printed %q (%v); want a token with the compact claims", token, err)
			}
			if status, _, errOut := runCLI(t, "", append(append([]string{"verify"}, tc.verify...), token)...); status != 0 {
				t.Errorf("verify(sign(...)) = %d, %q; want 0", status, errOut)
			}
		})
	}
	for _, tc := range []struct {
		name   string
		args   []string
		status int
	}{
		{"no claims", []string{"sign", "-secret", "s"}, 2},
		{"claims that are not an object", []string{"sign", "-secret", "s", "-claims", "[1]"}, 2},
		{"no key", []string{"sign", "-claims", "{}"}, 2},
		{"an alg that is never accepted", []string{"sign", "-secret", "s", "-alg", "none", "-claims", "{}"}, 2},
		{"an unknown alg", []string{"sign", "-secret", "s", "-alg", "XS256", "-claims", "{}"}, 2},
		{"an alg the key cannot sign", []string{"sign", "-secret", "s3cret", "-alg", "RS256", "-claims", "{}"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, _, errOut := runCLI(t, "", tc.args...); status != tc.status {
				t.Errorf("%q = %d (%q); want %d", tc.args, status, errOut, tc.status)
			}
		})
	}
}

// TestVerifyWycheproofThroughCLI runs every Wycheproof JWS and JWK vector
// through `jwtlab verify -jwks FILE TOKEN` and checks that the command's
// exit status matches the library verdict; internal/jose's TestWycheproof
// checks that verdict against Wycheproof's, with its table of disagreements.
func TestVerifyWycheproofThroughCLI(t *testing.T) {
	dir := filepath.Join("internal", "jose", "testdata", "wycheproof")
	total := 0
	for _, file := range []string{"json_web_signature_test.json", "json_web_key_test.json"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			TestGroups []struct {
				Private, Public json.RawMessage
				Tests           []struct {
					TcID int    `json:"tcId"`
					JWS  string `json:"jws"`
				} `json:"tests"`
			} `json:"testGroups"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		for gi, g := range f.TestGroups {
			key := g.Public
			if key == nil {
				key = g.Private
			}
			keyFile := writeFile(t, fmt.Sprintf("%s-%d.json", file, gi), string(key))
			for _, tc := range g.Tests {
				total++
				want := 0
				if keys, err := jose.ParseKeyFile(key); err != nil {
					want = 2 // an unreadable key is a setup error
				} else if tok, err := jose.Parse(tc.JWS); err != nil {
					want = 1
				} else if _, err := jose.Verify(tok, keys, ""); err != nil {
					want = 1
				}
				status, _, errOut := runCLI(t, "", "verify", "-jwks", keyFile, tc.JWS)
				if status != want {
					t.Errorf("%s tcId %d: verify = %d (%q); the library says %d", file, tc.TcID, status, errOut, want)
				}
			}
		}
	}
	if total != 401+26 { // the two files' numberOfTests
		t.Errorf("ran %d vectors; want 427", total)
	}
}

func TestInspectPipedPrintsPlainText(t *testing.T) {
	r := josetest.Simplejwt()
	tokens, key := r.Tokens, r.SigningKey
	access := tokens["ACCESS"]
	t.Run("a token and a key, flags after the token", func(t *testing.T) {
		status, out, errOut := runCLI(t, "", "inspect", access, "-secret", key)
		if status != 0 {
			t.Fatalf("status %d, stderr %s; want 0", status, errOut)
		}
		for _, want := range []string{"HEADER", `"alg": "HS256"`, "PAYLOAD", `"user_id": 1`, "TIMES", "exp  2026-11-28 21:55:55 UTC", "WARNINGS", "weak-secret", "verdict signature valid: HS256"} {
			if !strings.Contains(out, want) {
				t.Errorf("plain output lacks %q:\n%s", want, out)
			}
		}
		if strings.ContainsRune(out, '\x1b') {
			t.Errorf("plain output holds escape codes: %q", out)
		}
	})
	t.Run("a bidi override is shown escaped", func(t *testing.T) {
		tok, err := jose.Sign("HS256", jose.Secret(key), []byte("{\"name\":\"admin\u202egnp.exe\"}"))
		if err != nil {
			t.Fatal(err)
		}
		_, out, _ := runCLI(t, "", "inspect", tok)
		if strings.ContainsRune(out, '\u202e') || !strings.Contains(out, `admin\u202egnp.exe`) {
			t.Errorf("U+202E should print as \\u202e:\n%s", out)
		}
	})
	t.Run("-json escapes bidi and C1 controls too, and stays the same JSON", func(t *testing.T) {
		name := "admin\u202egnp.exe\u0085\u007f"
		claims, _ := json.Marshal(map[string]string{"name": name})
		tok, err := jose.Sign("HS256", jose.Secret(key), claims)
		if err != nil {
			t.Fatal(err)
		}
		_, out, _ := runCLI(t, "", "inspect", "-json", tok)
		if strings.ContainsAny(out, "\u202e\u0085\u007f") || !strings.Contains(out, `admin\u202egnp.exe\u0085\u007f`) {
			t.Errorf("-json should escape U+202E, U+0085 and DEL:\n%q", out)
		}
		var got struct{ Payload struct{ Name string } }
		if err := json.Unmarshal([]byte(out), &got); err != nil || got.Payload.Name != name {
			t.Errorf("-json decodes to name %q (%v); want %q", got.Payload.Name, err, name)
		}
	})
	t.Run("no token is a usage error", func(t *testing.T) {
		if status, _, errOut := runCLI(t, "", "inspect"); status != 2 || !strings.Contains(errOut, "not a terminal") {
			t.Errorf("status %d, stderr %q; want 2 and a reason", status, errOut)
		}
	})
}

func TestVerifyAcceptsFlagsAfterTheToken(t *testing.T) {
	r := josetest.Simplejwt()
	tokens, key := r.Tokens, r.SigningKey
	if status, out, errOut := runCLI(t, "", "verify", tokens["REFRESH"], "-secret", key, "-ignore-exp"); status != 0 {
		t.Errorf("verify TOKEN -secret K -ignore-exp: status %d, %s%s; want 0", status, out, errOut)
	}
}

func TestInspectJSONMarksABinaryPayload(t *testing.T) {
	binary := []byte{0xff, 0xfe, 0x00, 0x01}
	tok := jose.EncodeSegment([]byte(`{"alg":"HS256"}`)) + "." + jose.EncodeSegment(binary) + ".c2ln"
	_, out, errOut := runCLI(t, "", "inspect", "-json", tok)
	var o struct {
		Payload   json.RawMessage `json:"payload"`
		Base64URL string          `json:"payload_base64url"`
	}
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatalf("%v: %q %q", err, out, errOut)
	}
	if string(o.Payload) != "null" || o.Base64URL != jose.EncodeSegment(binary) {
		t.Errorf("payload %s, payload_base64url %q; want null and %q", o.Payload, o.Base64URL, jose.EncodeSegment(binary))
	}
}

func TestInspectServerIsCheckedFirst(t *testing.T) {
	for _, tc := range []struct {
		server, want string
	}{
		{"http://example.com:8000", `-server not on this machine: "example.com" is not localhost`},
		{"ftp://127.0.0.1/", "is not an http(s) URL"},
	} {
		status, _, errOut := runCLI(t, "", "inspect", "-server", tc.server)
		if status != 2 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("inspect -server %s = %d, %q; want 2 and one line with %q", tc.server, status, errOut, tc.want)
		}
	}
}

func TestInspectJSONOfAJWE(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("tui", "testdata", "jwe-dir-a256gcm.txt"))
	if err != nil {
		t.Fatal(err)
	}
	jwe := strings.TrimSpace(string(b))
	for _, tc := range []struct {
		name     string
		args     []string
		status   int
		verified string
	}{
		{"no key", nil, 0, "null"},
		{"a key given cannot verify it", []string{"-secret", strings.Repeat("k", 32)}, 1, "false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errOut := runCLI(t, "", append([]string{"inspect", "-json", jwe}, tc.args...)...)
			var got struct {
				Header    map[string]string
				Payload   json.RawMessage
				Encrypted struct {
					Enc             string
					CiphertextBytes int `json:"ciphertext_bytes"`
				}
				Signature struct{ Verified json.RawMessage }
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("inspect -json of a JWE = %q (stderr %q): %v", out, errOut, err)
			}
			if status != tc.status || got.Header["enc"] != "A256GCM" || got.Header["kid"] != "enc-key-1" || string(got.Payload) != "null" ||
				got.Encrypted.Enc != "A256GCM" || got.Encrypted.CiphertextBytes != 32 || string(got.Signature.Verified) != tc.verified {
				t.Errorf("exit %d, output %s; want exit %d, the protected header, payload null, 32 bytes encrypted with A256GCM, verified %s", status, out, tc.status, tc.verified)
			}
		})
	}
}

// TestInspectNamesSecretFile: inspect takes -secret-file as verify does,
// and its usage line, its one-key-only message and its "no key" verdict
// say so.
func TestInspectNamesSecretFile(t *testing.T) {
	r := josetest.Simplejwt()
	access, key := r.Tokens["ACCESS"], r.SigningKey
	secretFile := writeFile(t, "secret", key+"\n")
	t.Run("-h shows it in the usage line", func(t *testing.T) {
		status, help, _ := runCLI(t, "", "inspect", "-h")
		usage, _, _ := strings.Cut(help, "\n")
		if status != 0 || !strings.Contains(usage, "[-secret S | -secret-file F | -key FILE | -jwks URL|FILE]") {
			t.Errorf("inspect -h = %d, usage line %q; want 0 and -secret-file among the keys", status, usage)
		}
	})
	t.Run("two key flags: the message names it", func(t *testing.T) {
		status, out, errOut := runCLI(t, "", "inspect", "-secret", key, "-secret-file", secretFile, access)
		if want := "jwtlab inspect: give one of -secret, -secret-file, -key and -jwks\n"; status != 2 || errOut != want || out != "" {
			t.Errorf("status %d, stderr %q, stdout %q; want 2, %q, nothing", status, errOut, out, want)
		}
	})
	t.Run("no key: the verdict names it", func(t *testing.T) {
		status, out, errOut := runCLI(t, "", "inspect", access)
		if want := "verdict not verified (no key given: -secret, -secret-file, -key or -jwks)\n"; status != 0 || !strings.Contains(out, want) {
			t.Errorf("status %d, stderr %q; want 0 and %q in:\n%s", status, errOut, want, out)
		}
	})
	t.Run("it verifies with the file's secret", func(t *testing.T) {
		status, out, errOut := runCLI(t, "", "inspect", "-secret-file", secretFile, access)
		if status != 0 || !strings.Contains(out, "verdict signature valid: HS256") {
			t.Errorf("status %d, stderr %q; want 0 and a valid signature in:\n%s", status, errOut, out)
		}
	})
}

// TestEmptySecretIsASetupError: an HMAC secret of no bytes (an empty
// -secret, as "$UNSET_VAR" gives, an empty file, a file of one newline,
// b64: of nothing) is refused as the key is loaded, exit status 2 as for
// an unreadable key, by verify, inspect and sign alike: it is not a
// token that fails to verify, and not a key left out (inspect would
// skip the check).
func TestEmptySecretIsASetupError(t *testing.T) {
	access := josetest.Simplejwt().Tokens["ACCESS"]
	for _, key := range [][]string{
		{"-secret", ""},
		{"-secret-file", writeFile(t, "empty", "")},
		{"-secret-file", writeFile(t, "newline", "\n")},
		{"-secret", "b64:"},
		{"-secret", "b64:=="},
	} {
		for _, args := range [][]string{
			append(append([]string{"verify"}, key...), access),
			append(append([]string{"inspect", "-json"}, key...), access),
			append(append([]string{"inspect"}, key...), access),
			append(append([]string{"sign"}, key...), "-claims", `{"sub":"a"}`),
		} {
			status, out, errOut := runCLI(t, "", args...)
			if status != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, key[0]) || !strings.Contains(errOut, "the HMAC secret is empty") {
				t.Errorf("jwtlab %q = %d, stdout %q, stderr %q; want 2 and one line naming %s and the empty secret", args, status, out, errOut, key[0])
			}
		}
	}
}

// TestEmptyKeyNameIsGiven: -secret-file, -key or -jwks given an empty
// value is a key flag given, and names nothing: exit status 2 in one
// line saying so, not a command run without a key (inspect) or told to
// give one it was given (verify, sign).
func TestEmptyKeyNameIsGiven(t *testing.T) {
	access := josetest.Simplejwt().Tokens["ACCESS"]
	for _, tc := range []struct{ flag, want string }{
		{"-secret-file", `-secret-file "": no file named`},
		{"-key", `-key "": no file named`},
		{"-jwks", `-jwks "": no URL or file named`},
	} {
		for _, args := range [][]string{
			{"verify", tc.flag, "", access},
			{"inspect", "-json", tc.flag, "", access},
			{"sign", tc.flag, "", "-claims", `{"sub":"a"}`},
		} {
			if args[0] == "sign" && tc.flag == "-jwks" {
				continue // sign has no -jwks
			}
			status, out, errOut := runCLI(t, "", args...)
			if want := "jwtlab: " + tc.want + "\n"; status != 2 || out != "" || errOut != want {
				t.Errorf("jwtlab %q = %d, stdout %q, stderr %q; want 2, nothing, %q", args, status, out, errOut, want)
			}
		}
	}
	// Given twice, empty or not, is two keys.
	status, _, errOut := runCLI(t, "", "verify", "-secret", "", "-key", "k.pem", access)
	if want := "jwtlab verify: give exactly one of -secret, -secret-file, -key and -jwks\n"; status != 2 || errOut != want {
		t.Errorf("verify -secret '' -key k.pem = %d, %q; want 2, %q", status, errOut, want)
	}
}

// TestStdinHoldsOneToken: verify and inspect read one token from stdin;
// two (one a line, as a log holds them) are refused as two, in one line,
// exit status 2, not parsed as one token of five segments (a JWE).
func TestStdinHoldsOneToken(t *testing.T) {
	r := josetest.Simplejwt()
	access, key := r.Tokens["ACCESS"], r.SigningKey
	for _, cmd := range [][]string{{"verify", "-secret", key, "-ignore-exp"}, {"inspect", "-json", "-secret", key}} {
		for _, tc := range []struct {
			name, stdin string
			status      int
			want        string // the whole of stderr
		}{
			{"one token", access + "\n", 0, ""},
			{"an Authorization header", "Authorization: Bearer " + access + "\r\n", 0, ""},
			{"two tokens, one a line", access + "\n" + access + "\n", 2, "jwtlab " + cmd[0] + ": stdin holds 2 tokens; give one\n"},
			{"three on one line", access + " " + access + "\t" + access, 2, "jwtlab " + cmd[0] + ": stdin holds 3 tokens; give one\n"},
		} {
			t.Run(cmd[0]+", "+tc.name, func(t *testing.T) {
				status, _, errOut := runCLI(t, tc.stdin, append(cmd, "-")...)
				if status != tc.status || errOut != tc.want {
					t.Errorf("jwtlab %s - = %d, stderr %q; want %d, %q", cmd[0], status, errOut, tc.status, tc.want)
				}
			})
		}
	}
}

// TestJWKSOfAServer: -jwks against the JWK Set jwtlab serve publishes.
// An HS256 server's set is empty (a JWKS never carries a secret), and
// the refusal says so; a server signing with an Ed25519 -key-file
// publishes the key that verifies its tokens.
func TestJWKSOfAServer(t *testing.T) {
	serveJWKS := func(ks *server.Keys) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(ks.JWKS()) }))
		t.Cleanup(srv.Close)
		return srv.URL + "/.well-known/jwks.json"
	}
	sign := func(k *jose.Key) string {
		s, err := jose.NewSignerHeader(k, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.Sign([]byte(fmt.Sprintf(`{"sub":"alice","exp":%d}`, time.Now().Add(time.Hour).Unix())))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}

	hs, err := server.NewKeys(jose.Secret(strings.Repeat("k", 48)))
	if err != nil {
		t.Fatal(err)
	}
	url := serveJWKS(hs)
	for _, cmd := range []string{"inspect", "verify"} {
		status, _, errOut := runCLI(t, "", cmd, "-jwks", url, sign(hs.Signing()))
		if status != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "JWK Set has no keys (a server that signs with a shared secret, HS256, publishes none") {
			t.Errorf("%s -jwks of an HS256 server = %d, %q; want 2 and one line saying why the set is empty", cmd, status, errOut)
		}
	}

	k, err := server.LoadKeyFile(ed25519PEM(t))
	if err != nil {
		t.Fatal(err)
	}
	ed, err := server.NewKeys(k)
	if err != nil {
		t.Fatal(err)
	}
	status, out, errOut := runCLI(t, "", "inspect", "-json", "-jwks", serveJWKS(ed), sign(ed.Signing()))
	if status != 0 || !strings.Contains(out, `"alg":"EdDSA","verified":true`) {
		t.Errorf("inspect -json -jwks of an Ed25519 server = %d, %q, %q; want 0 and a verified EdDSA signature", status, out, errOut)
	}
}

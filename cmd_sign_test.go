package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"jwtlab/internal/jose"
)

func TestSignRelativeTimesAndWarnings(t *testing.T) {
	before := time.Now().Unix()
	status, out, errOut := runCLI(t, "", "sign", "-secret", "abc", "-claims", `{"sub":"alice"}`, "-exp", "+5m", "-jti", "auto")
	after := time.Now().Unix()
	if status != 0 {
		t.Fatalf("sign = %d, %s", status, errOut)
	}
	tok, err := jose.Parse(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Sub      string
		Exp, Iat int64
		Jti      string
	}
	if err := json.Unmarshal(tok.Payload, &c); err != nil {
		t.Fatal(err)
	}
	if c.Sub != "alice" || c.Iat < before || c.Iat > after || c.Exp != c.Iat+300 || len(c.Jti) != 32 {
		t.Errorf("claims %s; want sub alice, iat in [%d, %d], exp = iat+300, a 32-digit jti", tok.Payload, before, after)
	}
	if !strings.Contains(errOut, "short-secret") {
		t.Errorf("a 3-byte HS256 secret should draw a short-secret warning; stderr %q", errOut)
	}
	for _, tc := range []struct {
		name, claims, want string
	}{
		{"exp in milliseconds", `{"exp":1999999999000}`, "milliseconds"},
		{"exp as a string", `{"exp":"1999999999"}`, "bad-numericdate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, errOut := runCLI(t, "", "sign", "-secret", strings.Repeat("k", 32), "-claims", tc.claims)
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q; want a warning with %q", errOut, tc.want)
			}
		})
	}
	t.Run("-no-iat adds nothing", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "sign", "-secret", strings.Repeat("k", 32), "-claims", `{"sub":"a"}`, "-no-iat")
		tok, err := jose.Parse(strings.TrimSpace(out))
		if err != nil || string(tok.Payload) != `{"sub":"a"}` {
			t.Errorf("payload %q (%v); want {\"sub\":\"a\"}", tok.Payload, err)
		}
	})
	t.Run("-exp and an exp claim conflict", func(t *testing.T) {
		if status, _, _ := runCLI(t, "", "sign", "-secret", "s", "-claims", `{"exp":1}`, "-exp", "+5m"); status != 2 {
			t.Errorf("status %d; want 2", status)
		}
	})
}

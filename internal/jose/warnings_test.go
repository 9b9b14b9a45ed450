package jose

import (
	"strings"
	"testing"
	"time"

	"jwtlab/internal/jose/josetest"
)

func TestTimeWarningsAreHonest(t *testing.T) {
	now := time.Unix(1795902655, 0)
	token := func(claims string) *Token {
		t.Helper()
		tok, err := Parse(EncodeSegment([]byte(`{"alg":"HS256"}`)) + "." + EncodeSegment([]byte(claims)) + ".c2ln")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	t.Run("an exp in milliseconds is a bad date, not a missing one", func(t *testing.T) {
		w := Check(token(`{"exp":1795902955000}`), now)
		if !HasCode(w, WarnBadNumericDate) || HasCode(w, WarnNoExp) {
			t.Errorf("Check = %v; want bad-numericdate and no no-exp", w)
		}
	})
	t.Run("without iat the lifetime is not measured from now", func(t *testing.T) {
		w := Check(token(`{"exp":1895902655}`), now)
		var msg string
		for _, x := range w {
			if x.Code == WarnLongLifetime {
				msg = x.Message
			}
		}
		if !strings.Contains(msg, "no iat") {
			t.Errorf("long-lifetime message = %q; want it to say there is no iat", msg)
		}
	})
}

func TestTooLargeForAHeader(t *testing.T) {
	// 16 KiB + 4 KiB of padding is some 27 KiB of token: past the budget.
	claims := `{"pad":"` + strings.Repeat("x", 20<<10) + `"}`
	tok, err := Parse(EncodeSegment([]byte(`{"alg":"HS256"}`)) + "." + EncodeSegment([]byte(claims)) + ".c2ln")
	if err != nil {
		t.Fatal(err)
	}
	if w := Check(tok, time.Now()); !HasCode(w, WarnTooLarge) {
		t.Errorf("a %d-byte token: Check = %v; want %s", len(tok.Raw), w, WarnTooLarge)
	}
	// 17 KiB of token: over max_header_bytes, but a request can carry it.
	fits, _ := Parse(EncodeSegment([]byte(`{"alg":"HS256"}`)) + "." + EncodeSegment([]byte(`{"pad":"`+strings.Repeat("x", 13<<10)+`"}`)) + ".c2ln")
	if len(fits.Raw) <= 16<<10 {
		t.Fatalf("the token that fits is %d bytes; want it over 16 KiB", len(fits.Raw))
	}
	if w := Check(fits, time.Now()); HasCode(w, WarnTooLarge) {
		t.Errorf("a %d-byte token drew %s", len(fits.Raw), WarnTooLarge)
	}
}

func TestRefreshAsAccessOnlyWhereUsedAsAccess(t *testing.T) {
	s := josetest.Simplejwt()
	refresh, err := Parse(s.Tokens["REFRESH"])
	if err != nil {
		t.Fatal(err)
	}
	access, err := Parse(s.Tokens["ACCESS"])
	if err != nil {
		t.Fatal(err)
	}
	if ws := Check(refresh, issued); HasCode(ws, WarnRefreshAsAccess) {
		t.Errorf("Check(refresh) = %v; a refresh token alone is no misuse", ws)
	}
	if ws := CheckAsAccess(refresh); !HasCode(ws, WarnRefreshAsAccess) {
		t.Errorf("CheckAsAccess(refresh) = %v; want refresh-as-access", ws)
	}
	if ws := CheckAsAccess(access); len(ws) != 0 {
		t.Errorf("CheckAsAccess(access) = %v; want none", ws)
	}
}

func TestCritWarningShowsTheHeaderAsJSON(t *testing.T) {
	for _, tc := range []struct{ name, crit, want string }{
		{"names", `["exp","b64"]`, `crit ["exp","b64"]`},
		{"control characters", `["\u001b]2;PWNED\u0007\u001b[2J"]`, `crit ["\u001b]2;PWNED\u0007\u001b[2J"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Parse(EncodeSegment([]byte(`{"alg":"HS256","crit":`+tc.crit+`}`)) + "." + EncodeSegment([]byte(`{}`)) + ".c2ln")
			if err != nil {
				t.Fatal(err)
			}
			var msg string
			for _, w := range Check(tok, time.Now()) {
				if w.Code == WarnCrit {
					msg = w.Message
				}
			}
			if !strings.Contains(msg, tc.want) || strings.ContainsAny(msg, "\x1b\x07") {
				t.Errorf("crit-header message = %q; want it to hold %s and no raw control character", msg, tc.want)
			}
		})
	}
}

func TestNestedJWTIsAJWT(t *testing.T) {
	inner := EncodeSegment([]byte(`{"alg":"HS256"}`)) + "." + EncodeSegment([]byte(`{"sub":"a"}`)) + ".c2ln"
	for _, tc := range []struct {
		name, header, payload string
		want                  bool
	}{
		{"a nested token, cty JWT", `{"alg":"HS256","cty":"JWT"}`, inner, false},
		{"text", `{"alg":"HS256"}`, "hello", true},
		{"a token without cty", `{"alg":"HS256"}`, inner, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Parse(EncodeSegment([]byte(tc.header)) + "." + EncodeSegment([]byte(tc.payload)) + ".c2ln")
			if err != nil {
				t.Fatal(err)
			}
			if got := HasCode(Check(tok, time.Now()), WarnPayloadNotJSON); got != tc.want {
				t.Errorf("payload-not-json = %v; want %v", got, tc.want)
			}
		})
	}
}

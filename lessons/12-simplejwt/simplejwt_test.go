package simplejwt_test

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	clock "jwtlab/lessons/05-time"
	hmac "jwtlab/lessons/06-hmac"
	simplejwt "jwtlab/lessons/12-simplejwt"
	"jwtlab/server/servertest"
)

func TestNewJTI(t *testing.T) {
	uuid4 := regexp.MustCompile(`^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$`)
	a, b := simplejwt.NewJTI(), simplejwt.NewJTI()
	if !uuid4.MatchString(a) || a == b {
		t.Errorf("NewJTI() = %q, %q; want two different UUID4 hex strings", a, b)
	}
}

func TestVerifyExpiryBoundary(t *testing.T) {
	key := simplejwt.Key()
	tok := simplejwt.Mint(key, "access", 1, clock.Now, time.Minute, "j")
	exp := clock.Now.Add(time.Minute)
	tests := []struct {
		name string
		now  time.Time
		want error
	}{
		{"a second before exp is valid", exp.Add(-time.Second), nil},
		{"at exp it has expired", exp, simplejwt.ErrInvalid},
		{"a second before iat it was issued in the future", clock.Now.Add(-time.Second), simplejwt.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := simplejwt.Verify(key, tok, "access", tt.now); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Verify at %v = %v; want %v", tt.now, err, tt.want)
			}
		})
	}
}

// TestVerifyClaims crafts payloads simplejwt does not write, to check the
// claims PyJWT 2.6 and simplejwt 5.2.2 read beyond its own layout.
func TestVerifyClaims(t *testing.T) {
	key := simplejwt.Key()
	now := clock.Now.Unix()
	payload := func(extra string) string {
		return fmt.Sprintf(`{"token_type":"access","exp":%d,"iat":%d,"user_id":1%s}`, now+300, now, extra)
	}
	tests := []struct {
		name, payload string
		want          error
	}{
		{"nbf now is valid", payload(fmt.Sprintf(`,"jti":"j","nbf":%d`, now)), nil},
		{"nbf in the past is valid", payload(fmt.Sprintf(`,"jti":"j","nbf":%d`, now-60)), nil},
		{"nbf a second ahead is not yet valid", payload(fmt.Sprintf(`,"jti":"j","nbf":%d`, now+1)), simplejwt.ErrInvalid},
		{"no jti has no id", payload(""), simplejwt.ErrNoID},
		{"an empty jti is there, which is all simplejwt asks", payload(`,"jti":""`), nil},
		{"a numeric jti is there too", payload(`,"jti":7`), nil},
		{"an exp with a fraction is refused, though PyJWT would int() it", fmt.Sprintf(`{"token_type":"access","exp":%d.5,"jti":"j","user_id":1}`, now+300), simplejwt.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := hmac.Mint(key, simplejwt.Header, tt.payload)
			if _, err := simplejwt.Verify(key, tok, "access", clock.Now); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Verify(%s) = %v; want %v", tt.payload, err, tt.want)
			}
		})
	}
}

func TestMintEscapesLikePython(t *testing.T) {
	tok := simplejwt.Mint(simplejwt.Key(), "a<b>&", 1, clock.Now, time.Minute, "j")
	_, payload, _ := simplejwt.Decode(tok)
	if want := `{"token_type":"a<b>&",`; payload[:len(want)] != want {
		t.Errorf("payload = %s; want it to start %s", payload, want)
	}
}

// FuzzVerify checks that Verify never panics and never accepts a token
// whose signature the key did not make.
func FuzzVerify(f *testing.F) {
	for _, name := range []string{"ACCESS", "NO_JTI_ACCESS", "ALG_NONE_REFRESH"} {
		f.Add(simplejwt.Recorded(name))
	}
	f.Fuzz(func(t *testing.T, token string) {
		other := []byte("another key entirely, 32 bytes long")
		if _, err := simplejwt.Verify(other, token, "access", clock.Now); err == nil {
			t.Fatalf("Verify with an unrelated key accepted %q", token)
		}
		simplejwt.Verify(simplejwt.Key(), token, "access", clock.Now)
	})
}

// TestReferenceServerAcceptsMintedTokens sends Mint's tokens, and Django's
// own, to jwtlab's simplejwt-compatible server at the same clock.
func TestReferenceServerAcceptsMintedTokens(t *testing.T) {
	srv := servertest.Start(t, servertest.WithClock(func() time.Time { return clock.Now }))
	tests := []struct {
		name, token string
		want        int
	}{
		{"a freshly minted access token", simplejwt.Mint(simplejwt.Key(), "access", 1, clock.Now, 5*time.Minute, simplejwt.NewJTI()), http.StatusOK},
		{"Django's access token", simplejwt.Recorded("ACCESS"), http.StatusOK},
		{"Django's foreign-style token", simplejwt.Recorded("FOREIGN_STYLE_ACCESS"), http.StatusOK},
		{"a minted refresh token used as access", simplejwt.Mint(simplejwt.Key(), "refresh", 1, clock.Now, time.Hour, simplejwt.NewJTI()), http.StatusUnauthorized},
		{"a token minted with another key", simplejwt.Mint([]byte("another key, also 32 bytes or so"), "access", 1, clock.Now, time.Minute, "j"), http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/me/", nil)
			req.Header.Set("Authorization", "Bearer "+tt.token)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("GET /api/me/ = %d; want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

package server_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// slidingRecording is testdata/simplejwt-sliding-cases.json, written by
// bench/peers/django/record-sliding.py against the real simplejwt 5.2.2.
// It is recording's layout plus the moment it ran and what it blacklisted.
type slidingRecording struct {
	recording
	RecordedAt  int64    `json:"recorded_at"`
	Blacklisted []string `json:"blacklisted_jtis"`
}

func loadSlidingRecording(t *testing.T) slidingRecording {
	t.Helper()
	var rec slidingRecording
	readJSON(t, "testdata/simplejwt-sliding-cases.json", &rec)
	if rec.SigningKey != servertest.SigningKey {
		t.Fatalf("recording signed with %q; servertest uses %q", rec.SigningKey, servertest.SigningKey)
	}
	return rec
}

// startSliding starts a -sliding server whose clock stands at the moment
// the recording's cases ran, with the recording's blacklist.
func startSliding(t *testing.T, rec slidingRecording, profile string) *servertest.Server {
	t.Helper()
	cfg, _ := server.Profile(profile)
	cfg.Sliding = true
	cfg.Clock = func() time.Time { return time.Unix(rec.RecordedAt, 0) }
	cfg.LoginRateIP, cfg.LoginRateUser = 0, 0 // as in TestSimplejwtCases
	s := servertest.Start(t, servertest.WithConfig(cfg))
	for _, jti := range rec.Blacklisted {
		if _, err := s.Store.Blacklist(context.Background(), jti, 1, time.Unix(rec.RecordedAt+86400, 0)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// payloadOf decodes a token's claims, keeping numbers exact.
func payloadOf(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q has %d segments; want 3", tok, len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func claimInt(t *testing.T, m map[string]any, name string) int64 {
	t.Helper()
	n, ok := m[name].(json.Number)
	if !ok {
		t.Fatalf("claim %s = %v; want a number", name, m[name])
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return i
}

var slidingLayout = regexp.MustCompile(`^\{"token_type":"sliding","exp":\d{10},"iat":\d{10},"jti":"[0-9a-f]{32}","refresh_exp":\d{10},"user_id":\d+\}$`)

// checkSliding checks a sliding token has simplejwt's header, claim order
// and HMAC.
func checkSliding(t *testing.T, tok, key string) {
	t.Helper()
	parts := strings.Split(tok, ".")
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if string(header) != `{"alg":"HS256","typ":"JWT"}` {
		t.Errorf("header = %s; want simplejwt's", header)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if !slidingLayout.Match(payload) {
		t.Errorf("payload = %s; want simplejwt's sliding claims in its order", payload)
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if got := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)); got != parts[2] {
		t.Errorf("signature %s; want HMAC-SHA256 %s", parts[2], got)
	}
}

// TestSimplejwtSlidingCases replays every sliding-token request recorded
// against simplejwt 5.2.2 and compares status, body and headers; the
// tokens we mint are checked for simplejwt's layout.
func TestSimplejwtSlidingCases(t *testing.T) {
	rec := loadSlidingRecording(t)
	for _, profile := range []string{"dev", "prod"} {
		t.Run(profile, func(t *testing.T) {
			s := startSliding(t, rec, profile)
			for _, c := range rec.Cases {
				t.Run(c.Name, func(t *testing.T) {
					resp, err := http.DefaultClient.Do(c.request(t, s.URL))
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					c.check(t, resp, body, rec.SigningKey)
					checkExtraHeaders(t, c.ResponseHeaders, resp)
				})
			}
		})
	}
}

// TestSlidingRefreshKeepsJTI checks the surprise of simplejwt 5.2.2's
// sliding refresh, in Django's recorded answer and in ours alike: the
// same jti and refresh_exp come back, only exp and iat move (to now and
// now + SLIDING_TOKEN_LIFETIME), and the old token is not blacklisted.
func TestSlidingRefreshKeepsJTI(t *testing.T) {
	rec := loadSlidingRecording(t)
	in := payloadOf(t, rec.Tokens["SLIDING_TO_SLIDE"])
	var django string
	for _, c := range rec.Cases {
		if c.Name == "sliding_refresh_ok" {
			var r struct{ Token string }
			if err := json.Unmarshal(c.Response, &r); err != nil {
				t.Fatal(err)
			}
			django = r.Token
		}
	}
	if django == "" {
		t.Fatal("recording has no sliding_refresh_ok case")
	}
	s := startSliding(t, rec, "dev")
	resp, err := http.Post(s.URL+"/api/token/sliding/refresh/", "application/json",
		strings.NewReader(`{"token":"`+rec.Tokens["SLIDING_TO_SLIDE"]+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	if r.Token == "" {
		t.Fatalf("sliding refresh = %d; want a token", resp.StatusCode)
	}
	for name, tok := range map[string]string{"Django's": django, "our": r.Token} {
		out := payloadOf(t, tok)
		if out["jti"] != in["jti"] {
			t.Errorf("%s slid jti = %v; want the original %v", name, out["jti"], in["jti"])
		}
		if claimInt(t, out, "refresh_exp") != claimInt(t, in, "refresh_exp") {
			t.Errorf("%s slid refresh_exp = %v; want the original %v", name, out["refresh_exp"], in["refresh_exp"])
		}
		if claimInt(t, out, "iat") <= claimInt(t, in, "iat") {
			t.Errorf("%s slid iat = %v; want later than the original %v", name, out["iat"], in["iat"])
		}
		if d := claimInt(t, out, "exp") - claimInt(t, out, "iat"); d != int64((5 * time.Minute).Seconds()) {
			t.Errorf("%s slid exp - iat = %d s; want SLIDING_TOKEN_LIFETIME 300 s", name, d)
		}
	}
	if got, want := claimInt(t, payloadOf(t, r.Token), "iat"), rec.RecordedAt; got != want {
		t.Errorf("our slid iat = %d; want now, %d", got, want)
	}
	// The token it was slid from still authenticates: nothing blacklists it.
	if code, body := getMe(t, s.URL, rec.Tokens["SLIDING_TO_SLIDE"]); code != http.StatusOK {
		t.Errorf("GET /api/me/ with the token before sliding = %d %s; want 200", code, body)
	}
}

// TestSlidingOff checks the sliding views are 404s and /api/me/ names
// only AccessToken without -sliding.
func TestSlidingOff(t *testing.T) {
	rec := loadSlidingRecording(t)
	s := servertest.Start(t, servertest.WithClock(func() time.Time { return time.Unix(rec.RecordedAt, 0) }))
	resp, err := http.Post(s.URL+"/api/token/sliding/", "application/json", strings.NewReader(`{"username":"demo","password":"demo-password-123"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /api/token/sliding/ without -sliding = %d; want 404", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", s.URL+"/api/me/", nil)
	req.Header.Set("Authorization", "Bearer "+rec.Tokens["SLIDING"])
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `{"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{"token_class":"AccessToken","token_type":"access","message":"Token has wrong type"}]}`
	if resp.StatusCode != http.StatusUnauthorized || string(body) != want {
		t.Errorf("GET /api/me/ with a sliding token, no -sliding = %d %s; want 401 %s", resp.StatusCode, body, want)
	}
}

// TestSlidingPathsWithoutSlash: the new paths redirect without their
// trailing slash, as Django's APPEND_SLASH does for the others.
func TestSlidingPathsWithoutSlash(t *testing.T) {
	rec := loadSlidingRecording(t)
	s := startSliding(t, rec, "prod")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"/api/token/sliding", "/api/token/sliding/refresh", "/api/token/revoke-all"} {
		resp, err := client.Post(s.URL+p, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != p+"/" {
			t.Errorf("POST %s = %d Location %q; want 301 to %s/", p, resp.StatusCode, resp.Header.Get("Location"), p)
		}
	}
}

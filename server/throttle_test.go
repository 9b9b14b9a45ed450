package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestThrottle: per client IP, then per username, a 429 with
// Retry-After, sent only after the throttle delay.
func TestThrottle(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.AccessLog = "off"
	cfg.LoginRateIP, cfg.LoginBurstIP = 0.001, 3
	cfg.LoginRateUser, cfg.LoginBurstUser = 0.001, 2
	cfg.ThrottleDelay = 300 * time.Millisecond
	s := servertest.Start(t, servertest.WithConfig(cfg))
	login := func(user, pw string) (int, string, time.Duration) {
		start := time.Now()
		resp, err := http.Post(s.URL+"/api/token/", "application/json", strings.NewReader(`{"username":"`+user+`","password":"`+pw+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After"), time.Since(start)
	}
	// Two failures empty demo's bucket; the third try is refused for
	// the username even though the IP still has a token left.
	for i, want := range []int{401, 401, 429} {
		code, retry, took := login("demo", "wrong")
		if code != want {
			t.Fatalf("login %d = %d; want %d", i+1, code, want)
		}
		if code == 429 && (retry == "" || took < cfg.ThrottleDelay) {
			t.Errorf("429 after %v with Retry-After %q; want it after the %v delay, with Retry-After", took, retry, cfg.ThrottleDelay)
		}
	}
	// The IP's burst of 3 is spent too now: any username is refused.
	if code, _, _ := login("inactive-demo", "x"); code != 429 {
		t.Errorf("fourth login from the same IP = %d; want 429", code)
	}
}

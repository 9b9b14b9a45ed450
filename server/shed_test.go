package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestShedsPastMaxInFlight: with one request in flight and room for one,
// the next API request is a 503 at once; health checks are never shed.
func TestShedsPastMaxInFlight(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.MaxInFlight = 1
	// A throttled login waits out the throttle delay in its handler,
	// holding its place. (A slow body no longer can: bodies are read
	// before a place is taken, see TestSlowBodiesDoNotLockOut.)
	cfg.LoginRateIP, cfg.LoginBurstIP = 0.001, 1
	cfg.ThrottleDelay = 3 * time.Second
	s := servertest.Start(t, servertest.WithConfig(cfg))
	login := func() int {
		resp, err := http.Post(s.URL+"/api/token/", "application/json", strings.NewReader(`{"username":"demo","password":"x"}`))
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := login(); c != 401 {
		t.Fatalf("first login = %d; want 401", c)
	}
	// The held login is itself shed when it arrives while a GET below
	// holds the one place: then it tries again. Both loops are bounded.
	held := make(chan int, 1)
	go func() {
		for deadline := time.Now().Add(10 * time.Second); ; {
			if c := login(); c != 503 || time.Now().After(deadline) {
				held <- c
				return
			}
		}
	}()
	var code int
	var body string
	// Until the held login is in its handler: then, and only then, the
	// place is taken when a GET comes.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		resp, err := http.Get(s.URL + "/api/me/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		code, body = resp.StatusCode, string(b)
		if code == 503 {
			if resp.Header.Get("Retry-After") != "1" {
				t.Errorf("503 without Retry-After: 1")
			}
			break
		}
	}
	if code != 503 || !strings.Contains(body, "Service temporarily unavailable") {
		t.Errorf("GET /api/me/ beside a request in flight = %d %s; want 503", code, body)
	}
	if resp, err := http.Get(s.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("/healthz while shedding = %v, %v; want 200", resp.StatusCode, err)
	}
	if c := <-held; c != 429 {
		t.Errorf("the held request finished with %d; want 429 (it was served, not shed)", c)
	}
}

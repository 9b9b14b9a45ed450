package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestShedsPastMaxInFlight: with one request in flight and room for one,
// the next API request is a 503 at once; health checks are never shed.
func TestShedsPastMaxInFlight(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.AccessLog = "off"
	cfg.MaxInFlight = 1
	s := servertest.Start(t, servertest.WithConfig(cfg))
	// A request whose body is still coming holds its place.
	pr, pw := io.Pipe()
	held := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", s.URL+"/api/token/verify/", pr)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			held <- 0
			return
		}
		resp.Body.Close()
		held <- resp.StatusCode
	}()
	io.WriteString(pw, `{"token":`) // the server is now reading this body
	var code int
	var body string
	for range 100 { // until the first request is in the handler
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
	io.WriteString(pw, `"x"}`)
	pw.Close()
	if c := <-held; c != 401 {
		t.Errorf("the held request finished with %d; want 401 (it was served, not shed)", c)
	}
}

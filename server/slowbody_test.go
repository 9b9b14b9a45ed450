package server_test

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestSlowBodiesDoNotLockOut is issue 14's attack at a CI-sized scale:
// five times max_in_flight connections each send their headers and one
// byte of a 100-byte body, then stall. A valid token must still get 200
// from /api/me/: slow senders may hurt only themselves.
func TestSlowBodiesDoNotLockOut(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.MaxInFlight = 8 // prod's 1,024 scaled down with the connections
	const conns = 5 * 8
	s := servertest.Start(t, servertest.WithConfig(cfg))
	access := loginAs(t, s.URL, servertest.Username, servertest.Password).Access

	host := strings.TrimPrefix(s.URL, "http://")
	req := "POST /api/token/verify/ HTTP/1.1\r\nHost: " + host +
		"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
	// Each stalled connection either gets an answer at once (refused)
	// or none while it stalls (its body is being waited for).
	answered := make(chan struct{}, conns)
	var wg sync.WaitGroup
	var open []net.Conn
	for range conns {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, c)
		if _, err := c.Write([]byte(req)); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
				answered <- struct{}{}
			}
		}()
	}
	t.Cleanup(func() {
		for _, c := range open {
			c.Close()
		}
		wg.Wait()
	})
	// Wait until the server has refused every connection beyond those it
	// can be waiting on (max_in_flight without the fix, the per-client
	// bound with it): every stalled request has then reached a handler.
	waiting := max(cfg.MaxInFlight, cfg.MaxBodyReadsPerClient)
	deadline := time.After(10 * time.Second) // bounds the test, asserts no speed
	for range conns - waiting {
		select {
		case <-answered:
		case <-deadline:
			t.Fatalf("fewer than %d of %d stalled connections were answered", conns-waiting, conns)
		}
	}
	for i := range 3 {
		if code, body := getMe(t, s.URL, access); code != 200 {
			t.Fatalf("GET /api/me/ #%d beside %d stalled bodies = %d %s; want 200", i+1, conns, code, body)
		}
	}
}

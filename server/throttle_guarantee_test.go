package server_test

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/store"
)

// TestThrottleGuarantees measures what prod's login throttles allow, with
// prod's rates and bursts, against the bound each one promises; NOTES.md
// ("What each login throttle guarantees") quotes the counts it logs.
// Every guess is a wrong password, sent one after another as fast as the
// server answers (no throttle delay, so the run is short).
func TestThrottleGuarantees(t *testing.T) {
	prod := server.ProdConfig()
	const guesses = 120
	for _, tc := range []struct {
		name      string
		instances int
		peer      func(i int) string // the client address of guess i
		user      func(i int) string // the username it tries
		rate      float64            // the throttle that should bind
		burst     int
	}{
		{"one IPv4 address, many usernames", 1,
			func(int) string { return "192.0.2.7:1000" },
			func(i int) string { return fmt.Sprintf("nobody%d", i) },
			prod.LoginRateIP, prod.LoginBurstIP},
		{"one IPv6 /64, a new address each guess", 1,
			func(i int) string { return fmt.Sprintf("[2001:db8:0:1::%x]:1000", i+1) },
			func(i int) string { return fmt.Sprintf("nobody%d", i) },
			prod.LoginRateIP, prod.LoginBurstIP},
		{"one username, a new /64 each guess", 1,
			func(i int) string { return fmt.Sprintf("[2001:db8:%x::1]:1000", i+1) },
			func(int) string { return "demo" },
			prod.LoginRateUser, prod.LoginBurstUser},
		{"one username, a new /64 each guess, two instances", 2,
			func(i int) string { return fmt.Sprintf("[2001:db8:%x::1]:1000", i+1) },
			func(int) string { return "demo" },
			prod.LoginRateUser, prod.LoginBurstUser},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := server.ProdConfig()
			cfg.AccessLog = "off"
			cfg.ThrottleDelay = 0
			cfg.AllowedHosts = []string{"example.com"} // httptest.NewRequest's Host
			// The instances share one database, as behind nginx.
			st := demoStore(t, ":memory:", store.Options{})
			var hs []http.Handler
			for range tc.instances {
				hs = append(hs, server.New(cfg, st, demoKeys(t), nil))
			}
			start := time.Now()
			codes := map[int]int{}
			for i := range guesses {
				req := httptest.NewRequest("POST", "/api/token/", strings.NewReader(`{"username":"`+tc.user(i)+`","password":"wrong"}`))
				req.Header.Set("Content-Type", "application/json")
				req.RemoteAddr = tc.peer(i)
				rec := httptest.NewRecorder()
				hs[i%len(hs)].ServeHTTP(rec, req)
				codes[rec.Code]++
			}
			elapsed := time.Since(start)
			// Each instance allows the burst and then the rate, and a
			// refill may land just as the run ends.
			bound := tc.instances * (tc.burst + int(math.Floor(elapsed.Seconds()*tc.rate)) + 1)
			if codes[401] > bound {
				t.Errorf("%d guesses in %v: %d checked (401), %v; want at most %d", guesses, elapsed.Round(time.Millisecond), codes[401], codes, bound)
			}
			if codes[401] < tc.instances*tc.burst {
				t.Errorf("%d guesses: %d checked (401); want at least the burst, %d per instance", guesses, codes[401], tc.burst)
			}
			if codes[401]+codes[429] != guesses {
				t.Errorf("answers %v; want only 401 and 429", codes)
			}
			t.Logf("%d guesses in %v: %d checked (401), %d refused (429)", guesses, elapsed.Round(time.Millisecond), codes[401], codes[429])
		})
	}
}

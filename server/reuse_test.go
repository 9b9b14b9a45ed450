package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/password"
	"jwtlab/server/servertest"
)

type tokenPair struct{ Access, Refresh, Token string }

func loginAs(t *testing.T, base, username, pw string) tokenPair {
	t.Helper()
	code, body := postJSON(t, base+"/api/token/", `{"username":"`+username+`","password":"`+pw+`"}`, "")
	if code != http.StatusOK {
		t.Fatalf("login %s = %d %s", username, code, body)
	}
	var p tokenPair
	json.Unmarshal([]byte(body), &p)
	return p
}

// refresh posts a refresh token; it returns the status and, on 200, the
// new pair.
func refresh(t *testing.T, base, tok string) (int, tokenPair, string) {
	t.Helper()
	code, body := postJSON(t, base+"/api/token/refresh/", `{"refresh":"`+tok+`"}`, "")
	var p tokenPair
	json.Unmarshal([]byte(body), &p)
	return code, p, body
}

const blacklistedBody = `{"detail":"Token is blacklisted","code":"token_not_valid"}`

func reuseServer(t *testing.T, detect bool, grace time.Duration) *servertest.Server {
	t.Helper()
	cfg := server.DevConfig()
	cfg.RotateRefresh, cfg.BlacklistAfterRotation = true, true
	cfg.ReuseDetection, cfg.ReuseGrace = detect, grace
	return servertest.Start(t, servertest.WithConfig(cfg))
}

// TestReuseRevokesFamily: a retired refresh token presented again gets
// simplejwt's 401 and takes its whole family down - the token the thief
// (or the client) got by rotating is dead too - while another login of
// the same user keeps working. Without -reuse-detection only the retired
// token is refused.
func TestReuseRevokesFamily(t *testing.T) {
	for _, detect := range []bool{true, false} {
		t.Run(map[bool]string{true: "with reuse detection", false: "without"}[detect], func(t *testing.T) {
			s := reuseServer(t, detect, 0)
			a := loginAs(t, s.URL, servertest.Username, servertest.Password)
			b := loginAs(t, s.URL, servertest.Username, servertest.Password)
			code, a1, body := refresh(t, s.URL, a.Refresh)
			if code != http.StatusOK || a1.Refresh == "" {
				t.Fatalf("first refresh = %d %s; want 200 with a new refresh token", code, body)
			}
			code, a2, _ := refresh(t, s.URL, a1.Refresh)
			if code != http.StatusOK {
				t.Fatalf("second refresh = %d", code)
			}
			// The retired first token comes back: a thief, or the client.
			if code, _, body := refresh(t, s.URL, a.Refresh); code != http.StatusUnauthorized || body != blacklistedBody {
				t.Errorf("reused retired token = %d %s; want 401 %s", code, body, blacklistedBody)
			}
			code, _, body = refresh(t, s.URL, a2.Refresh)
			if detect && (code != http.StatusUnauthorized || body != blacklistedBody) {
				t.Errorf("family's newest token after reuse = %d %s; want 401 %s", code, body, blacklistedBody)
			}
			if !detect && code != http.StatusOK {
				t.Errorf("without reuse detection, newest token = %d %s; want 200", code, body)
			}
			if code, _, body := refresh(t, s.URL, b.Refresh); code != http.StatusOK {
				t.Errorf("the other login's refresh = %d %s; want 200 (another family)", code, body)
			}
		})
	}
}

// TestReuseGraceWindow documents the race choice: a retired token seen
// again within the grace window (two tabs refreshing together) gets the
// 401 but spares the family; with no window the same request revokes
// it. Past the window it is theft whatever the setting.
func TestReuseGraceWindow(t *testing.T) {
	for _, tc := range []struct {
		name       string
		grace      time.Duration
		familyLive bool
	}{
		// A minute, not the 2 s default, so a slow machine cannot push the
		// late request out of the window.
		{"a racing tab inside the grace window spares the family", time.Minute, true},
		{"with no window the same race revokes the family", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := reuseServer(t, true, tc.grace)
			p := loginAs(t, s.URL, servertest.Username, servertest.Password)
			// Two tabs send the same token at once: exactly one wins.
			const tabs = 4
			var wg sync.WaitGroup
			codes := make([]int, tabs)
			news := make([]tokenPair, tabs)
			for i := range tabs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i], news[i], _ = refresh(t, s.URL, p.Refresh)
				}()
			}
			wg.Wait()
			var winner tokenPair
			wins := 0
			for i, c := range codes {
				switch c {
				case http.StatusOK:
					wins++
					winner = news[i]
				case http.StatusUnauthorized:
				default:
					t.Errorf("tab %d got %d; want 200 or 401", i, c)
				}
			}
			// Inside a window exactly one tab wins. With none, a loser that
			// reads the retired token before the winner has recorded its
			// new one revokes the family under the winner, whose token is
			// then dead on arrival: no tab may win, never two.
			if wins > 1 || tc.familyLive && wins != 1 {
				t.Fatalf("%d tabs won the refresh (%v); want exactly 1 (at most 1 without a window)", wins, codes)
			}
			if wins == 0 {
				if code, _, body := refresh(t, s.URL, p.Refresh); code != http.StatusUnauthorized {
					t.Errorf("the raced token after a race nobody won = %d %s; want 401", code, body)
				}
				return
			}
			// The losers may have arrived after the winner retired the token;
			// make sure one late request does, inside the window.
			refresh(t, s.URL, p.Refresh)
			code, _, body := refresh(t, s.URL, winner.Refresh)
			if tc.familyLive && code != http.StatusOK {
				t.Errorf("winner's token after the race = %d %s; want 200", code, body)
			}
			if !tc.familyLive && code != http.StatusUnauthorized {
				t.Errorf("winner's token after the race = %d %s; want 401 (family revoked)", code, body)
			}
		})
	}
}

// TestReuseNeedsRotation: the setting is refused without rotation and
// blacklisting, which are what retire a token.
func TestReuseNeedsRotation(t *testing.T) {
	for _, tc := range []struct{ rotate, blacklist bool }{{false, false}, {true, false}} {
		cfg := server.DevConfig()
		cfg.ReuseDetection = true
		cfg.RotateRefresh, cfg.BlacklistAfterRotation = tc.rotate, tc.blacklist
		if err := cfg.Validate(); !errors.Is(err, server.ErrReuseNeedsRotation) {
			t.Errorf("Validate(reuse, rotate=%t, blacklist=%t) = %v; want ErrReuseNeedsRotation", tc.rotate, tc.blacklist, err)
		}
	}
	cfg := server.DevConfig()
	cfg.ReuseDetection, cfg.RotateRefresh, cfg.BlacklistAfterRotation = true, true, true
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate(reuse with rotation and blacklist) = %v; want nil", err)
	}
}

// TestRevokeAll: logout everywhere blacklists every refresh token of the
// user - from each login, the ones rotation minted, and sliding tokens -
// and no one else's; access tokens live on until their exp.
func TestRevokeAll(t *testing.T) {
	cfg := server.DevConfig()
	cfg.RotateRefresh, cfg.BlacklistAfterRotation, cfg.Sliding = true, true, true
	s := servertest.Start(t, servertest.WithConfig(cfg))
	hash, err := password.Hash("other-password-123", cfg.HashParams)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.AddUser(context.Background(), "other", hash); err != nil {
		t.Fatal(err)
	}
	a := loginAs(t, s.URL, servertest.Username, servertest.Password)
	b := loginAs(t, s.URL, servertest.Username, servertest.Password)
	_, rotated, _ := refresh(t, s.URL, b.Refresh)
	code, body := postJSON(t, s.URL+"/api/token/sliding/", `{"username":"demo","password":"demo-password-123"}`, "")
	var sl tokenPair
	json.Unmarshal([]byte(body), &sl)
	if code != http.StatusOK || sl.Token == "" {
		t.Fatalf("sliding login = %d %s", code, body)
	}
	other := loginAs(t, s.URL, "other", "other-password-123")

	if code, body := postJSON(t, s.URL+"/api/token/revoke-all/", "", a.Access); code != http.StatusOK || body != "{}" {
		t.Fatalf("revoke-all = %d %s; want 200 {}", code, body)
	}
	for name, tok := range map[string]string{"first login": a.Refresh, "rotated": rotated.Refresh} {
		if code, _, body := refresh(t, s.URL, tok); code != http.StatusUnauthorized || body != blacklistedBody {
			t.Errorf("refresh with the %s token after revoke-all = %d %s; want 401 %s", name, code, body, blacklistedBody)
		}
	}
	if code, body := postJSON(t, s.URL+"/api/token/sliding/refresh/", `{"token":"`+sl.Token+`"}`, ""); code != http.StatusUnauthorized || body != blacklistedBody {
		t.Errorf("sliding refresh after revoke-all = %d %s; want 401 %s", code, body, blacklistedBody)
	}
	if code, _, body := refresh(t, s.URL, other.Refresh); code != http.StatusOK {
		t.Errorf("another user's refresh after revoke-all = %d %s; want 200", code, body)
	}
	if code, body := getMe(t, s.URL, a.Access); code != http.StatusOK {
		t.Errorf("GET /api/me/ with an access token after revoke-all = %d %s; want 200 until it expires", code, body)
	}
}

// TestRevokeAllNeedsCredentials: without a token, or with a bad one,
// revoke-all answers exactly what /api/me/ answers.
func TestRevokeAllNeedsCredentials(t *testing.T) {
	s := servertest.Start(t)
	for _, auth := range []string{"", "Bearer not-a-token", "Bearer"} {
		var bodies [2]string
		var codes [2]int
		var challenges [2]string
		for i, m := range []struct{ method, path string }{{"GET", "/api/me/"}, {"POST", "/api/token/revoke-all/"}} {
			req, _ := http.NewRequest(m.method, s.URL+m.path, nil)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			bodies[i], codes[i], challenges[i] = string(b), resp.StatusCode, resp.Header.Get("WWW-Authenticate")
		}
		if codes[1] != http.StatusUnauthorized || codes[1] != codes[0] || bodies[1] != bodies[0] || challenges[1] != challenges[0] {
			t.Errorf("Authorization %q: revoke-all = %d %s (%q); want /api/me/'s %d %s (%q)", auth, codes[1], bodies[1], challenges[1], codes[0], bodies[0], challenges[0])
		}
	}
}

package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func testTokens(t *testing.T) *tokens {
	t.Helper()
	c := newMintCache(testMinter(), 0)
	c.size = 100 // enough for every test's hits, quick under -race
	ts, err := c.get()
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// hits calls tr n times and returns the targets.
func hits(t *testing.T, tr vegeta.Targeter, n int) []vegeta.Target {
	t.Helper()
	out := make([]vegeta.Target, n)
	for i := range out {
		if err := tr(&out[i]); err != nil {
			t.Fatalf("targeter hit %d: %v", i, err)
		}
	}
	return out
}

var testLogin = []byte(`{"password":"demo-password-123","username":"demo"}`)

func TestTargetersSendFreshTokens(t *testing.T) {
	const base = "http://127.0.0.1:9"
	for _, tc := range []struct {
		scenario, method, url, field string
		kind                         string // token type the request must carry
	}{
		{"me", "GET", base + "/api/me/", "", "access"},
		{"refresh", "POST", base + "/api/token/refresh/", "refresh", "refresh"},
		{"verify", "POST", base + "/api/token/verify/", "token", "access"},
		{"rotate", "POST", base + "/api/token/refresh/", "refresh", "refresh"},
		{"rotate+reuse", "POST", base + "/api/token/refresh/", "refresh", "refresh"},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			tr, err := testTokens(t).targeter(tc.scenario, base, testLogin, 10)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for i, tgt := range hits(t, tr, 25) {
				if tgt.Method != tc.method || tgt.URL != tc.url {
					t.Fatalf("hit %d = %s %s; want %s %s", i, tgt.Method, tgt.URL, tc.method, tc.url)
				}
				var tok string
				if tc.field == "" {
					auth := tgt.Header.Get("Authorization")
					tok = strings.TrimPrefix(auth, "Bearer ")
					if tok == auth {
						t.Fatalf("hit %d: Authorization = %q; want Bearer <token>", i, auth)
					}
				} else {
					if ct := tgt.Header.Get("Content-Type"); ct != "application/json" {
						t.Errorf("hit %d: Content-Type = %q; want application/json", i, ct)
					}
					var body map[string]string
					if err := json.Unmarshal(tgt.Body, &body); err != nil || len(body) != 1 {
						t.Fatalf("hit %d: body %s; want one JSON field %q", i, tgt.Body, tc.field)
					}
					tok = body[tc.field]
				}
				if !strings.Contains(segment(t, tok, 1), `"token_type":"`+tc.kind+`"`) {
					t.Fatalf("hit %d carries %s; want a %s token", i, segment(t, tok, 1), tc.kind)
				}
				if seen[tok] {
					t.Fatalf("hit %d reuses a token; want a fresh one per hit", i)
				}
				seen[tok] = true
			}
		})
	}
}

func TestSlidingLogsInOnceAndSendsThatToken(t *testing.T) {
	var logins atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := make([]byte, 200)
		n, _ := r.Body.Read(body)
		if r.Method != http.MethodPost || r.URL.Path != "/api/token/sliding/" || string(body[:n]) != string(testLogin) {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `{"token":"sliding-%d"}`, logins.Add(1))
	}))
	defer srv.Close()
	tok, err := slidingLogin(context.Background(), srv.URL, testLogin)
	if err != nil || tok != "sliding-1" {
		t.Fatalf("slidingLogin = %q, %v; want sliding-1", tok, err)
	}
	ts := testTokens(t)
	if _, err := ts.targeter("sliding", srv.URL, testLogin, 0); err == nil {
		t.Error(`targeter("sliding") before a sliding login = nil error; want one`)
	}
	ts.sliding = tok
	tr, err := ts.targeter("sliding", srv.URL, testLogin, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, tgt := range hits(t, tr, 5) {
		if tgt.Method != http.MethodGet || tgt.URL != srv.URL+"/api/me/" || tgt.Header.Get("Authorization") != "Bearer sliding-1" {
			t.Errorf("hit %d = %s %s %q; want GET /api/me/ with Bearer sliding-1", i, tgt.Method, tgt.URL, tgt.Header.Get("Authorization"))
		}
	}
	if n := logins.Load(); n != 1 {
		t.Errorf("%d sliding logins; want 1", n)
	}
}

func TestSlidingLoginSaysWhenTheServerHasNoSlidingView(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if _, err := slidingLogin(context.Background(), srv.URL, testLogin); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("slidingLogin(no sliding view) = %v; want an error naming 404", err)
	}
}

func TestEveryScenarioIsDescribedAndConfigured(t *testing.T) {
	for _, sc := range scenarioNames {
		if scenarioAbout[sc] == "" {
			t.Errorf("scenario %q has no scenarioAbout line", sc)
		}
	}
	for _, tc := range []struct {
		scenario string
		want     []string
	}{
		{"me", nil},
		{"rotate", []string{"-rotate-refresh", "-blacklist-after-rotation"}},
		{"rotate+reuse", []string{"-rotate-refresh", "-blacklist-after-rotation", "-reuse-detection"}},
		{"sliding", []string{"-sliding"}},
	} {
		if got := serveArgs(KindServe, tc.scenario); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("serveArgs(serve, %s) = %q; want %q", tc.scenario, got, tc.want)
		}
	}
}

func TestScriptPeersGetTheScenariosSettings(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		want     []string
	}{
		{"me", nil},
		{"rotate", []string{"JWT_ROTATE=1"}},
		{"sliding", []string{"JWT_SLIDING=1"}},
	} {
		if got, err := scriptEnv(tc.scenario); err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("scriptEnv(%s) = %q, %v; want %q", tc.scenario, got, err, tc.want)
		}
	}
	if _, err := scriptEnv("rotate+reuse"); !errors.Is(err, errNoReuseDetection) {
		t.Errorf("scriptEnv(rotate+reuse) = %v; want errNoReuseDetection (simplejwt has none)", err)
	}
}

func TestObtainTargeterLogsIn(t *testing.T) {
	tr, err := testTokens(t).targeter("obtain", "http://h", testLogin, 0)
	if err != nil {
		t.Fatal(err)
	}
	tgt := hits(t, tr, 1)[0]
	if tgt.Method != http.MethodPost || tgt.URL != "http://h/api/token/" || string(tgt.Body) != string(testLogin) {
		t.Errorf("obtain = %s %s %s; want POST http://h/api/token/ %s", tgt.Method, tgt.URL, tgt.Body, testLogin)
	}
}

func TestUnknownScenarioHasNoTargeter(t *testing.T) {
	if _, err := testTokens(t).targeter("nope", "http://h", testLogin, 0); err == nil {
		t.Error(`targeter("nope") = nil error; want one`)
	}
}

func TestLoginTokensCycleLoginsAndRefuseRotate(t *testing.T) {
	var logins atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/token/" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		n := logins.Add(1)
		fmt.Fprintf(w, `{"access":"a%d","refresh":"r%d"}`, n, n)
	}))
	defer srv.Close()
	ts, err := loginTokens(context.Background(), srv.URL, testLogin)
	if err != nil {
		t.Fatal(err)
	}
	if n := logins.Load(); n != loginPairs {
		t.Errorf("logged in %d times; want %d", n, loginPairs)
	}
	seen := map[string]bool{}
	for range 2 * loginPairs {
		tok, _ := ts.access()
		seen[tok] = true
	}
	if len(seen) != loginPairs {
		t.Errorf("%d distinct access tokens over two rounds; want %d", len(seen), loginPairs)
	}
	if _, err := ts.targeter("rotate", srv.URL, testLogin, 5); err == nil {
		t.Error("rotate with logged-in tokens = nil error; want one (they cannot be single-use)")
	}
}

func TestLoginTokensReportRefusedLogin(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"detail":"No active account found with the given credentials"}`)
	}))
	defer srv.Close()
	if _, err := loginTokens(context.Background(), srv.URL, testLogin); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("loginTokens(refusing server) = %v; want an error naming 401", err)
	}
}

func TestDjangoTargetsSkipWithAReason(t *testing.T) {
	ts, skips := DjangoTargets(context.Background(), t.TempDir())
	// One skip per start script: run-dev.sh, run-prod.sh, run-tuned.sh.
	if len(ts) != 0 || len(skips) != 3 {
		t.Fatalf("DjangoTargets(empty folder) = %v, %v; want no targets, three skips", ts, skips)
	}
	for _, s := range skips {
		if !strings.Contains(s.Reason, "not found") || strings.Contains(s.Reason, "\n") {
			t.Errorf("skip %s: reason %q; want one line saying the script was not found", s.Target, s.Reason)
		}
	}
}

func TestFloodIsAQuietBaselineThenLoginsBesideMe(t *testing.T) {
	r := &runner{cfg: &Config{Workers: 32, Duration: 4 * time.Second}, login: testLogin}
	groups, err := r.maxSpecs(Target{Name: "prod"}, "flood", "http://h", testTokens(t), 300)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, g := range groups {
		var names []string
		for _, s := range g {
			names = append(names, fmt.Sprintf("%s %s %d/s %v", s.scenario, s.mode, s.rate, s.duration))
		}
		got = append(got, names)
	}
	want := [][]string{
		{"flood/me-quiet rate 300/s 4s"},
		{"flood/login max 0/s 4s", "flood/me rate 300/s 4s"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flood attacks = %v; want %v", got, want)
	}
}

func TestAutoFloodRateIsHalfTheTargetsMe(t *testing.T) {
	done := []Result{
		{Target: "dev", Scenario: "me", Mode: "max", RPS: 450, Success: 1},
		{Target: "slow", Scenario: "me", Mode: "max", RPS: 60, Success: 1},
		{Target: "prod", Scenario: "me", Mode: "max", RPS: 9000, Success: 1},
	}
	for target, want := range map[string]int{"dev": 225, "slow": minFloodRate, "prod": maxFloodRate, "new": maxFloodRate} {
		if got := autoFloodRate(done, target); got != want {
			t.Errorf("autoFloodRate(%s) = %d; want %d", target, got, want)
		}
	}
}

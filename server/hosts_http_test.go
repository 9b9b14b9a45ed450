package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestDisallowedHost: a login sent with Host: attacker.example (as a
// DNS-rebinding page would) gets Django's 400, not tokens; the same
// login with the server's own address succeeds.
func TestDisallowedHost(t *testing.T) {
	s := servertest.Start(t)
	for _, tc := range []struct {
		host string
		want int
	}{
		{"attacker.example", 400},
		{strings.TrimPrefix(s.URL, "http://"), 200},
	} {
		req, _ := http.NewRequest("POST", s.URL+"/api/token/", strings.NewReader(`{"username":"demo","password":"demo-password-123"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Host = tc.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("login with Host %s = %d %s; want %d", tc.host, resp.StatusCode, body, tc.want)
		}
		if tc.want == 400 && strings.Contains(string(body), "access") {
			t.Errorf("refused host got tokens: %s", body)
		}
	}
}

// TestProbesAnswerAnyHost: /healthz and /readyz answer whatever Host a
// probe sends (an orchestrator addresses a pod by IP), while the API
// beside them still refuses a host not allowed.
func TestProbesAnswerAnyHost(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.AccessLog = "off"
	h := inProcess(t, cfg, nil)
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/api/me/": 400} {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "10.1.2.3:8000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("GET %s with Host 10.1.2.3:8000 = %d %s; want %d", path, rec.Code, rec.Body, want)
		}
	}
}

package browser

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestNoCORSApproval: what keeps a page on another origin from sending
// X-CSRFToken is that its fetch needs a preflight the server never
// approves: the preflight's answer carries no Access-Control-* header,
// so the browser never sends the POST. Sent anyway (as a non-browser
// could), the POST meets the Origin check.
func TestNoCORSApproval(t *testing.T) {
	lab, rc, cc, err := StartSession()
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Close()
	other := "http://127.0.0.1:1" // another port of the same host: same site, another origin
	preflight, err := http.NewRequest(http.MethodOptions, lab.URL+"/api/token/refresh/", nil)
	if err != nil {
		t.Fatal(err)
	}
	preflight.Header.Set("Origin", other)
	preflight.Header.Set("Access-Control-Request-Method", "POST")
	preflight.Header.Set("Access-Control-Request-Headers", "x-csrftoken")
	resp, err := lab.server.Client().Do(preflight)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	post := lab.Post("/api/token/refresh/", "", map[string]string{"Origin": other, "X-CSRFToken": cc.Value}, rc, cc)
	if post.Status != http.StatusForbidden {
		t.Errorf("POST from %s = %v; want 403 (the Origin check, the second layer)", other, post)
	}
	for k := range resp.Header {
		if strings.HasPrefix(k, "Access-Control-") {
			t.Errorf("the preflight's answer has %s: %q; want no CORS header", k, resp.Header.Get(k))
		}
	}
}

// TestOriginBehindTLSProxy: the server takes its own origin's scheme from
// the connection. Behind a proxy that terminates TLS and passes the Host
// on (nginx's proxy_set_header Host $host), the browser's Origin is
// https://api.example.com while the server computes
// http://api.example.com: refused, until -trusted-origins lists it.
func TestOriginBehindTLSProxy(t *testing.T) {
	const host = "api.example.com"
	for _, tt := range []struct {
		name    string
		trusted []string
		want    int
	}{
		{"without -trusted-origins the https:// origin is refused", nil, http.StatusForbidden},
		{"listed in -trusted-origins it is accepted", []string{"https://" + host}, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := server.DevConfig()
			cfg.RefreshCookie = true
			cfg.AllowedHosts = append(cfg.AllowedHosts, host)
			cfg.TrustedOrigins = tt.trusted
			srv, err := servertest.New(servertest.WithConfig(cfg))
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			lab := &Lab{URL: srv.URL, server: srv}
			login := lab.Login()
			rc, cc := login.Cookie("refresh_token"), login.Cookie("csrftoken")
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/token/refresh/", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = host // as the proxy passes it on
			req.Header.Set("Origin", "https://"+host)
			req.Header.Set("X-CSRFToken", cc.Value)
			req.AddCookie(rc)
			req.AddCookie(cc)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("refresh with Host %s and Origin https://%s = %d %s; want %d", host, host, resp.StatusCode, body, tt.want)
			}
		})
	}
}

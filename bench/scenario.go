package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// scenarioNames are the scenarios, in the order a run takes them.
var scenarioNames = []string{"me", "refresh", "verify", "obtain", "flood", "rotate", "rotate+reuse", "sliding"}

// AllScenarios returns the scenario names, in the order a run takes them:
// a copy, so no caller can change what another sees.
func AllScenarios() []string { return slices.Clone(scenarioNames) }

// scenarioAbout explains each scenario in the plan.
var scenarioAbout = map[string]string{
	"me":      "GET /api/me/ with a valid access token (verify path)",
	"refresh": "POST /api/token/refresh/ (sign path, blacklist lookup)",
	"verify":  "POST /api/token/verify/",
	"obtain":  "POST /api/token/ (password-hash bound; the app's login throttle off, nginx's limit_req kept)",
	"flood":   "login flood (closed loop) while GET /api/me/ runs at a fixed rate",
	"rotate":  "refresh with -rotate-refresh -blacklist-after-rotation",
	// Beside rotate: what -reuse-detection adds per refresh. The family
	// is recorded and its revocation mark read under rotation either way;
	// detection works only when a retired token comes back, so the two
	// rows should match.
	"rotate+reuse": "rotate with -reuse-detection",
	// Beside me: a sliding token is checked against the blacklist on every
	// use (simplejwt's BlacklistMixin), an access token never is.
	"sliding": "GET /api/me/ with one sliding token from POST /api/token/sliding/ (-sliding; a blacklist read per request)",
}

// serveArgs are the flags a target needs on the jwtlab serve command line
// for a scenario; they come after the target's own -set overrides.
func serveArgs(kind, scenario string) []string {
	var args []string
	if kind == KindNginx || kind == KindCluster {
		// Believe nginx's X-Forwarded-For, as a real deployment would.
		args = append(args, "-trusted-proxies", "127.0.0.1/32")
	}
	switch scenario {
	case "rotate":
		args = append(args, "-rotate-refresh", "-blacklist-after-rotation")
	case "rotate+reuse":
		args = append(args, "-rotate-refresh", "-blacklist-after-rotation", "-reuse-detection")
	case "sliding":
		args = append(args, "-sliding")
	case "obtain":
		// One user from one address: the throttle would answer 429 after
		// a handful of logins, and obtain would measure the limiter, not
		// the password hash. The flood keeps the throttle on.
		args = append(args, "-set", "login_rate_ip=0", "-set", "login_rate_user=0")
	}
	return args
}

// tokenFunc hands out one token; vegeta workers call it concurrently.
type tokenFunc func() (string, error)

// jsonHeader is shared by every POST target: vegeta copies a target's
// headers into each request, so one map serves all hits.
var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// meTargeter sends GET /api/me/ with a fresh access token per hit.
func meTargeter(base string, access tokenFunc) vegeta.Targeter {
	url := base + "/api/me/"
	return func(t *vegeta.Target) error {
		tok, err := access()
		if err != nil {
			return err
		}
		*t = vegeta.Target{Method: http.MethodGet, URL: url,
			Header: http.Header{"Authorization": {"Bearer " + tok}}}
		return nil
	}
}

// postTokenTargeter sends {"<field>": "<token>"} to path with a fresh token
// per hit: refresh, rotate and verify are all this shape. Tokens are
// base64url and dots, so they need no JSON escaping.
func postTokenTargeter(base, path, field string, tokens tokenFunc) vegeta.Targeter {
	url := base + path
	prefix := []byte(`{"` + field + `":"`)
	return func(t *vegeta.Target) error {
		tok, err := tokens()
		if err != nil {
			return err
		}
		body := make([]byte, 0, len(prefix)+len(tok)+2)
		body = append(append(append(body, prefix...), tok...), `"}`...)
		*t = vegeta.Target{Method: http.MethodPost, URL: url, Body: body, Header: jsonHeader}
		return nil
	}
}

// slidingLogin obtains one sliding token from base, as a client does once
// per session; the sliding scenario then sends it on every hit.
func slidingLogin(ctx context.Context, base string, login []byte) (string, error) {
	client := newClient()
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/token/sliding/", bytes.NewReader(login))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("sliding login: %w", err)
	}
	defer resp.Body.Close()
	var got struct{ Token string }
	err = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&got)
	if resp.StatusCode == http.StatusNotFound {
		return "", fmt.Errorf("sliding login at %s: %s: the server does not route POST /api/token/sliding/ (jwtlab needs -sliding, the Django peer JWT_SLIDING=1)", base, resp.Status)
	}
	if resp.StatusCode != http.StatusOK || err != nil || got.Token == "" {
		return "", fmt.Errorf("sliding login at %s: %s", base, resp.Status)
	}
	return got.Token, nil
}

// obtainTargeter logs in with the same credentials on every hit: the cost
// under test is the password hash, which no cache may skip.
func obtainTargeter(base string, login []byte) vegeta.Targeter {
	url := base + "/api/token/"
	return func(t *vegeta.Target) error {
		*t = vegeta.Target{Method: http.MethodPost, URL: url, Body: login, Header: jsonHeader}
		return nil
	}
}

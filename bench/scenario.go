package bench

import (
	"net/http"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Scenario names, in the order a run takes them.
var Scenarios = []string{"me", "refresh", "verify", "obtain", "flood", "rotate"}

// scenarioAbout explains each scenario in the plan.
var scenarioAbout = map[string]string{
	"me":      "GET /api/me/ with a valid access token (verify path)",
	"refresh": "POST /api/token/refresh/ (sign path, blacklist lookup)",
	"verify":  "POST /api/token/verify/",
	"obtain":  "POST /api/token/ (password-hash bound)",
	"flood":   "login flood (closed loop) while GET /api/me/ runs at a fixed rate",
	"rotate":  "refresh with -rotate-refresh -blacklist-after-rotation",
}

// serveArgs are the flags a scenario needs on the jwtlab serve command line.
func serveArgs(scenario string) []string {
	if scenario == "rotate" {
		return []string{"-rotate-refresh", "-blacklist-after-rotation"}
	}
	return nil
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

// obtainTargeter logs in with the same credentials on every hit: the cost
// under test is the password hash, which no cache may skip.
func obtainTargeter(base string, login []byte) vegeta.Targeter {
	url := base + "/api/token/"
	return func(t *vegeta.Target) error {
		*t = vegeta.Target{Method: http.MethodPost, URL: url, Body: login, Header: jsonHeader}
		return nil
	}
}

package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// send makes one request to url, with body as JSON on a POST and the bearer
// token when one is given, and returns the status and the body.
func send(t *testing.T, method, url, body, bearer string) (int, string) {
	t.Helper()
	code, b, _ := request(t, method, url, body, bearer)
	return code, b
}

// request is send that returns the response's headers too.
func request(t *testing.T, method, url, body, bearer string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// postJSON posts a JSON body (and a bearer token when given) and returns
// the status and body.
func postJSON(t *testing.T, url, body, bearer string) (int, string) {
	t.Helper()
	return send(t, http.MethodPost, url, body, bearer)
}

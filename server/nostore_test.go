package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// checkExtraHeaders fails when we send a header simplejwt's recorded
// answer lacks, with exactly one deliberate difference: Cache-Control:
// no-store on an answer that carries tokens (RFC 6749 §5.1). Date and
// Content-Length are per-response framing, not policy. One older
// difference stays allowed: Django's APPEND_SLASH redirect has no
// X-Frame-Options (CommonMiddleware answers before XFrameOptionsMiddleware
// sees the response); ours goes through the same security headers as
// every answer, which only restricts framing further.
func checkExtraHeaders(t *testing.T, recorded [][2]string, resp *http.Response) {
	t.Helper()
	var names []string
	for _, h := range recorded {
		names = append(names, http.CanonicalHeaderKey(h[0]))
	}
	carriesTokens := resp.StatusCode == http.StatusOK && resp.Request.Method == http.MethodPost &&
		slices.Contains([]string{"/api/token/", "/api/token/refresh/", "/api/token/sliding/", "/api/token/sliding/refresh/"}, resp.Request.URL.Path)
	for name, v := range resp.Header {
		switch {
		case slices.Contains(names, name), name == "Date", name == "Content-Length":
		case name == "Cache-Control" && carriesTokens:
		case name == "X-Frame-Options" && resp.StatusCode == http.StatusMovedPermanently:
		default:
			t.Errorf("header %s: %q, which simplejwt does not send", name, strings.Join(v, ", "))
		}
	}
	if carriesTokens && resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("answer carrying tokens: Cache-Control = %q; want no-store (RFC 6749 §5.1)", resp.Header.Get("Cache-Control"))
	}
}

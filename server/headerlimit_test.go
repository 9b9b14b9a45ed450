package server_test

import (
	"net/http"
	"strings"
	"testing"

	"jwtlab/server"
	"jwtlab/server/servertest"
)

// TestHeaderLineLimit: dev refuses a header line over 65,536 bytes
// (CRLF included) with 431 and a request line over it with 414, as
// runserver does, though both fit in its 1 MiB of headers.
func TestHeaderLineLimit(t *testing.T) {
	s := servertest.Start(t)
	limit := server.DevConfig().MaxHeaderLineBytes
	get := func(path, value string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		req.Header.Set("X-Pad", value)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// "X-Pad: " + value + "\r\n" is exactly the limit, then one over.
	fits := strings.Repeat("a", limit-len("X-Pad: \r\n"))
	for _, tc := range []struct {
		name, path, value string
		want              int
	}{
		{"a header line of exactly the limit passes", "/api/me/", fits, 401},
		{"one byte more is 431", "/api/me/", fits + "a", 431},
		{"a request line over the limit is 414", "/api/me/?" + strings.Repeat("q", limit), "", 414},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := get(tc.path, tc.value); got != tc.want {
				t.Errorf("GET with a %d-byte header = %d; want %d", len(tc.value), got, tc.want)
			}
		})
	}
}

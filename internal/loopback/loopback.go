// Package loopback keeps jwtlab's outgoing requests on this machine: it
// parses the URLs a user gives (a JWKS URL, a live-mode server) and makes
// an HTTP client that connects only to loopback addresses. jwtlab handles
// tokens locally: it never sends a request (or a token) to a host a token
// or a typo could name. It checks hosts and addresses; what is fetched and
// what it means is left to the caller.
package loopback

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Timeout bounds a request to a loopback server: it is on this machine,
// so anything slower means it is stuck.
const Timeout = 5 * time.Second

// ErrRemote marks a host or address that is not on this machine.
var ErrRemote = errors.New("not on this machine")

// URL parses an http(s) URL and refuses any host but localhost,
// 127.0.0.0/8 and ::1. A URL without a scheme (127.0.0.1:8000) is read as
// http://, the way people type a dev server's address.
func URL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL such as http://127.0.0.1:8000/", raw)
	}
	if !loopbackName(u.Hostname()) {
		return nil, fmt.Errorf("%w: %q is not localhost, 127.0.0.0/8 or ::1; jwtlab talks only to servers on this machine", ErrRemote, u.Hostname())
	}
	return u, nil
}

// Client is an HTTP client that connects only to loopback addresses: the
// dialer re-checks the address it actually connects to, so a name that
// resolves elsewhere is refused too, and so are redirects off the machine.
func Client() *http.Client {
	dialer := &net.Dialer{Timeout: Timeout, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("%w: refusing to connect to %s", ErrRemote, host)
		}
		return nil
	}}
	return &http.Client{
		Timeout:   Timeout,
		Transport: &http.Transport{DialContext: dialer.DialContext, Proxy: nil},
		CheckRedirect: func(r *http.Request, _ []*http.Request) error {
			if !loopbackName(r.URL.Hostname()) {
				return fmt.Errorf("%w: redirect to %q", ErrRemote, r.URL.Hostname())
			}
			return nil
		},
	}
}

func loopbackName(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

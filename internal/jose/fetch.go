package jose

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"
)

const (
	// fetchTimeout bounds a request to a loopback server: it is on this
	// machine, so anything slower means it is stuck.
	fetchTimeout = 5 * time.Second
	// maxJWKSBytes bounds the body read; real key sets are a few kilobytes.
	maxJWKSBytes = 1 << 20
)

// FetchJWKS downloads a JWK Set from an http(s) URL on a loopback host
// (see [LoopbackURL] and [LoopbackClient]).
func FetchJWKS(ctx context.Context, rawURL string) ([]*Key, error) {
	u, err := LoopbackURL(rawURL)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := LoopbackClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch JWKS: %s answered %s", u.Redacted(), resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	if len(body) > maxJWKSBytes {
		return nil, fmt.Errorf("fetch JWKS: body over %d bytes", maxJWKSBytes)
	}
	keys, err := ParseKeyFile(body)
	if err != nil {
		return nil, fmt.Errorf("JWKS from %s: %w", u.Redacted(), err)
	}
	return keys, nil
}

// LoopbackURL parses an http(s) URL and refuses any host but localhost,
// 127.0.0.0/8 and ::1. jwtlab handles tokens locally: it never sends a
// request (or a token) to a host a token or a typo could name.
func LoopbackURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("URL %q is not an http(s) URL such as http://127.0.0.1:8000/", rawURL)
	}
	if !loopbackName(u.Hostname()) {
		return nil, fmt.Errorf("%w: %q is not localhost, 127.0.0.0/8 or ::1", ErrNotLoopback, u.Hostname())
	}
	return u, nil
}

// LoopbackClient is an HTTP client that connects only to loopback
// addresses: the dialer re-checks the address it actually connects to, so
// a name that resolves elsewhere is refused too, and so are redirects off
// the machine.
func LoopbackClient() *http.Client {
	dialer := &net.Dialer{Timeout: fetchTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("%w: refusing to connect to %s", ErrNotLoopback, host)
		}
		return nil
	}}
	return &http.Client{
		Timeout:   fetchTimeout,
		Transport: &http.Transport{DialContext: dialer.DialContext, Proxy: nil},
		CheckRedirect: func(r *http.Request, _ []*http.Request) error {
			if !loopbackName(r.URL.Hostname()) {
				return fmt.Errorf("%w: redirect to %q", ErrNotLoopback, r.URL.Hostname())
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

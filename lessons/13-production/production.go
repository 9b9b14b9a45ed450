package production

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"jwtlab/server"
	"jwtlab/server/nginx"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// Running is the reference server served the way jwtlab serve serves it:
// server.Run on a real loopback listener, with the profile's http.Server
// timeouts and shutdown.
type Running struct {
	Addr   string // host:port
	stop   context.CancelFunc
	done   chan error
	store  store.Store
	closed bool
}

// Start runs cfg on 127.0.0.1 at a free port, with the demo user.
func Start(cfg server.Config) (*Running, error) {
	b, err := servertest.Build(servertest.WithConfig(cfg))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Store.Close()
		return nil, err
	}
	runCtx, stop := context.WithCancel(context.Background())
	r := &Running{Addr: ln.Addr().String(), stop: stop, done: make(chan error, 1), store: b.Store}
	go func() { r.done <- b.Run(runCtx, ln) }()
	return r, nil
}

// Stop sends the server the signal jwtlab serve gets from Ctrl-C or
// SIGTERM, and waits for Run to return.
func (r *Running) Stop() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.stop()
	err := <-r.done
	r.store.Close()
	return err
}

// Slowloris opens conns connections and on each sends the start of a
// request, then nothing more -- a client on a link that has stalled, or an
// attacker holding connections open. After wait, it reports how many the
// server still holds open.
func Slowloris(addr string, conns int, wait time.Duration) (held int, err error) {
	var open []net.Conn
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	for range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return 0, err
		}
		open = append(open, c)
		if _, err := io.WriteString(c, "GET /api/me/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "); err != nil {
			return 0, err
		}
	}
	deadline := time.Now().Add(wait)
	for _, c := range open {
		c.SetReadDeadline(deadline)
		// A server that gave up answers (or just closes); one that is
		// still waiting for the headers says nothing until the deadline.
		_, err := c.Read(make([]byte, 1))
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			held++
		}
	}
	return held, nil
}

// HeaderOfSize sends GET /api/me/ with an extra header of n bytes and
// returns the status line's code and text.
func HeaderOfSize(addr string, n int) (string, error) {
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/api/me/", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("X-Padding", strings.Repeat("a", n))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.Status, nil
}

// loginBody is the demo user's login, as a JSON body.
const loginBody = `{"username":"demo","password":"demo-password-123"}`

// LoginDuringShutdown starts a login and stops the server while it is in
// flight: it sends the request headers with "Expect: 100-continue", waits
// for the server's "100 Continue" -- proof that the handler is running and
// reading the body -- then stops the server, waits until new connections
// are refused and Run has had a moment to return, and only then sends the
// body. It returns the login's status line, or what the client saw instead.
func LoginDuringShutdown(r *Running) (answer string, refusedNew bool, err error) {
	c, err := net.Dial("tcp", r.Addr)
	if err != nil {
		return "", false, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second)) // the demonstration never needs longer
	fmt.Fprintf(c, "POST /api/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", len(loginBody))
	in := bufio.NewReader(c)
	if line, err := in.ReadString('\n'); err != nil || !strings.Contains(line, "100") {
		return "", false, fmt.Errorf("no 100 Continue: %q %v", line, err)
	}
	in.ReadString('\n') // the blank line that ends the interim answer

	stopped := make(chan error, 1)
	go func() { stopped <- r.Stop() }()
	// Shutdown closes the listener first: wait until a new connection is
	// refused, so the body surely arrives during shutdown.
	for range 100 { // up to 1 s, in 10 ms steps
		probe, err := net.DialTimeout("tcp", r.Addr, 100*time.Millisecond)
		if err != nil {
			refusedNew = true
			break
		}
		probe.Close()
		time.Sleep(10 * time.Millisecond)
	}
	// A server that stops abruptly returns from Run once it has closed
	// every connection; one that drains keeps waiting for this login. Give
	// Run a moment to show which it is before the body goes out, so the
	// answer depends on the profile, not on which goroutine ran first.
	var stopErr error
	select {
	case stopErr = <-stopped:
		stopped = nil
	case <-time.After(300 * time.Millisecond):
	}
	io.WriteString(c, loginBody)
	line, readErr := in.ReadString('\n')
	if stopped != nil {
		stopErr = <-stopped
	}
	if stopErr != nil {
		return "", refusedNew, stopErr
	}
	if readErr != nil {
		// EOF or a reset, depending on timing: either way, no answer.
		return "cut off, no answer", refusedNew, nil
	}
	return strings.TrimSpace(line), refusedNew, nil
}

// NginxDirectives renders the nginx.conf that jwtlab nginx-config writes for
// an upstream at 127.0.0.1:8000 and returns its directives by block path.
func NginxDirectives() (map[string]string, error) {
	var b strings.Builder
	if err := nginx.Render(&b, nginx.Config{Upstreams: []string{"127.0.0.1:8000"}, Listen: "127.0.0.1:8080"}); err != nil {
		return nil, err
	}
	return ParseDirectives(b.String()), nil
}

// ParseDirectives reads the simple directives of an nginx.conf into a map
// keyed by block path and name: "http/keepalive_timeout",
// "http/upstream jwtlab/keepalive_timeout". The first occurrence wins. It
// understands only what Render writes: one directive a line, # comments.
func ParseDirectives(conf string) map[string]string {
	out := map[string]string{}
	var blocks []string
	for line := range strings.Lines(conf) {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		switch {
		case strings.HasSuffix(line, "{"):
			blocks = append(blocks, strings.TrimSpace(strings.TrimSuffix(line, "{")))
		case line == "}":
			if len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
		case strings.HasSuffix(line, ";"):
			fields := strings.Fields(strings.TrimSuffix(line, ";"))
			if len(fields) == 0 {
				continue
			}
			key := strings.Join(append(append([]string{}, blocks...), fields[0]), "/")
			if _, seen := out[key]; !seen {
				out[key] = strings.Join(fields[1:], " ")
			}
		}
	}
	return out
}

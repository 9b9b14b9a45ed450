package nginx

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"jwtlab/internal/testenv"
)

// The demo user every jwtlab test uses (public values).
const (
	demoUser     = "demo"
	demoPassword = "demo-password-123"
)

// signingKey is generated for the run: prod refuses the public demo key.
var signingKey = func() string {
	b := make([]byte, 48)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}()

// startTimeout bounds a child's start on a busy 2-core machine.
const startTimeout = 30 * time.Second

// TestNginxInFrontOfServe runs Debian's nginx, configured by Render, in front
// of a real `jwtlab serve -profile prod` process:
//
//	client --> nginx (Listen) --> tap (records when bytes arrive) --> jwtlab serve
//
// The tap is a plain TCP relay on 127.0.0.1, so jwtlab still sees a trusted
// proxy as its peer; it only lets the test see when nginx sends a request on.
func TestNginxInFrontOfServe(t *testing.T) {
	bin := testenv.Program(t, "nginx")
	exe := buildJwtlab(t)
	db := filepath.Join(t.TempDir(), "jwtlab.db")
	run(t, exe, demoPassword+"\n", "users", "add", "-db", db, "-username", demoUser)

	upstream := startServe(t, exe,
		"serve", "-profile", "prod", "-addr", "127.0.0.1:0", "-db", db,
		"-trusted-proxies", "127.0.0.1/32", "-allowed-hosts", "127.0.0.1",
		// A small per-IP login bucket (5 at once) so exhausting it takes a
		// handful of password hashes, not 20; refilling one login per
		// 100 s keeps it empty for the whole test even on a slow machine.
		"-set", "login_burst_ip=5", "-set", "login_rate_ip=0.01")
	marker := "X-Slow-Client-" + strconv.Itoa(os.Getpid())
	tp := startTap(t, upstream, marker)
	listen := "127.0.0.1:" + testenv.FreePort(t)
	// nginx's own login limit far above anything this test sends, so every
	// 429 below comes from jwtlab's per-IP throttle.
	prefix, file := writeConf(t, Config{Upstreams: []string{tp.addr}, Listen: listen, TokenRate: 1000, TokenBurst: 1000})
	startNginx(t, bin, prefix, file, listen)
	base := "http://" + listen

	local := clientFrom(t, "127.0.0.1")
	access := obtain(t, local, base, demoUser, demoPassword)

	t.Run("requests pass through and error bodies stay simplejwt JSON", func(t *testing.T) {
		tests := []struct {
			name, method, path, bearer string
			body                       io.Reader
			status                     int
			want                       string
		}{
			{"me with the token", "GET", "/api/me/", access, nil, 200, `{"id":1,"username":"demo"}`},
			{"me without a token", "GET", "/api/me/", "", nil, 401, `{"detail":"Authentication credentials were not provided."}`},
			{"a wrong password", "POST", "/api/token/", "",
				strings.NewReader(`{"username":"demo","password":"wrong"}`), 401,
				`{"detail":"No active account found with the given credentials"}`},
			{"a body over client_max_body_size, answered by nginx", "POST", "/api/token/", "",
				bytes.NewReader(make([]byte, 2<<20)), 413, `{"detail":"Request body too large."}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp, body := do(t, local, tt.method, base+tt.path, tt.bearer, tt.body, nil)
				if resp.StatusCode != tt.status || string(body) != tt.want {
					t.Errorf("%s %s = %d %s; want %d %s", tt.method, tt.path, resp.StatusCode, body, tt.status, tt.want)
				}
				if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("%s %s Content-Type = %q; want application/json", tt.method, tt.path, ct)
				}
				if s := resp.Header.Get("Server"); s != "nginx" {
					t.Errorf("%s %s Server = %q; want nginx (did the request go through it?)", tt.method, tt.path, s)
				}
			})
		}
	})

	t.Run("each client address has its own login throttle", func(t *testing.T) {
		first, second := clientFrom(t, "127.0.0.2"), clientFrom(t, "127.0.0.3")
		// Unknown users, one name per try, so only the per-IP bucket
		// empties (jwtlab also throttles per username).
		var throttled *http.Response
		for i := range 20 { // the bucket holds 5; 20 bounds a broken throttle
			resp, _ := do(t, first, "POST", base+"/api/token/", "", loginBody(fmt.Sprintf("nobody-%d", i), "x"), nil)
			if resp.StatusCode == http.StatusTooManyRequests {
				throttled = resp
				break
			}
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("login %d from 127.0.0.2 = %d; want 401 until throttled", i, resp.StatusCode)
			}
		}
		if throttled == nil {
			t.Fatal("20 logins from 127.0.0.2 were never answered 429; want jwtlab's per-IP throttle to stop them")
		}
		if s, err := strconv.Atoi(throttled.Header.Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("429 Retry-After = %q; want a whole number of seconds >= 1", throttled.Header.Get("Retry-After"))
		}
		// Through nginx jwtlab's peer is always 127.0.0.1; only the
		// X-Forwarded-For nginx writes tells the two clients apart.
		if got := obtain(t, second, base, demoUser, demoPassword); got == "" {
			t.Error("login from 127.0.0.3 got no token while 127.0.0.2 is throttled")
		}
		// A client cannot leave its bucket by claiming another address:
		// nginx overwrites X-Forwarded-For.
		resp, body := do(t, first, "POST", base+"/api/token/", "", loginBody(demoUser, demoPassword),
			http.Header{"X-Forwarded-For": {"127.0.0.9"}})
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("login from 127.0.0.2 claiming X-Forwarded-For 127.0.0.9 = %d %s; want 429", resp.StatusCode, body)
		}
	})

	t.Run("a slow client's body is absorbed by nginx", func(t *testing.T) {
		slowClientAbsorbed(t, listen, base, access, tp, local)
	})
}

// slowClientAbsorbed sends a login one body byte at a time and checks that
// meanwhile other requests are served and jwtlab receives nothing of it:
// nginx passes the request on only once the whole body is in its buffer.
func slowClientAbsorbed(t *testing.T, listen, base, access string, tp *tap, local *http.Client) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 4)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", listen)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, demoUser, demoPassword)
	head := "POST /api/token/ HTTP/1.1\r\nHost: " + listen + "\r\nContent-Type: application/json\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n" + tp.marker + ": 1\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	// 40 ms a byte: about 2 s for the ~50-byte body, far below nginx's
	// 10 s client_body_timeout, so nginx waits rather than giving up.
	const gap = 40 * time.Millisecond
	var lastByte time.Time
	for i := range len(body) {
		if i == len(body)/2 {
			resp, got := do(t, local, "GET", base+"/api/me/", access, nil, nil)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET /api/me/ while a client trickles its body = %d %s; want 200", resp.StatusCode, got)
			}
			if seen := tp.seen(); !seen.IsZero() {
				t.Errorf("jwtlab received the slow request with half its body still unsent; want nginx to hold it")
			}
		}
		if i == len(body)-1 {
			lastByte = time.Now()
		}
		if _, err := conn.Write([]byte{body[i]}); err != nil {
			t.Fatalf("write body byte %d: %v", i, err)
		}
		time.Sleep(gap)
	}
	conn.SetReadDeadline(time.Now().Add(startTimeout))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read the slow client's response: %v", err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(got, []byte(`"access"`)) {
		t.Errorf("slow login = %d %s; want 200 with a token pair", resp.StatusCode, got)
	}
	seen := tp.seen()
	if seen.IsZero() {
		t.Fatalf("the tap never saw the slow request's %s header; want it forwarded to jwtlab", tp.marker)
	}
	if seen.Before(lastByte) {
		t.Errorf("jwtlab received the slow request %v before its last body byte was sent; want only after (request buffering)", lastByte.Sub(seen))
	}
}

func loginBody(user, password string) io.Reader {
	return strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, user, password))
}

// clientFrom returns a client whose connections leave from ip, a loopback
// address: nginx sees each such client as a different remote address.
func clientFrom(t *testing.T, ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	// Past jwtlab's own 15 s write timeout, so its answer arrives first.
	return &http.Client{Transport: tr, Timeout: 20 * time.Second}
}

func do(t *testing.T, c *http.Client, method, url, bearer string, body io.Reader, h http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return resp, b
}

// obtain logs in and returns the access token.
func obtain(t *testing.T, c *http.Client, base, user, password string) string {
	t.Helper()
	resp, body := do(t, c, "POST", base+"/api/token/", "", loginBody(user, password), nil)
	var pair struct{ Access, Refresh string }
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &pair) != nil || pair.Access == "" || pair.Refresh == "" {
		t.Fatalf("POST /api/token/ as %s = %d %s; want 200 with a token pair", user, resp.StatusCode, body)
	}
	return pair.Access
}

// buildJwtlab builds the module's binary into a temp dir.
func buildJwtlab(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" || strings.TrimSpace(string(out)) == os.DevNull {
		t.Fatalf("go env GOMOD = %q, %v; want the module's go.mod", out, err)
	}
	exe := filepath.Join(t.TempDir(), "jwtlab")
	build := exec.Command("go", "build", "-o", exe, ".")
	build.Dir = filepath.Dir(strings.TrimSpace(string(out)))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -o %s .: %v\n%s", exe, err, out)
	}
	return exe
}

// run runs exe to completion with stdin and fails the test on error.
func run(t *testing.T, exe, stdin string, args ...string) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Stdin = strings.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jwtlab %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// output collects a child's output for failure messages.
type output struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *output) add(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.b.WriteString(line + "\n")
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// startServe starts jwtlab serve, waits for its "listening on
// http://HOST:PORT" line and returns HOST:PORT. Cleanup sends SIGTERM and
// waits for the graceful shutdown.
func startServe(t *testing.T, exe string, args ...string) string {
	t.Helper()
	return startServeProc(t, exe, args...).addr
}

// served is a running jwtlab serve child: its address, its process (for a
// test that kills it) and a channel closed when it has exited.
type served struct {
	addr   string
	proc   *os.Process
	exited <-chan struct{}
}

// startServeProc is startServe, also returning the process.
func startServeProc(t *testing.T, exe string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "JWTLAB_SIGNING_KEY="+signingKey)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out output
	addr := make(chan string, 1)
	exited := make(chan struct{})
	go func() {
		// Keep draining: the prod log goes to stderr, and a full pipe
		// would block the server.
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20) // JSON log lines can be long
		for sc.Scan() {
			line := sc.Text()
			out.add(line)
			if _, rest, ok := strings.Cut(line, "listening on http://"); ok {
				select {
				case addr <- strings.Fields(rest)[0]:
				default:
				}
			}
		}
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		// SIGTERM: jwtlab's graceful shutdown.
		stop(cmd.Process, exited)
		if t.Failed() {
			t.Logf("jwtlab %s output:\n%s", strings.Join(args, " "), &out)
		}
	})
	select {
	case a := <-addr:
		return &served{addr: a, proc: cmd.Process, exited: exited}
	case <-exited:
		t.Fatalf("jwtlab %s exited before listening:\n%s", strings.Join(args, " "), &out)
	case <-time.After(startTimeout):
		t.Fatalf("jwtlab %s printed no \"listening on\" line within %v:\n%s", strings.Join(args, " "), startTimeout, &out)
	}
	return nil
}

// startNginx runs nginx in the foreground from prefix and waits until it
// accepts connections on listen.
func startNginx(t *testing.T, bin, prefix, file, listen string) {
	t.Helper()
	errLog := filepath.Join(prefix, "error.log")
	cmd := exec.Command(bin, "-p", prefix, "-c", file, "-e", errLog, "-g", "daemon off;")
	if out, err := exec.Command(bin, "-t", "-p", prefix, "-c", file, "-e", errLog).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		// SIGTERM is nginx's fast shutdown: workers stop at once.
		stop(cmd.Process, exited)
		if t.Failed() {
			log, _ := os.ReadFile(errLog)
			t.Logf("nginx error.log:\n%s", log)
		}
	})
	deadline := time.Now().Add(startTimeout)
	for {
		c, err := net.DialTimeout("tcp", listen, time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(errLog)
			t.Fatalf("nginx exited before accepting connections:\n%s", log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not accept connections on %s within %v", listen, startTimeout)
		}
	}
}

// stop sends SIGTERM to a child this test started and waits for it to
// exit (exited closes then), killing it if it takes longer than startTimeout.
func stop(p *os.Process, exited <-chan struct{}) {
	p.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(startTimeout):
		p.Kill()
		<-exited
	}
}

// tap relays TCP from nginx to jwtlab and records when a request carrying
// the marker header first reaches it.
type tap struct {
	addr, marker string
	mu           sync.Mutex
	first        time.Time
}

func (tp *tap) seen() time.Time {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return tp.first
}

func startTap(t *testing.T, upstream, marker string) *tap {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tp := &tap{addr: l.Addr().String(), marker: marker}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	track := func(c net.Conn) {
		mu.Lock()
		defer mu.Unlock()
		conns = append(conns, c)
	}
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			down, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", upstream)
			if err != nil {
				down.Close()
				continue
			}
			track(down)
			track(up)
			wg.Add(2)
			go func() {
				defer wg.Done()
				tp.relay(up, down)
				up.Close()
			}()
			go func() {
				defer wg.Done()
				io.Copy(down, up)
				down.Close()
			}()
		}
	}()
	return tp
}

// relay copies nginx's bytes to jwtlab, noting when the marker passes. The
// last len(marker)-1 bytes are kept so a marker split across two reads is
// still found.
func (tp *tap) relay(dst io.Writer, src io.Reader) {
	m := []byte(tp.marker)
	var window []byte
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			window = append(window, buf[:n]...)
			if bytes.Contains(window, m) {
				tp.mu.Lock()
				if tp.first.IsZero() {
					tp.first = time.Now()
				}
				tp.mu.Unlock()
			}
			if keep := len(m) - 1; len(window) > keep {
				window = append(window[:0], window[len(window)-keep:]...)
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestNginxOwnErrorsAreJSON checks the answers nginx writes itself, with no
// upstream running: a client of the API sees simplejwt's {"detail": ...}
// shape whether the error came from jwtlab or from nginx.
func TestNginxOwnErrorsAreJSON(t *testing.T) {
	bin := testenv.Program(t, "nginx")
	listen := "127.0.0.1:" + testenv.FreePort(t)
	// A port nothing listens on: every proxied request is refused (502).
	closed := "127.0.0.1:" + testenv.FreePort(t)
	prefix, file := writeConf(t, Config{Upstreams: []string{closed}, Listen: listen, TokenRate: 1, TokenBurst: 1})
	startNginx(t, bin, prefix, file, listen)
	base := "http://" + listen
	c := clientFrom(t, "127.0.0.1")

	check := func(t *testing.T, resp *http.Response, body []byte, status int, want string) {
		t.Helper()
		if resp.StatusCode != status || string(body) != want {
			t.Errorf("%s %s = %d %s; want %d %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, body, status, want)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s %s Content-Type = %q; want application/json", resp.Request.Method, resp.Request.URL.Path, ct)
		}
	}
	t.Run("an upstream that is down is a JSON 502", func(t *testing.T) {
		resp, body := do(t, c, "GET", base+"/api/me/", "", nil, nil)
		check(t, resp, body, 502, `{"detail":"Bad gateway: the token server is not answering."}`)
	})
	t.Run("a body over 1m is a JSON 413", func(t *testing.T) {
		resp, body := do(t, c, "POST", base+"/api/token/", "", bytes.NewReader(make([]byte, 2<<20)), nil)
		check(t, resp, body, 413, `{"detail":"Request body too large."}`)
	})
	t.Run("a header line over 8k is a JSON 431", func(t *testing.T) {
		resp, body := do(t, c, "GET", base+"/api/me/", strings.Repeat("a", 9<<10), nil, nil)
		check(t, resp, body, 431, `{"detail":"Request header fields too large."}`)
	})
	t.Run("logins past the rate and burst are a JSON 429 with Retry-After", func(t *testing.T) {
		// Rate 1/s, burst 1: the third login within a second is refused;
		// 10 bounds the loop on a machine so slow that tokens refill.
		for range 10 {
			resp, body := do(t, c, "POST", base+"/api/token/", "", loginBody(demoUser, demoPassword), nil)
			if resp.StatusCode == http.StatusTooManyRequests {
				check(t, resp, body, 429, `{"detail":"Request was throttled."}`)
				if got := resp.Header.Get("Retry-After"); got != "1" {
					t.Errorf("429 Retry-After = %q; want 1", got)
				}
				return
			}
		}
		t.Error("10 logins at once were never refused; want nginx's limit_req to answer 429")
	})
}

// TestNginxHoldsLoginsPastTheBurst: with -token-hold, a login past the
// burst waits its turn and is then passed on (here to an upstream that is
// down: 502), and only a login past the hold too gets a 429.
func TestNginxHoldsLoginsPastTheBurst(t *testing.T) {
	bin := testenv.Program(t, "nginx")
	listen := "127.0.0.1:" + testenv.FreePort(t)
	closed := "127.0.0.1:" + testenv.FreePort(t)
	// 2 a second, 1 at once, 2 held: of 5 logins sent together, 2 pass
	// at once, 2 wait about 0.5 and 1 s, and 1 is refused.
	prefix, file := writeConf(t, Config{Upstreams: []string{closed}, Listen: listen, TokenRate: 2, TokenBurst: 1, TokenHold: 2})
	startNginx(t, bin, prefix, file, listen)
	c := clientFrom(t, "127.0.0.1")
	type answer struct {
		status int
		took   time.Duration
		err    error
	}
	answers := make(chan answer, 5)
	for range 5 {
		go func() {
			start := time.Now()
			resp, err := c.Post("http://"+listen+"/api/token/", "application/json", loginBody(demoUser, demoPassword))
			if err != nil {
				answers <- answer{err: err}
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			answers <- answer{status: resp.StatusCode, took: time.Since(start)}
		}()
	}
	var refused, passed int
	var slowest time.Duration
	for range 5 {
		a := <-answers
		if a.err != nil {
			t.Fatal(a.err)
		}
		switch a.status {
		case http.StatusTooManyRequests:
			refused++
		case http.StatusBadGateway:
			passed++
			slowest = max(slowest, a.took)
		default:
			t.Errorf("a login answered %d; want 502 (passed on) or 429", a.status)
		}
	}
	if refused != 1 || passed != 4 {
		t.Errorf("%d passed on, %d refused; want 4 and 1", passed, refused)
	}
	// The second held login leaves the queue 1 s after the first login;
	// a passed login that never waited would mean nothing was held.
	if slowest < 400*time.Millisecond {
		t.Errorf("the slowest passed login took %v; want one held for about 1 s", slowest)
	}
}

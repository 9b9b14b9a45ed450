//go:build unix

package django

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"jwtlab/internal/jose"
	"jwtlab/internal/testenv"
	"jwtlab/server/servertest"
)

// The peer's defaults (peer/settings.py, setup.sh): a public demo key and user.
const (
	signingKey   = "jwt-lab-demo-signing-secret-not-for-production"
	demoUser     = "demo"
	demoPassword = "demo-password-123"
	// simplejwt's default ACCESS_TOKEN_LIFETIME, 5 minutes.
	accessLifetime = 300
)

// startTimeout bounds migrate + user creation (two PBKDF2 hashes) + Django's
// start on a busy 2-core machine; typically 3-5 s.
const startTimeout = 60 * time.Second

var jtiPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// requirePeer skips unless /usr/bin/python3 can import Django and
// simplejwt and the programs are installed; with JWTLAB_INTEGRATION=1 a
// missing peer is a failure.
func requirePeer(t *testing.T, programs ...string) {
	t.Helper()
	testenv.Python(t, "django", "rest_framework_simplejwt")
	for _, p := range programs {
		testenv.Program(t, p)
	}
}

// lockedBuffer collects a child's output for failure messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type peer struct {
	base   string
	cmd    *exec.Cmd
	out    *lockedBuffer
	exited chan struct{}
}

// start runs script PORT in its own process group with a fresh database
// (and env, NAME=value, added to the environment), waits until it accepts
// connections and stops the whole group at cleanup.
func start(t *testing.T, script string, env ...string) *peer {
	t.Helper()
	port := testenv.FreePort(t)
	p := &peer{base: "http://127.0.0.1:" + port, out: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command("./"+script, port)
	p.cmd.Env = append(append(os.Environ(), "PEER_DATA_DIR="+t.TempDir()), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	// Our own group, so cleanup can stop exactly what this test started.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", script, err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(15 * time.Second): // gunicorn's graceful stop takes ~3 s
			syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
			<-p.exited
		}
	})
	// Ready when Django itself answers: nginx accepts connections before
	// gunicorn does, and answers 502 until then. An unauthenticated
	// GET /api/me/ is a 401 from DRF, cheap and without side effects.
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(startTimeout)
	for {
		resp, err := client.Get(p.base + "/api/me/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusUnauthorized {
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("%s %s exited before serving:\n%s", script, port, p.out)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %s did not answer GET /api/me/ with 401 within %v:\n%s", script, port, startTimeout, p.out)
		}
	}
}

// call sends one request and returns the status, headers and body.
func (p *peer) call(t *testing.T, method, path, bearer string, body any) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	// A PBKDF2 login under runserver on a loaded machine takes a second or
	// two; 30 s only catches a hung server.
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", method, path, err, p.out)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// obtain logs the demo user in and returns the pair.
func (p *peer) obtain(t *testing.T) (access, refresh string) {
	t.Helper()
	status, _, body := p.call(t, "POST", "/api/token/", "", map[string]string{"username": demoUser, "password": demoPassword})
	if status != http.StatusOK {
		t.Fatalf("POST /api/token/ = %d %s; want 200", status, body)
	}
	var pair struct{ Access, Refresh string }
	if err := json.Unmarshal(body, &pair); err != nil || pair.Access == "" || pair.Refresh == "" {
		t.Fatalf("POST /api/token/ body %s: want {refresh, access} (%v)", body, err)
	}
	return pair.Access, pair.Refresh
}

// parse verifies a simplejwt token with golang-jwt, pinned to HS256.
func parse(token string, key []byte) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return key, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	return claims, err
}

// mint signs a token in simplejwt's shape (claims token_type, exp, iat,
// jti as 32 hex digits, user_id as a number) with golang-jwt. The jti is
// the server's (jose.NewJTI: a version 7 UUID where simplejwt writes a
// version 4), so Django accepting these tokens shows it accepts the
// server's.
func mint(t *testing.T, tokenType string, userID int, lifetime time.Duration, key []byte) string {
	t.Helper()
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"token_type": tokenType,
		"exp":        now.Add(lifetime).Unix(),
		"iat":        now.Unix(),
		"jti":        jose.NewJTI(now),
		"user_id":    userID,
	})
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkShape asserts the claims simplejwt writes.
func checkShape(t *testing.T, claims jwt.MapClaims, tokenType string) {
	t.Helper()
	if claims["token_type"] != tokenType {
		t.Errorf("token_type = %v; want %q", claims["token_type"], tokenType)
	}
	if claims["user_id"] != float64(1) {
		t.Errorf("user_id = %v (%T); want the number 1", claims["user_id"], claims["user_id"])
	}
	if jti, _ := claims["jti"].(string); !jtiPattern.MatchString(jti) {
		t.Errorf("jti = %v; want 32 lowercase hex digits", claims["jti"])
	}
}

func TestRunDevTokensCrossBothWays(t *testing.T) {
	requirePeer(t)
	p := start(t, "run-dev.sh")
	key := []byte(signingKey)
	access, refresh := p.obtain(t)

	t.Run("simplejwt's access token verifies with golang-jwt", func(t *testing.T) {
		claims, err := parse(access, key)
		if err != nil {
			t.Fatalf("parse(access) = %v; want nil", err)
		}
		checkShape(t, claims, "access")
		exp, _ := claims.GetExpirationTime()
		iat, _ := claims.GetIssuedAt()
		if d := exp.Unix() - iat.Unix(); d != accessLifetime {
			t.Errorf("exp - iat = %d s; want %d", d, accessLifetime)
		}
	})
	t.Run("simplejwt's refresh token verifies with golang-jwt", func(t *testing.T) {
		claims, err := parse(refresh, key)
		if err != nil {
			t.Fatalf("parse(refresh) = %v; want nil", err)
		}
		checkShape(t, claims, "refresh")
	})
	t.Run("golang-jwt rejects simplejwt's token under another key", func(t *testing.T) {
		if _, err := parse(access, []byte("another-key")); !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			t.Fatalf("parse(access, another key) = %v; want %v", err, jwt.ErrTokenSignatureInvalid)
		}
	})
	t.Run("golang-jwt's access token is accepted by /api/me/", func(t *testing.T) {
		status, _, body := p.call(t, "GET", "/api/me/", mint(t, "access", 1, 5*time.Minute, key), nil)
		if status != http.StatusOK || string(body) != `{"id":1,"username":"demo"}` {
			t.Fatalf("GET /api/me/ = %d %s; want 200 {\"id\":1,\"username\":\"demo\"}", status, body)
		}
	})
	t.Run("golang-jwt's refresh token is accepted by /api/token/refresh/", func(t *testing.T) {
		status, _, body := p.call(t, "POST", "/api/token/refresh/", "", map[string]string{"refresh": mint(t, "refresh", 1, 24*time.Hour, key)})
		if status != http.StatusOK {
			t.Fatalf("POST /api/token/refresh/ = %d %s; want 200", status, body)
		}
		var got struct{ Access string }
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if _, err := parse(got.Access, key); err != nil {
			t.Errorf("parse(refreshed access) = %v; want nil", err)
		}
	})
	t.Run("jwtlab's reference server and Django accept each other's tokens", func(t *testing.T) {
		ours := servertest.Start(t)
		resp, err := http.Post(ours.URL+"/api/token/", "application/json",
			strings.NewReader(`{"username":"demo","password":"demo-password-123"}`))
		if err != nil {
			t.Fatal(err)
		}
		var pair struct{ Access, Refresh string }
		json.NewDecoder(resp.Body).Decode(&pair)
		resp.Body.Close()
		if status, _, body := p.call(t, "GET", "/api/me/", pair.Access, nil); status != http.StatusOK {
			t.Errorf("Django GET /api/me/ with jwtlab's access token = %d %s; want 200", status, body)
		}
		if status, _, body := p.call(t, "POST", "/api/token/refresh/", "", map[string]string{"refresh": pair.Refresh}); status != http.StatusOK {
			t.Errorf("Django refresh of jwtlab's refresh token = %d %s; want 200", status, body)
		}
		req, _ := http.NewRequest("GET", ours.URL+"/api/me/", nil)
		req.Header.Set("Authorization", "Bearer "+access)
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("jwtlab GET /api/me/ with Django's access token = %d; want 200", resp.StatusCode)
		}
	})
	t.Run("a token signed with another key is refused by /api/me/", func(t *testing.T) {
		status, _, body := p.call(t, "GET", "/api/me/", mint(t, "access", 1, 5*time.Minute, []byte("another-key")), nil)
		if status != http.StatusUnauthorized || !bytes.Contains(body, []byte(`"code":"token_not_valid"`)) {
			t.Fatalf("GET /api/me/ = %d %s; want 401 token_not_valid", status, body)
		}
	})
}

// meThroughNginx logs the demo user in, checks that its access token gets
// /api/me/ answered by Django through nginx, and returns the token.
func (p *peer) meThroughNginx(t *testing.T) (access string) {
	t.Helper()
	access, _ = p.obtain(t)
	status, h, body := p.call(t, "GET", "/api/me/", access, nil)
	if status != http.StatusOK || string(body) != `{"id":1,"username":"demo"}` {
		t.Fatalf("GET /api/me/ = %d %s; want 200 {\"id\":1,\"username\":\"demo\"}", status, body)
	}
	if got := h.Get("Server"); got != "nginx" {
		t.Errorf("Server = %q; want nginx in front", got)
	}
	return access
}

func TestRunProdServesThroughNginxAndCleansUp(t *testing.T) {
	requirePeer(t, "nginx", "gunicorn")
	p := start(t, "run-prod.sh")
	p.meThroughNginx(t)

	// TERM to the script alone (not its group) must stop nginx and gunicorn.
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second): // gunicorn's graceful stop takes ~3 s
		t.Fatalf("run-prod.sh still running 15 s after SIGTERM:\n%s", p.out)
	}
	// Signal 0 probes the group: ESRCH means no process of it is left.
	if err := syscall.Kill(-p.cmd.Process.Pid, 0); !errors.Is(err, syscall.ESRCH) {
		out, _ := exec.Command("ps", "-o", "pid,cmd", "-g", fmt.Sprint(p.cmd.Process.Pid)).CombinedOutput()
		t.Errorf("after SIGTERM the script's process group still has members (kill -0 = %v):\n%s", err, out)
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(p.base, "http://"), time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after run-prod.sh exited", p.base)
	}
}

//go:build unix

package django

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"jwtlab/internal/testenv"
)

// requireTuned skips (or fails under JWTLAB_INTEGRATION=1) unless
// run-tuned.sh's stack is installed: django-prod's plus redis-server,
// django-redis and argon2-cffi.
func requireTuned(t *testing.T) {
	t.Helper()
	requirePeer(t, "nginx", "gunicorn", "redis-server")
	testenv.Python(t, "django_redis", "argon2")
}

// login posts the demo credentials and returns the status and body.
func (p *peer) login(t *testing.T) (int, []byte) {
	t.Helper()
	status, _, body := p.call(t, "POST", "/api/token/", "", map[string]string{"username": demoUser, "password": demoPassword})
	return status, body
}

// gunicornWorkers returns the PIDs of the gunicorn workers under the
// script's process: the children of its gunicorn master.
func (p *peer) gunicornWorkers(t *testing.T) []int {
	t.Helper()
	var workers []int
	for _, master := range children(t, p.cmd.Process.Pid) {
		cmdline, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(master), "cmdline"))
		if bytes.Contains(cmdline, []byte("gunicorn")) {
			workers = append(workers, children(t, master)...)
		}
	}
	return workers
}

func children(t *testing.T, pid int) []int {
	t.Helper()
	out, _ := exec.Command("ps", "-o", "pid=", "--ppid", strconv.Itoa(pid)).Output()
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("ps printed %q", f)
		}
		pids = append(pids, n)
	}
	return pids
}

// manage runs a manage.py shell command against the peer's database and
// returns what it printed.
func manage(t *testing.T, dataDir, code string) string {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", "manage.py", "shell", "-c", code)
	cmd.Env = append(os.Environ(), "PEER_DATA_DIR="+dataDir, "DJANGO_SETTINGS_MODULE=peer.settings_tuned", "PEER_THROTTLE=locmem")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("manage.py shell: %v\n%s", err, out)
	}
	return string(out)
}

const deactivateDemo = `from django.contrib.auth import get_user_model
u = get_user_model().objects.get(username="demo"); u.is_active = False; u.save()`

func TestRunTunedServesThrottlesAndSurvivesWorkerRestart(t *testing.T) {
	requireTuned(t)
	data := t.TempDir()
	p := start(t, "run-tuned.sh", "PEER_DATA_DIR="+data, "PEER_WORKERS=2")

	access := p.meThroughNginx(t)

	// The per-username throttle allows 5 logins a minute, counted in Redis:
	// whichever of the two workers takes a login, the sixth is refused.
	ok := 1 // obtain above
	var last []byte
	for range 7 {
		status, body := p.login(t)
		switch status {
		case http.StatusOK:
			ok++
		case http.StatusTooManyRequests:
			last = body
		default:
			t.Fatalf("POST /api/token/ = %d %s; want 200 or 429", status, body)
		}
	}
	if ok != 5 {
		t.Errorf("%d of 8 logins within a minute succeeded; want 5 (login_user 5/min, shared by both workers)", ok)
	}
	if !bytes.HasPrefix(last, []byte(`{"detail":"Request was throttled. Expected available in `)) {
		t.Errorf("throttled body = %s; want DRF's throttled detail", last)
	}

	// Kill every worker: gunicorn's master starts new ones, which serve
	// the same tokens and still see the throttle's count in Redis.
	workers := p.gunicornWorkers(t)
	if len(workers) != 2 {
		t.Fatalf("found gunicorn workers %v; want 2", workers)
	}
	for _, w := range workers {
		if err := syscall.Kill(w, syscall.SIGKILL); err != nil {
			t.Fatalf("kill worker %d: %v", w, err)
		}
	}
	deadline := time.Now().Add(startTimeout)
	for {
		status, _, body := p.call(t, "GET", "/api/me/", access, nil)
		if status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /api/me/ after killing the workers = %d %s; no worker came back within %v:\n%s", status, body, startTimeout, p.out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if now := p.gunicornWorkers(t); len(now) != 2 || now[0] == workers[0] || now[0] == workers[1] {
		t.Errorf("workers after the restart = %v (before %v); want 2 new ones", now, workers)
	}
	if status, body := p.login(t); status != http.StatusTooManyRequests {
		t.Errorf("login after the worker restart = %d %s; want 429: the count lives in Redis, not in the workers", status, body)
	}

	// The per-worker user cache holds a user for 2 s: a deactivation takes
	// effect within that, as jwtlab prod's user_cache_ttl does.
	manage(t, data, deactivateDemo)
	deadline = time.Now().Add(10 * time.Second)
	for {
		status, _, body := p.call(t, "GET", "/api/me/", access, nil)
		if status == http.StatusUnauthorized && bytes.Contains(body, []byte(`"code":"user_inactive"`)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /api/me/ 10 s after deactivating the user = %d %s; want 401 user_inactive", status, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// The price of JWTStatelessUserAuthentication: no user is read, so a
// deactivated user keeps access until the token expires, and /api/me/ knows
// only what the token says (no username claim: "").
func TestRunTunedStatelessKeepsDeactivatedUsers(t *testing.T) {
	requireTuned(t)
	data := t.TempDir()
	p := start(t, "run-tuned.sh", "PEER_DATA_DIR="+data, "PEER_WORKERS=1", "PEER_AUTH=stateless", "PEER_THROTTLE=off")
	access, _ := p.obtain(t)
	manage(t, data, deactivateDemo)
	time.Sleep(3 * time.Second) // past any cache: the stateless class has none
	status, _, body := p.call(t, "GET", "/api/me/", access, nil)
	if status != http.StatusOK || string(body) != `{"id":1,"username":""}` {
		t.Fatalf("GET /api/me/ for a deactivated user under stateless auth = %d %s; want 200 {\"id\":1,\"username\":\"\"}", status, body)
	}
	if status, body := p.login(t); status != http.StatusUnauthorized {
		t.Errorf("login of the deactivated user = %d %s; want 401 (logins still read the user)", status, body)
	}
}

// The tuned hasher (peer/hashers.py) changes only new hashes: a password
// hashed with Django's own Argon2PasswordHasher (100 MiB, p=8) still logs
// in, and that login rehashes it with OWASP's parameters.
func TestRunTunedRehashesOldHashes(t *testing.T) {
	requireTuned(t)
	data := t.TempDir()
	p := start(t, "run-tuned.sh", "PEER_DATA_DIR="+data, "PEER_WORKERS=1", "PEER_THROTTLE=off")
	const readHash = `from django.contrib.auth import get_user_model
print(get_user_model().objects.get(username="demo").password)`
	if got := manage(t, data, readHash); !strings.Contains(got, "$m=19456,t=2,p=1$") {
		t.Fatalf("demo's hash after setup = %q; want argon2id m=19456,t=2,p=1 (the tuned hasher)", got)
	}
	manage(t, data, `from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
h = Argon2PasswordHasher()
u = get_user_model().objects.get(username="demo"); u.password = h.encode("demo-password-123", h.salt()); u.save()`)
	if got := manage(t, data, readHash); !strings.Contains(got, "$m=102400,t=2,p=8$") {
		t.Fatalf("demo's hash = %q; want Django's Argon2 defaults m=102400,t=2,p=8 before the login", got)
	}
	p.obtain(t)
	if got := manage(t, data, readHash); !strings.Contains(got, "$m=19456,t=2,p=1$") {
		t.Errorf("demo's hash after a login = %q; want it rehashed to m=19456,t=2,p=1", got)
	}
}

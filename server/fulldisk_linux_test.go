package server_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"jwtlab/internal/testenv"
)

// TestFullDiskFailsClosed serves prod on a SQLite file in a 4 MiB tmpfs
// (mounting needs root: skipped elsewhere, failed under
// JWTLAB_INTEGRATION=1) and fills the disk under it. Login, refresh and
// logout answer 503 with Retry-After and DRF's body within 2 s, never 500;
// /readyz turns 503 while /healthz stays 200, and /api/me/ with a valid
// token answers from the user cache. Once there is room again the same
// server serves: readiness returns when the last failure is 5 s old, the
// refresh token the full disk refused is good, and a token blacklisted
// before is still refused.
func TestFullDiskFailsClosed(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=4m,mode=0700"); err != nil {
		testenv.Missing(t, fmt.Sprintf("mount tmpfs needs root: %v", err))
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	var offset atomic.Int64
	cfg := outageProd(&offset)
	cfg.RotateRefresh, cfg.BlacklistAfterRotation = true, true
	cfg.UserCacheTTL = time.Minute
	c, _ := serveStore(t, cfg, filepath.Join(dir, "full.db"), true)

	login := `{"username":"demo","password":"demo-password-123"}`
	tokens := c.tokens(c.must(200, "POST", "/api/token/", login, ""))
	spent := c.tokens(c.must(200, "POST", "/api/token/", login, ""))["refresh"]
	c.must(200, "POST", "/api/token/blacklist/", `{"refresh":"`+spent+`"}`, "")
	c.must(200, "GET", "/api/me/", "", tokens["access"]) // fills the user cache
	c.must(200, "GET", "/readyz", "", "")

	fill := filepath.Join(dir, "fill")
	f, err := os.Create(fill)
	if err != nil {
		t.Fatal(err)
	}
	for chunk := make([]byte, 4<<10); ; {
		if _, err := f.Write(chunk); err != nil {
			break // ENOSPC: the disk is full
		}
	}
	f.Close()

	refresh := `{"refresh":"` + tokens["refresh"] + `"}`
	for _, r := range []struct{ path, body string }{
		{"/api/token/", login},
		{"/api/token/refresh/", refresh},
		{"/api/token/blacklist/", refresh},
	} {
		c.failsClosed("POST", r.path, r.body, "", "on a full disk")
	}
	c.must(503, "GET", "/readyz", "", "")
	c.must(200, "GET", "/healthz", "", "")
	c.must(200, "GET", "/api/me/", "", tokens["access"])

	if err := os.Remove(fill); err != nil {
		t.Fatal(err)
	}
	c.must(503, "GET", "/readyz", "", "") // the last failure is under 5 s old
	offset.Store(int64(6 * time.Second))
	c.must(200, "GET", "/readyz", "", "")
	c.must(200, "POST", "/api/token/refresh/", refresh, "")
	c.must(200, "POST", "/api/token/", login, "")
	code, body, _ := c.do("POST", "/api/token/refresh/", `{"refresh":"`+spent+`"}`, "")
	if code != 401 || !strings.Contains(body, "Token is blacklisted") {
		t.Errorf("refresh with the token blacklisted before the disk filled = %d %s; want 401 Token is blacklisted", code, body)
	}
}

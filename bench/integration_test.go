package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	builtExe  string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// jwtlabBinary builds the real program once: targets are children that
// re-exec it, so the bench cannot be driven in-process.
func jwtlabBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the jwtlab binary; skipped with -short")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "jwtlab-bench-test-")
		if buildErr != nil {
			return
		}
		builtExe = filepath.Join(buildDir, "jwtlab")
		out, err := exec.Command("go", "build", "-o", builtExe, "jwtlab").CombinedOutput()
		if err != nil {
			buildErr = err
			builtExe = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("go build jwtlab: %v\n%s", buildErr, builtExe)
	}
	return builtExe
}

// needProgram skips when an outside program is missing, except in CI's
// integration run, where a missing program is a failure.
func needProgram(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("JWTLAB_INTEGRATION") == "1" {
			t.Fatalf("%s not found on PATH (JWTLAB_INTEGRATION=1)", name)
		}
		t.Skipf("%s not found on PATH", name)
	}
}

func TestQuickBenchOfFloorAndProd(t *testing.T) {
	exe := jwtlabBinary(t)
	out := t.TempDir()
	cmd := exec.Command(exe, "bench", "-quick", "-scenarios", "me", "-targets", "floor,prod", "-out", out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("jwtlab bench: %v\nstderr:\n%s", err, stderr.String())
	}
	f, err := os.Open(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := ReadSummary(f)
	if err != nil {
		t.Fatal(err)
	}
	ran := map[string]bool{}
	for _, r := range sum.Results {
		ran[r.Target] = true
		if r.Requests == 0 || r.Success == 0 || r.StatusCodes["200"] == 0 {
			t.Errorf("%s/%s: %d requests, %.0f%% success, codes %v; want successes",
				r.Target, r.Scenario, r.Requests, r.Success*100, r.StatusCodes)
		}
		if _, err := os.Stat(filepath.Join(out, r.ResultsFile)); err != nil {
			t.Errorf("%s/%s: results file: %v", r.Target, r.Scenario, err)
		}
	}
	for _, want := range []string{"floor", "prod"} {
		if !ran[want] {
			t.Errorf("no result for %s; skipped: %+v\nstderr:\n%s", want, sum.Skipped, stderr.String())
		}
	}
	for _, name := range []string{"report.md", "plot-me.html"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(stdout.String(), "floor") {
		t.Errorf("stdout has no table:\n%s", stdout.String())
	}
}

func TestNginxInFrontOfTheFloor(t *testing.T) {
	needProgram(t, "nginx")
	exe := jwtlabBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if why := NginxCheck(ctx, exe); why != "" {
		t.Fatalf("NginxCheck = %q; want nginx usable", why)
	}
	st := &starter{exe: exe, key: string(testKey), pin: &pinning{}}
	in, err := st.start(ctx, Target{Name: "floor", Kind: KindFloor}, "me")
	if err != nil {
		t.Fatal(err)
	}
	defer in.stop()
	floorBase := in.base
	if err := st.nginx(ctx, in); err != nil {
		t.Fatal(err)
	}
	if in.base == floorBase {
		t.Fatalf("base still %s after nginx started; want nginx's address", in.base)
	}
	resp, err := http.Get(in.base + "/api/me/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != string(floorBody) {
		t.Errorf("GET /api/me/ through nginx = %s %s; want 200 %s", resp.Status, body, floorBody)
	}
	if server := resp.Header.Get("Server"); !strings.HasPrefix(server, "nginx") {
		t.Errorf("Server header = %q; want nginx's", server)
	}
}

func TestFloorChildStopsWhenAsked(t *testing.T) {
	exe := jwtlabBinary(t)
	st := &starter{exe: exe, key: string(testKey), pin: &pinning{}}
	in, err := st.start(context.Background(), Target{Name: "floor", Kind: KindFloor}, "me")
	if err != nil {
		t.Fatal(err)
	}
	dir, kid := in.dir, in.kids[0]
	in.stop()
	select {
	case <-kid.exited:
	default:
		t.Error("floor child still running after stop")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temp folder %s left behind: %v", dir, err)
	}
}

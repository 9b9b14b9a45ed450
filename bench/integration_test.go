package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jwtlab/internal/testenv"
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
	// prod's row is held to the floor probed around its attack: the real
	// floor child started twice more, attacked, and its ok/s divided.
	for _, r := range sum.Results {
		if r.Target != "prod" {
			continue
		}
		if r.FloorOKPS < 1000 || r.VsFloor != round2(r.OKPerSecond()/r.FloorOKPS) {
			t.Errorf("prod/%s: floor probed at %.0f ok/s, x floor %.2f; want a probe of the floor's thousands and ok/s divided by it",
				r.Scenario, r.FloorOKPS, r.VsFloor)
		}
	}
	// Pinned on Linux, each row says how busy both sides' cores were.
	if sum.Machine.Pinned && runtime.GOOS == "linux" {
		for _, r := range sum.Results {
			if r.ServerCoreBusy <= 0 || r.AttackerCoreBusy <= 0 || r.ServerCoreBusy > 100 || r.AttackerCoreBusy > 100 {
				t.Errorf("%s/%s: server core %v%%, attacker core %v%% busy; want both in (0, 100]", r.Target, r.Scenario, r.ServerCoreBusy, r.AttackerCoreBusy)
			}
		}
	}
	if !strings.Contains(stdout.String(), "- x floor: each row against the floor's GET /api/me/ probed") {
		t.Errorf("the table does not say what x floor divides by:\n%s", stdout.String())
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

// TestSlidingAndReuseRowsAgainstProd runs the two issue-12 scenarios
// against a real prod: the preflight wants a 2xx, so a wrong flag, path
// or token shape fails here rather than as a table of 401s.
func TestSlidingAndReuseRowsAgainstProd(t *testing.T) {
	exe := jwtlabBinary(t)
	// One second per attack: this checks the rows appear, not speed.
	cmd := exec.Command(exe, "bench", "-duration", "1s", "-scenarios", "sliding,rotate+reuse", "-targets", "prod", "-out", "")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("jwtlab bench: %v\nstderr:\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "skipped") {
		t.Errorf("a scenario was skipped:\n%s", stderr.String())
	}
	for _, sc := range []string{"sliding", "rotate+reuse"} {
		if !regexp.MustCompile(`(?m)^\s*prod\s+` + regexp.QuoteMeta(sc) + `\s+max\s.*\b100\.0\b`).MatchString(stdout.String()) {
			t.Errorf("no prod %s row with 100.0%% ok in the table:\n%s\nstderr:\n%s", sc, stdout.String(), stderr.String())
		}
	}
}

func TestNginxInFrontOfTheFloor(t *testing.T) {
	testenv.Program(t, "nginx")
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
	if err := st.nginx(ctx, in, []string{strings.TrimPrefix(floorBase, "http://")}); err != nil {
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

// TestClusterStartsTwoInstancesOnAFreshSchema starts the cluster target as
// a run does: two prod instances on one new schema behind nginx. A token
// minted with the run's key is accepted through nginx, and stopping the
// target drops the schema.
func TestClusterStartsTwoInstancesOnAFreshSchema(t *testing.T) {
	testenv.Program(t, "nginx")
	pg := testenv.PostgresURL(t)
	exe := jwtlabBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if why := PostgresCheck(ctx, pg); why != "" {
		t.Fatalf("PostgresCheck = %q; want the database usable", why)
	}
	st := &starter{exe: exe, key: string(testKey), password: "demo-password-123", pin: &pinning{}}
	in, err := st.start(ctx, Target{Name: "cluster", Kind: KindCluster, Profile: "prod", Postgres: pg}, "me")
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			in.stop()
		}
	}()
	var progs []string
	for _, k := range in.kids {
		progs = append(progs, progName(k.cmd))
	}
	if want := []string{"jwtlab", "jwtlab", "nginx"}; strings.Join(progs, " ") != strings.Join(want, " ") {
		t.Fatalf("cluster children = %v; want %v", progs, want)
	}
	// The schema is the search_path of the -db URL both instances got.
	var schema string
	for _, k := range in.kids[:2] {
		args := k.cmd.Args
		db := args[slices.Index(args, "-db")+1]
		u, err := url.Parse(db)
		if err != nil || u.Query().Get("search_path") == "" {
			t.Fatalf("instance -db %q; want a postgres URL with a search_path", db)
		}
		if schema != "" && u.Query().Get("search_path") != schema {
			t.Fatalf("instances on schemas %s and %s; want one shared", schema, u.Query().Get("search_path"))
		}
		schema = u.Query().Get("search_path")
	}
	exists := func() bool { return testenv.PostgresSchemaExists(t, pg, schema) }
	if !exists() {
		t.Fatalf("schema %s missing while the cluster runs", schema)
	}
	live, err := NewMinter(testKey, 1) // the real clock: the server checks exp
	if err != nil {
		t.Fatal(err)
	}
	tok, err := live.Mint("access")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 { // round robin: both instances answer within four
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, in.base+"/api/me/", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Server"), "nginx") {
			t.Fatalf("GET /api/me/ %d through the cluster = %s %s (Server %q); want 200 through nginx", i, resp.Status, body, resp.Header.Get("Server"))
		}
	}
	in.stop()
	stopped = true
	if exists() {
		t.Errorf("schema %s still there after stop; want it dropped", schema)
	}
}

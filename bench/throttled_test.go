package bench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"jwtlab/internal/testenv"
	"jwtlab/server"
	"jwtlab/server/servertest"
)

// attackLogins runs a short closed-loop login attack on base, as the
// obtain row does, and returns its result.
func attackLogins(t *testing.T, base string) Result {
	t.Helper()
	at := &attacker{}
	spec := attackSpec{target: "t", scenario: "obtain", mode: "max", workers: 4,
		duration: 500 * time.Millisecond,
		targeter: obtainTargeter(base, []byte(`{"username":"demo","password":"demo-password-123"}`))}
	res, err := at.run(context.Background(), []attackSpec{spec}, os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	return res[0]
}

// throttledAllBy checks that every 429 of r is counted, all as who's,
// and that the row's note names who.
func throttledAllBy(t *testing.T, r Result, who string) {
	t.Helper()
	n := r.StatusCodes["429"]
	if n == 0 || r.Success >= 0.5 {
		t.Fatalf("codes %v; want mostly 429s", r.StatusCodes)
	}
	if len(r.ThrottledBy) != 1 || r.ThrottledBy[who] != n {
		t.Errorf("ThrottledBy = %v; want all %d by %s", r.ThrottledBy, n, who)
	}
	if note := refusals(r); !strings.Contains(note, "x 429 throttled by "+who) {
		t.Errorf("note = %q; want it to name %s", note, who)
	}
}

// TestThrottledRowNamesTheApplication: a server whose login throttle
// refuses nearly every login sends DRF's 429, and the row says the
// application refused them, not nginx.
func TestThrottledRowNamesTheApplication(t *testing.T) {
	cfg := server.DevConfig()
	cfg.LoginRateIP, cfg.LoginBurstIP = 0.01, 1
	srv, err := servertest.New(servertest.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	throttledAllBy(t, attackLogins(t, srv.URL), throttledByApp)
}

// TestThrottledRowNamesNginx: nginx's limit_req in front of the floor
// refuses most logins, with the JSON page jwtlab nginx-config writes and,
// without it, with nginx's own HTML page (as the Django peers' nginx
// does); either way the row says nginx refused them.
func TestThrottledRowNamesNginx(t *testing.T) {
	testenv.Program(t, "nginx")
	exe := jwtlabBinary(t)
	ours := []byte("error_page 429 @throttled;")
	for _, tc := range []struct {
		name string
		page func(conf []byte) []byte
	}{
		{"jwtlab nginx-config's page", func(conf []byte) []byte { return conf }},
		{"nginx's own page", func(conf []byte) []byte {
			if !bytes.Contains(conf, ours) {
				t.Fatalf("jwtlab nginx-config no longer says %s", ours)
			}
			return bytes.ReplaceAll(conf, ours, nil)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			st := &starter{exe: exe, key: string(testKey), pin: &pinning{}}
			in, err := st.start(ctx, Target{Name: "floor", Kind: KindFloor}, "obtain")
			if err != nil {
				t.Fatal(err)
			}
			defer in.stop()
			listen, err := freeAddr()
			if err != nil {
				t.Fatal(err)
			}
			conf, err := nginxConf(ctx, exe, strings.TrimPrefix(in.base, "http://"), listen)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.runNginx(ctx, in, tc.page(conf), listen); err != nil {
				t.Fatal(err)
			}
			throttledAllBy(t, attackLogins(t, in.base), throttledByNginx)
		})
	}
}

func TestThrottledNoteCountsEachSender(t *testing.T) {
	r := Result{Target: "prod+nginx", Scenario: "flood/login", Requests: 100, Success: 0.02,
		StatusCodes: map[string]int{"200": 2, "429": 98},
		ThrottledBy: map[string]int{throttledByApp: 8, throttledByNginx: 90}}
	want := "98 x 429 throttled: 90 by nginx's limit_req, 8 by the application"
	if got := refusals(r); got != want {
		t.Errorf("refusals = %q; want %q", got, want)
	}
	// A body neither sends is not put on either.
	if who := throttler([]byte(`{"detail":"Too many."}`)); who != throttledByOther {
		t.Errorf("throttler(other body) = %q; want %q", who, throttledByOther)
	}
}

package flow_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"jwtlab/internal/testenv"
	flow "jwtlab/lessons/11-flow"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

const access = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1LCJpYXQiOjE3OTU5MDI2NTUsImp0aSI6IjMyYTVjYzVkZWU0MzQyZTk4MTMzZDA4MWYzZDRmNjk0IiwidXNlcl9pZCI6MX0.PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q"

func TestResponseString(t *testing.T) {
	tests := []struct {
		name string
		in   flow.Response
		want string
	}{
		{"tokens become their type", flow.Response{200, []byte(`{"access":"` + access + `"}`)}, `200 {"access":"<jwt:access>"}`},
		{"other bodies pass through", flow.Response{401, []byte(`{"detail":"x"}`)}, `401 {"detail":"x"}`},
		{"an empty body stays empty", flow.Response{200, nil}, `200 `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestClaims(t *testing.T) {
	c, err := flow.Claims(access)
	if err != nil || c.TokenType != "access" || c.UserID != 1 || c.Exp-c.Iat != 300 {
		t.Errorf("Claims(access) = %+v, %v; want an access token of user 1 living 300 s", c, err)
	}
	for _, bad := range []string{"", "a.b", "a.!!.c", "a.W10.c"} {
		if _, err := flow.Claims(bad); err == nil {
			t.Errorf("Claims(%q) = nil error; want an error", bad)
		}
	}
}

func FuzzClaims(f *testing.F) {
	f.Add(access)
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		flow.Claims(token)
		if s := (flow.Response{Status: 200, Body: []byte(token)}).String(); !strings.HasPrefix(s, "200 ") {
			t.Fatalf("String() = %q; want it to start with the status", s)
		}
	})
}

// gate holds every Rotate until n have arrived, so that whatever each
// racing request checks before it writes, it checks before any racer has
// written: the race is lost the same way on every run. A server that
// refuses some racers before they reach the store never fills the gate;
// the wait then ends after a while, so the test fails instead of hanging.
type gate struct {
	store.Store
	n       int
	mu      sync.Mutex
	arrived int
	all     chan struct{}
}

func (g *gate) Rotate(ctx context.Context, r store.Rotation) (store.RotateResult, error) {
	g.mu.Lock()
	if g.arrived++; g.arrived == g.n {
		close(g.all)
	}
	g.mu.Unlock()
	select {
	case <-g.all:
	case <-time.After(5 * time.Second):
	}
	return g.Store.Rotate(ctx, r)
}

// TestRotationRaceHasOneWinner: refreshes racing with one refresh token
// under rotation. simplejwt 5.2.2 reads the blacklist before it writes
// the row, so racers that all read first all win; jwtlab's server answers
// exactly one, since the blacklist INSERT is the check.
func TestRotationRaceHasOneWinner(t *testing.T) {
	const racers = 8
	g := &gate{n: racers, all: make(chan struct{})}
	lab, err := flow.Start(servertest.WithRotation(), servertest.WithStore(func(st store.Store) store.Store {
		g.Store = st
		return g
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Close()
	pair, err := lab.Obtain(servertest.Username, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	statuses := make([]int, racers)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			r, err := lab.Refresh(pair.Refresh())
			statuses[i], errs[i] = r.Status, err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	testenv.OneWinner(t, "racing refreshes", statuses)
}

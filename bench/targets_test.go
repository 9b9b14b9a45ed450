package bench

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestTargetsKeepRunOrder: whatever order they are named in, targets run
// floor, dev, prod, then external ones; unknown names and peers are errors.
// No case starts a child or asks the binary anything (prod+nginx and
// ablation do, and are covered by the integration tests).
func TestTargetsKeepRunOrder(t *testing.T) {
	ctx := context.Background()
	exe := filepath.Join(t.TempDir(), "no-such-jwtlab")
	got, skips, err := Targets(ctx, exe, string(testKey), Selection{
		Names: []string{"prod", "mine", "floor", "dev"}, External: []string{"mine=http://127.0.0.1:9"},
	})
	if err != nil || len(skips) != 0 {
		t.Fatalf("Targets = %v, %v; want no skips and no error", skips, err)
	}
	var names []string
	for _, tg := range got {
		names = append(names, tg.Name)
	}
	if want := []string{"floor", "dev", "prod", "mine"}; !reflect.DeepEqual(names, want) {
		t.Errorf("target order = %v; want %v", names, want)
	}
	if got[3].Kind != KindExternal || got[3].URL != "http://127.0.0.1:9" {
		t.Errorf("external target = %+v; want kind external with its URL", got[3])
	}
	for _, tc := range []struct {
		sel  Selection
		want string
		is   error
	}{
		{Selection{Names: []string{"floor", "nope"}}, `unknown target "nope"`, ErrUnknownTarget},
		{Selection{Names: []string{"floor"}, Peers: []string{"rails"}}, `unknown peer "rails"`, ErrUnknownPeer},
	} {
		if _, _, err := Targets(ctx, exe, string(testKey), tc.sel); !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Targets(%+v) = %v; want %v, containing %q", tc.sel, err, tc.is, tc.want)
		}
	}
}

// TestPostgresTargetsSkipWithoutAURL: prod-pg and cluster are default
// targets, skipped with one line each when no PostgreSQL is given, before
// anything is started.
func TestPostgresTargetsSkipWithoutAURL(t *testing.T) {
	ctx := context.Background()
	exe := filepath.Join(t.TempDir(), "no-such-jwtlab")
	for _, n := range []string{"prod-pg", "cluster"} {
		if !slices.Contains(DefaultTargets(), n) {
			t.Errorf("DefaultTargets() = %v; want %s in it", DefaultTargets(), n)
		}
	}
	for _, tc := range []struct{ url, want string }{
		{"", noPostgres},
		{"mysql://h/db", "-postgres: want a postgres:// URL"},
	} {
		got, skips, err := Targets(ctx, exe, string(testKey), Selection{Names: []string{"floor", "prod-pg", "cluster"}, Postgres: tc.url})
		if err != nil || len(got) != 1 || got[0].Name != "floor" {
			t.Fatalf("Targets(postgres %q) = %v, %v; want floor alone", tc.url, got, err)
		}
		want := []Skip{{"prod-pg", tc.want}, {"cluster", tc.want}}
		if !reflect.DeepEqual(skips, want) {
			t.Errorf("Targets(postgres %q) skips = %v; want %v", tc.url, skips, want)
		}
	}
}

// TestNamingADjangoTargetBringsInJustIt: a django-* name brings in the
// Django peer without -peers, and only the named targets of it are run
// or reported; a django-* name the peer does not have is an error, not
// silence.
func TestNamingADjangoTargetBringsInJustIt(t *testing.T) {
	ctx := context.Background()
	exe := filepath.Join(t.TempDir(), "no-such-jwtlab")
	empty := t.TempDir() // no peer scripts: each Django target skips with a reason
	for _, peers := range [][]string{nil, {"django"}} {
		got, skips, err := Targets(ctx, exe, string(testKey), Selection{Names: []string{"floor", "django-dev"}, Peers: peers, PeersDir: empty})
		if err != nil || len(got) != 1 || got[0].Name != "floor" {
			t.Fatalf("Targets(floor, django-dev; peers %v) = %v, %v; want floor to run", peers, got, err)
		}
		if len(skips) != 1 || skips[0].Target != "django-dev" || !strings.Contains(skips[0].Reason, "run-dev.sh not found") {
			t.Errorf("skips = %+v; want django-dev alone, its script not found", skips)
		}
	}
	_, skips, err := Targets(ctx, exe, string(testKey), Selection{Names: []string{"floor"}, Peers: []string{"django"}, PeersDir: empty})
	if err != nil || len(skips) != 3 {
		t.Errorf("-peers django with no Django target named: skips %+v, %v; want all three", skips, err)
	}
	if _, _, err := Targets(ctx, exe, string(testKey), Selection{Names: []string{"floor", "django-nope"}, PeersDir: empty}); !errors.Is(err, ErrUnknownTarget) || !strings.Contains(err.Error(), `unknown target "django-nope"`) {
		t.Errorf("Targets(django-nope) = %v; want unknown target", err)
	}
}

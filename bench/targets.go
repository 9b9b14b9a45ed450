package bench

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// DefaultTargets are the targets run when none are named: the ceiling,
// both profiles, prod behind nginx, and prod on PostgreSQL alone and as a
// cluster (those two skip, saying why, when no PostgreSQL is given).
func DefaultTargets() []string {
	return []string{"floor", "dev", "prod", "prod+nginx", "prod-pg", "cluster"}
}

// Selection is what a run is asked to measure, as the command line says it.
type Selection struct {
	Names    []string // targets by name: floor, dev, prod, prod+nginx, django-dev, django-prod, or an External name
	External []string // name=URL of servers someone else runs
	Peers    []string // peer stacks to add: django
	PeersDir string   // folder holding the peers' start scripts
	Ablate   bool     // add dev targets with one prod knob switched on each
	// Postgres is the postgres:// URL prod-pg and cluster run on (each run
	// in a fresh schema); "" skips them.
	Postgres string
}

// Targets turns a selection into the run's targets, in the order floor,
// dev, the ablation steps, prod, prod+nginx, prod-pg, cluster, peers,
// external ones, and the
// targets that cannot run here with a one-line reason each. exe is the
// jwtlab binary (asked for nginx configs and both profiles' knobs); key
// is the signing key the children get. An unknown name or peer is an
// error: ErrUnknownTarget or ErrUnknownPeer.
func Targets(ctx context.Context, exe, key string, sel Selection) ([]Target, []Skip, error) {
	known := map[string]Target{
		"floor":      {Name: "floor", Kind: KindFloor},
		"dev":        {Name: "dev", Kind: KindServe, Profile: "dev"},
		"prod":       {Name: "prod", Kind: KindServe, Profile: "prod"},
		"prod+nginx": {Name: "prod+nginx", Kind: KindNginx, Profile: "prod"},
		"prod-pg":    {Name: "prod-pg", Kind: KindServe, Profile: "prod", Postgres: sel.Postgres},
		"cluster":    {Name: "cluster", Kind: KindCluster, Profile: "prod", Postgres: sel.Postgres},
	}
	pgWhy := ""
	pgChecked := false
	order := DefaultTargets()
	names := slices.Clone(sel.Names)
	var skips []Skip
	// Naming a Django target brings in its peer; -peers django alone
	// brings all three, and with some of them named, just those.
	peers := slices.Clone(sel.Peers)
	namedDjango := slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "django-") })
	if namedDjango && !slices.Contains(peers, "django") {
		peers = append(peers, "django")
	}
	for _, p := range peers {
		if p != "django" {
			return nil, nil, fmt.Errorf("%w %q (have django)", ErrUnknownPeer, p)
		}
		ts, sk := DjangoTargets(ctx, sel.PeersDir+"/django")
		for _, t := range ts {
			known[t.Name] = t
			order = append(order, t.Name)
			if !namedDjango {
				names = append(names, t.Name)
			}
		}
		for _, s := range sk {
			if namedDjango && !slices.Contains(names, s.Target) {
				continue // not asked for: no need to say why it cannot run
			}
			skips = append(skips, s)
			names = slices.DeleteFunc(names, func(n string) bool { return n == s.Target })
		}
	}
	for _, x := range sel.External {
		name, u, _ := strings.Cut(x, "=")
		known[name] = Target{Name: name, Kind: KindExternal, URL: u}
		order = append(order, name)
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	for _, n := range names {
		if _, ok := known[n]; !ok {
			return nil, nil, fmt.Errorf("%w %q", ErrUnknownTarget, n)
		}
	}
	// -ablate steps from dev towards prod, and from django-prod towards
	// django-tuned when the Django peer runs; with neither base named,
	// dev is added.
	if sel.Ablate && !slices.Contains(names, "dev") && !slices.Contains(names, "django-prod") {
		names = append(names, "dev")
	}
	var out []Target
	for _, n := range order {
		if !slices.Contains(names, n) {
			continue
		}
		t := known[n]
		if n == "prod-pg" || n == "cluster" {
			if !pgChecked {
				pgWhy, pgChecked = PostgresCheck(ctx, sel.Postgres), true
			}
			if pgWhy != "" {
				skips = append(skips, Skip{Target: n, Reason: pgWhy})
				continue
			}
		}
		if t.Kind == KindNginx || t.Kind == KindCluster {
			if why := NginxCheck(ctx, exe); why != "" {
				skips = append(skips, Skip{Target: n, Reason: why})
				continue
			}
		}
		out = append(out, t)
		if n == "dev" && sel.Ablate {
			steps, err := AblationTargets(ctx, exe, key)
			if err != nil {
				skips = append(skips, Skip{Target: "ablation", Reason: err.Error()})
				continue
			}
			out = append(out, steps...)
		}
		if n == "django-prod" && sel.Ablate {
			steps, err := DjangoAblationTargets(ctx, sel.PeersDir+"/django")
			if err != nil {
				skips = append(skips, Skip{Target: "django ablation", Reason: err.Error()})
				continue
			}
			out = append(out, steps...)
		}
	}
	return out, skips, nil
}

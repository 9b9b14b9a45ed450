package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Knob is one line of `jwtlab serve -print-config`: knob=value.
type Knob struct{ Name, Value string }

// printConfig runs `jwtlab serve -profile P -print-config` and parses its
// knob=value lines, in order.
func printConfig(ctx context.Context, exe, key, profile string) ([]Knob, error) {
	cmd := exec.CommandContext(ctx, exe, "serve", "-profile", profile, "-print-config")
	cmd.Env = append(cmd.Environ(), "JWTLAB_SIGNING_KEY="+key)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("serve -profile %s -print-config: %v: %s", profile, err, lastLine(stderr.Bytes()))
	}
	return parseKnobs(out), nil
}

// parseKnobs reads knob=value lines, skipping blanks and # comments.
func parseKnobs(b []byte) []Knob {
	var out []Knob
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		out = append(out, Knob{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return out
}

// ablationTargets returns one dev target per prod knob whose value differs
// from dev's, with that knob switched to prod's value. Partner knobs (a
// rate and its burst, a pool's size and its queue) only mean something
// together, so they switch together: see partners.
func ablationTargets(dev, prod []Knob) []Target {
	devVal := map[string]string{}
	for _, k := range dev {
		devVal[k.Name] = k.Value
	}
	var diff []Knob
	for _, k := range prod {
		if v, ok := devVal[k.Name]; !ok || v != k.Value {
			diff = append(diff, k)
		}
	}
	// A knob joins the first group whose every member is its partner, in
	// prod's order; else it starts one. Partnership is not transitive:
	// read_timeout ~ store_timeout ~ store_prepare must not put the
	// server's timeouts and statement preparation in one step.
	var groups [][]Knob
next:
	for _, k := range diff {
		for gi, g := range groups {
			if all(g, func(m Knob) bool { return partners(m.Name, k.Name) }) {
				groups[gi] = append(g, k)
				continue next
			}
		}
		groups = append(groups, []Knob{k})
	}
	out := make([]Target, 0, len(groups))
	for _, g := range groups {
		t := Target{Name: "dev+" + g[0].Name + "=" + g[0].Value, Kind: KindServe, Profile: "dev"}
		for i, k := range g {
			t.Set = append(t.Set, k.Name+"="+k.Value)
			if i > 0 {
				t.Name = "dev+" + pattern(t.Name[len("dev+"):], k.Name)
			}
		}
		out = append(out, t)
	}
	return out
}

func all[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if !f(v) {
			return false
		}
	}
	return true
}

// pattern names a group of partner knobs in a few characters: the words
// they share, and * where they differ (hash_slots, hash_queue: hash_*).
// A lone knob's name still carries its value (name=value), dropped here.
func pattern(group, name string) string {
	group, _, _ = strings.Cut(group, "=")
	gw, nw := strings.Split(group, "_"), strings.Split(name, "_")
	for i := range gw {
		if gw[i] != nw[i] {
			gw[i] = "*"
		}
	}
	return strings.Join(gw, "_")
}

// partners reports whether two knob names differ in exactly one of their
// words: login_rate_ip and login_burst_ip, hash_slots and hash_queue,
// read_timeout and write_timeout.
func partners(a, b string) bool {
	wa, wb := strings.Split(a, "_"), strings.Split(b, "_")
	if len(wa) != len(wb) || len(wa) < 2 {
		return false
	}
	differ := 0
	for i := range wa {
		if wa[i] != wb[i] {
			differ++
		}
	}
	return differ == 1
}

// AblationTargets asks the binary for both profiles' knobs and returns the
// one-knob-at-a-time targets that lie between dev and prod.
func AblationTargets(ctx context.Context, exe, key string) ([]Target, error) {
	dev, err := printConfig(ctx, exe, key, "dev")
	if err != nil {
		return nil, err
	}
	prod, err := printConfig(ctx, exe, key, "prod")
	if err != nil {
		return nil, err
	}
	ts := ablationTargets(dev, prod)
	if len(ts) == 0 {
		return nil, fmt.Errorf("dev and prod print the same knobs: nothing to ablate")
	}
	return ts, nil
}

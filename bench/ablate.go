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

// ablationTargets returns one dev target per knob whose prod value differs
// from dev's, with that knob alone switched to prod's value.
func ablationTargets(dev, prod []Knob) []Target {
	devVal := map[string]string{}
	for _, k := range dev {
		devVal[k.Name] = k.Value
	}
	var out []Target
	for _, k := range prod {
		if v, ok := devVal[k.Name]; ok && v == k.Value {
			continue
		}
		kv := k.Name + "=" + k.Value
		out = append(out, Target{Name: "dev+" + kv, Kind: KindServe, Profile: "dev", Set: []string{kv}})
	}
	return out
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

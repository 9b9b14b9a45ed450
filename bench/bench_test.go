package bench

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestCheckRefusesANonPositiveSLO: an SLO of zero or less is a bad
// configuration, refused before anything starts, as a bad duration is;
// it used to become DefaultSLO without a word. Only the check runs here:
// a real bench takes minutes and every core.
func TestCheckRefusesANonPositiveSLO(t *testing.T) {
	for _, tc := range []struct {
		slo  time.Duration
		want error
	}{
		{DefaultSLO, nil},
		{time.Millisecond, nil},
		{0, ErrBadConfig},
		{-time.Second, ErrBadConfig},
	} {
		c := Config{Targets: []Target{{Name: "prod", Kind: KindServe, Profile: "prod"}}, Mode: "rate",
			Duration: time.Second, Workers: 1, Key: strings.Repeat("k", 32), SLO: tc.slo}
		err := c.check()
		if !errors.Is(err, tc.want) {
			t.Errorf("check with SLO %v = %v; want %v", tc.slo, err, tc.want)
		}
		if c.SLO != tc.slo {
			t.Errorf("check changed SLO %v to %v", tc.slo, c.SLO)
		}
	}
}

// TestCheckSettingsNeedsNoTargets: the command line's values are judged
// before any target is looked for (jwtlab bench refuses a bad one with
// exit status 2 before it starts anything), and the same values are
// judged again by Run.
func TestCheckSettingsNeedsNoTargets(t *testing.T) {
	good := Config{Mode: "max", Duration: time.Second, Workers: 1, SLO: DefaultSLO, Scenarios: []string{"me"}}
	if err := good.CheckSettings(); err != nil {
		t.Errorf("CheckSettings(%+v) = %v; want nil: no target or key is needed", good, err)
	}
	for _, tc := range []struct {
		name string
		bad  func(*Config)
	}{
		{"an unknown mode", func(c *Config) { c.Mode = "fast" }},
		{"no workers", func(c *Config) { c.Workers = 0 }},
		{"a negative duration", func(c *Config) { c.Duration = -time.Second }},
		{"an unknown scenario", func(c *Config) { c.Scenarios = []string{"me", "nope"} }},
		{"a negative flood rate", func(c *Config) { c.FloodRate = -1 }},
		{"a zero SLO", func(c *Config) { c.SLO = 0 }},
	} {
		c := good
		tc.bad(&c)
		c.Targets, c.Key = []Target{{Name: "prod", Kind: KindServe, Profile: "prod"}}, strings.Repeat("k", 32)
		if err := c.CheckSettings(); !errors.Is(err, ErrBadConfig) {
			t.Errorf("%s: CheckSettings = %v; want %v", tc.name, err, ErrBadConfig)
		}
		if err := c.check(); !errors.Is(err, ErrBadConfig) {
			t.Errorf("%s: check = %v; want %v", tc.name, err, ErrBadConfig)
		}
	}
}

// TestRatiosKeepSmallValues: a login against the floor's GET (about 0.002)
// keeps two significant digits, where two decimals printed "-".
func TestRatiosKeepSmallValues(t *testing.T) {
	for x, want := range map[float64]string{0.0021: "0.0021", 0.00216: "0.0022", 0.094: "0.094", 0.1: "0.10", 0.923: "0.92", 1.5: "1.50", 0: "-"} {
		if got := fmtRatio(roundRatio(x)); got != want {
			t.Errorf("ratio %v prints %q; want %q", x, got, want)
		}
	}
}

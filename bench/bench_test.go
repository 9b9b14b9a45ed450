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

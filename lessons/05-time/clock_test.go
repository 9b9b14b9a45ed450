package clock_test

import (
	"errors"
	"testing"
	"time"

	clock "jwtlab/lessons/05-time"
)

func TestCheck(t *testing.T) {
	now := clock.Now
	sec := func(d time.Duration) int64 { return now.Add(d).Unix() }
	tests := []struct {
		name   string
		times  clock.Times
		leeway time.Duration
		want   error
	}{
		{"no time claims pass", clock.Times{}, 0, nil},
		{"exp in the future passes", clock.Times{Exp: sec(time.Minute)}, 0, nil},
		{"exp equal to now has expired", clock.Times{Exp: sec(0)}, 0, clock.ErrExpired},
		{"exp one second ago has expired", clock.Times{Exp: sec(-time.Second)}, 0, clock.ErrExpired},
		{"leeway rescues an exp one second ago", clock.Times{Exp: sec(-time.Second)}, 2 * time.Second, nil},
		{"nbf equal to now passes", clock.Times{Nbf: sec(0)}, 0, nil},
		{"nbf a second ahead is not valid yet", clock.Times{Nbf: sec(time.Second)}, 0, clock.ErrNotYetValid},
		{"leeway lets an early nbf pass", clock.Times{Nbf: sec(time.Second)}, time.Second, nil},
		{"iat a minute ahead is refused", clock.Times{Iat: sec(time.Minute)}, 0, clock.ErrIssuedInFuture},
		{"iat equal to now passes", clock.Times{Iat: sec(0)}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clock.Check(tt.times, now, tt.leeway); !errors.Is(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("Check(%+v, now, %v) = %v; want %v", tt.times, tt.leeway, got, tt.want)
			}
		})
	}
}

package tui

import (
	"fmt"
	"testing"
	"time"

	"jwtlab/server/servertest"
)

// TestLiveModeAgainstReferenceServer walks the simplejwt lifecycle in
// live mode against jwtlab's own server, in process: login, countdown,
// refresh (with and without rotation), verify, /api/me/, blacklist.
func TestLiveModeAgainstReferenceServer(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	for _, rotate := range []bool{false, true} {
		t.Run(fmt.Sprintf("rotation %v", rotate), func(t *testing.T) {
			opts := []servertest.Option{servertest.WithClock(func() time.Time { return now })}
			if rotate {
				opts = append(opts, servertest.WithRotation())
			}
			srv := servertest.Start(t, opts...)
			liveDrive(t, srv.URL, now, rotate)
		})
	}
}

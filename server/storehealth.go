package server

import (
	"net/http"
	"time"

	"jwtlab/server/store"
)

// storeRetryAfter is how long a client is told to wait after a store
// failure, and how long /readyz stays 503 after the last one: a full
// disk or a read-only file takes an operator, not milliseconds, and 5 s
// is a couple of load-balancer polls.
const storeRetryAfter = 5 * time.Second

// errStoreUnavailable is DRF's ServiceUnavailable for a database that
// cannot serve now (store.IsUnavailable): never a 500, which would
// say the request itself broke something.
var errStoreUnavailable = &apiError{status: http.StatusServiceUnavailable,
	body:       obj{{"detail", "Service temporarily unavailable, try again later."}},
	retryAfter: int(storeRetryAfter / time.Second)}

// noteStoreFailure remembers when the store last failed, for /readyz.
func (s *Server) noteStoreFailure(err error) {
	if store.IsUnavailable(err) {
		s.storeFailedAt.Store(s.cfg.now().UnixNano())
	}
}

// storeFailing reports whether the store failed within storeRetryAfter:
// readiness follows the requests that write, since a ping only reads
// and a full disk or read-only file still answers reads.
func (s *Server) storeFailing() bool {
	at := s.storeFailedAt.Load()
	return at != 0 && s.cfg.now().Sub(time.Unix(0, at)) < storeRetryAfter
}

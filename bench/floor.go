package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
)

// floorBody is what /api/me/ answers for the demo user.
var floorBody = []byte(`{"id":1,"username":"demo"}`)

// FloorHandler answers every request with the demo user's JSON and checks
// nothing: as much HTTP as the server's core and the load generator's get
// through together, the ceiling every real target is compared with. On
// the 2-core machine the load generator's core is the one that fills
// first (corebusy.go), so the floor is partly vegeta's ceiling.
func FloorHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Drain the body as a real handler would, so POST scenarios cost
		// the same bytes on the wire.
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(floorBody)
	})
}

// ServeFloor runs the floor target on addr until ctx ends. Like jwtlab
// serve, it reports "listening on http://HOST:PORT" on stderr once it
// accepts connections, which is how the bench learns the port.
func ServeFloor(ctx context.Context, addr string, stderr io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: FloorHandler()}
	fmt.Fprintf(stderr, "listening on http://%s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

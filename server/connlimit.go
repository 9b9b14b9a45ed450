package server

import (
	"net"
	"sync"
)

// connLimit is a listener that keeps at most cap(open) connections open.
// Past that it accepts a connection and resets it at once, unread, rather
// than leaving it in the kernel's accept queue as
// golang.org/x/net/netutil.LimitListener does: a client learns in one
// round trip that this instance is full, instead of waiting an unknown
// time for a request nobody reads. Every connection http.Server holds costs a goroutine and
// its read and write buffers before any handler or shedder runs, so this
// is the bound that keeps an open-loop overload from growing the process.
//
// It checks only the count: one client may take every place (idle
// keep-alive connections are closed after IdleTimeout, slow headers after
// ReadHeaderTimeout), so a per-client connection limit is left to the
// edge (nginx's limit_conn).
type connLimit struct {
	net.Listener
	open chan struct{}
}

func limitConns(ln net.Listener, n int) net.Listener {
	return &connLimit{Listener: ln, open: make(chan struct{}, n)}
}

func (l *connLimit) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.open <- struct{}{}:
			return &limitedConn{Conn: c, release: func() { <-l.open }}, nil
		default:
		}
		if tc, ok := c.(*net.TCPConn); ok {
			// A reset, not a FIN: nothing is left in TIME_WAIT on our
			// side for a connection we never served.
			tc.SetLinger(0)
		}
		c.Close()
	}
}

// limitedConn gives its place back once, however often it is closed.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

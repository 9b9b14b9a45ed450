package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync"
)

// errBodyUnreadable is a body that broke off or timed out while it was
// being read.
var errBodyUnreadable = detail(http.StatusBadRequest, "Could not read the request body.")

// readBody reads a request's whole body (already bounded by limitBody)
// before the request may take one of the MaxInFlight places. A client
// that sends its body slowly then holds only its own connection, for at
// most ReadTimeout, never a place other clients need: 1,030 connections
// that each send one byte of a 100-byte body used to hold all 1,024
// places of prod and answer everyone 503 for ~10 s.
//
// Reading first means bodies are no longer bounded by MaxInFlight, so
// MaxBodyReadsPerClient bounds how many one client may be sending at
// once; past it that client alone gets an immediate 503.
func (s *Server) readBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength == 0 { // no body (net/http may still give a non-nil one)
			h.ServeHTTP(w, r)
			return
		}
		client := s.clientIP(r)
		if !s.bodyReads.acquire(client) {
			s.metrics.shed()
			// The unread body makes net/http close the connection
			// after this response instead of draining it.
			w.Header().Set("Connection", "close")
			s.writeError(w, r, errOverloaded)
			return
		}
		body, err := io.ReadAll(r.Body)
		s.bodyReads.release(client)
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				s.writeError(w, r, errBodyTooLarge)
			} else {
				s.writeError(w, r, errBodyUnreadable)
			}
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	})
}

// clientCounter counts what each client is doing at once, up to max per
// client (0: no bound). Only clients with a count are kept, so its size
// is bounded by the connections open.
type clientCounter struct {
	max int
	mu  sync.Mutex
	n   map[string]int
}

func newClientCounter(max int) *clientCounter {
	return &clientCounter{max: max, n: map[string]int{}}
}

func (c *clientCounter) acquire(client string) bool {
	if c.max <= 0 {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[client] >= c.max {
		return false
	}
	c.n[client]++
	return true
}

func (c *clientCounter) release(client string) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[client] <= 1 {
		delete(c.n, client)
		return
	}
	c.n[client]--
}

package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// middleware wraps the routes, outermost first.
func (s *Server) middleware(h http.Handler) http.Handler {
	h = s.shed(h)
	h = s.readBody(h)
	h = s.limitBody(h)
	h = s.limitHeaderLines(h)
	h = s.checkHost(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	return h
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request and records its duration by route.
func (s *Server) observe(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		// r.Pattern, set by the mux, keeps the label set small: an
		// attacker's random paths all count as "/".
		s.metrics.observe(r.Pattern, sw.status, d)
		switch s.cfg.AccessLog {
		case "text":
			// runserver's line: [28/Nov/2026 22:40:44] "GET /api/me/ HTTP/1.1" 200 26
			s.log.Info(fmt.Sprintf("[%s] \"%s %s %s\" %d %d",
				start.Format("02/Jan/2006 15:04:05"), r.Method, r.URL.RequestURI(), r.Proto, sw.status, sw.size))
		case "json":
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Int("bytes", sw.size),
				slog.Float64("ms", float64(d.Microseconds())/1000),
				slog.String("client", s.clientIP(r)))
		}
	})
}

// recoverPanics turns a handler's panic into a JSON 500 and a log line
// instead of a dropped connection.
func (s *Server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.writeError(w, r, fmt.Errorf("panic: %v", v))
		}()
		h.ServeHTTP(w, r)
	})
}

// Header values set on every response, built once. Each slice has no
// spare capacity, so a later Header.Add copies it instead of writing
// into a slice every response shares.
var (
	hdrDeny       = []string{"DENY"}
	hdrNosniff    = []string{"nosniff"}
	hdrSameOrigin = []string{"same-origin"}
	hdrAccept     = []string{"Accept"}
	hdrJSON       = []string{"application/json"}
)

// securityHeaders adds what Django's SecurityMiddleware and
// XFrameOptionsMiddleware add to every response. The keys are written in
// canonical form, which saves Header.Set canonicalising them each time.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["X-Frame-Options"] = hdrDeny
		hd["X-Content-Type-Options"] = hdrNosniff
		hd["Referrer-Policy"] = hdrSameOrigin
		h.ServeHTTP(w, r)
	})
}

// shed answers 503 at once when MaxInFlight API requests are already
// being served, so overload costs a fast refusal, not an ever longer
// queue. Health, readiness and metrics are never shed.
func (s *Server) shed(h http.Handler) http.Handler {
	if s.inFlight == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			h.ServeHTTP(w, r)
			return
		}
		select {
		case s.inFlight <- struct{}{}:
			defer func() { <-s.inFlight }()
			h.ServeHTTP(w, r)
		default:
			s.metrics.shed()
			s.writeError(w, r, errOverloaded)
		}
	})
}

// limitBody refuses a body over the limit: at once when Content-Length
// says so, without reading a byte of it, and otherwise as soon as the
// reader passes the limit.
func (s *Server) limitBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBodyBytes {
			// The unread body makes net/http close the connection
			// after this response rather than drain it.
			w.Header().Set("Connection", "close")
			s.writeError(w, r, errBodyTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		h.ServeHTTP(w, r)
	})
}

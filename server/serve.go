package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Run serves on ln, at most MaxConns connections at a time, until ctx is
// cancelled. In prod (ShutdownTimeout > 0)
// it then stops accepting, lets every request in flight finish within
// the timeout and returns nil; in dev, like runserver on Ctrl-C, it
// closes every connection at once.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	if s.cfg.MaxConns > 0 {
		ln = limitConns(ln, s.cfg.MaxConns)
	}
	srv := s.HTTPServer()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if s.cfg.ShutdownTimeout <= 0 {
		return srv.Close()
	}
	// The shutdown context must not inherit ctx's cancellation: derived
	// from an already-cancelled context, Shutdown would return at once
	// and cut off the requests it is meant to let finish.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// HTTPServer returns an http.Server for s with the profile's timeouts
// and header limit.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// NewLogger returns the logger a profile logs with, writing to w, and a
// function that flushes it at exit. "text" prints bare lines, as
// runserver does; "json" prints one JSON object a line (log/slog).
// LogBuffered writes through a 64 KiB buffer flushed every 100 ms, so a
// request's log line costs a copy, not a write; a sink that stops reading
// still stalls the requests once the buffer is full.
func NewLogger(cfg Config, w io.Writer) (*slog.Logger, func()) {
	flush := func() {}
	if cfg.LogBuffered {
		bw := newBufferedWriter(w)
		w, flush = bw, bw.Close
	}
	if cfg.AccessLog == "json" {
		return slog.New(slog.NewJSONHandler(w, nil)), flush
	}
	return slog.New(&lineHandler{w: w}), flush
}

// lineHandler prints a record's message and attributes on one line,
// with no time or level: runserver's look.
type lineHandler struct {
	mu    sync.Mutex
	w     io.Writer
	attrs []slog.Attr
}

func (h *lineHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *lineHandler) Handle(_ context.Context, r slog.Record) error {
	line := r.Message
	add := func(a slog.Attr) bool {
		line += " " + a.Key + "=" + a.Value.String()
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, line+"\n")
	return err
}

func (h *lineHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &lineHandler{w: h.w, attrs: append(append([]slog.Attr{}, h.attrs...), as...)}
}

func (h *lineHandler) WithGroup(string) slog.Handler { return h }

// bufferedWriter batches log writes and flushes them from a goroutine.
type bufferedWriter struct {
	mu   sync.Mutex
	bw   *bufio.Writer
	done chan struct{}
	wg   sync.WaitGroup
}

// logFlushEvery bounds how stale the log on screen may be.
const logFlushEvery = 100 * time.Millisecond

func newBufferedWriter(w io.Writer) *bufferedWriter {
	// 64 KiB holds several hundred request lines: at most one flush per
	// few hundred requests even at full load.
	b := &bufferedWriter{bw: bufio.NewWriterSize(w, 64<<10), done: make(chan struct{})}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		t := time.NewTicker(logFlushEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.mu.Lock()
				b.bw.Flush()
				b.mu.Unlock()
			case <-b.done:
				return
			}
		}
	}()
	return b
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bw.Write(p)
}

// Close stops the flusher and writes out what is left.
func (b *bufferedWriter) Close() {
	close(b.done)
	b.wg.Wait()
	b.mu.Lock()
	b.bw.Flush()
	b.mu.Unlock()
}

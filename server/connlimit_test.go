package server_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/server"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// TestMaxConnsHolds: with max_conns=2 and two keep-alive connections
// open, a third is reset unread; once one of the two closes, a new
// connection is served.
func TestMaxConnsHolds(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.AccessLog, cfg.AllowedHosts = "off", []string{"127.0.0.1"}
	cfg.MaxConns = 2
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, ":memory:", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	keys, err := server.NewKeys(jose.Secret(servertest.SigningKey))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- server.New(cfg, st, keys, nil).Run(runCtx, ln) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
	}()
	addr := ln.Addr().String()

	// healthz answers on a connection that stays open, so an answer means
	// the connection holds one of the places.
	healthz := func(c net.Conn) (int, error) {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
			return 0, err
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	held := []net.Conn{dial(), dial()}
	for i, c := range held {
		defer c.Close()
		if code, err := healthz(c); code != 200 {
			t.Fatalf("connection %d of 2: GET /healthz = %d, %v; want 200", i+1, code, err)
		}
	}
	// The third is reset: while its request is read, or already while
	// it connects (the reset can beat the dial's return on loopback).
	if extra, err := net.Dial("tcp", addr); err == nil {
		defer extra.Close()
		if code, err := healthz(extra); err == nil {
			t.Fatalf("third connection with max_conns=2: GET /healthz = %d; want the connection reset", code)
		} else if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("third connection: %v; want a reset, not a wait", err)
		}
	} else if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("third connection: dial = %v; want it accepted, or reset", err)
	}

	held[0].Close()
	// The server frees the place when it sees the close; a new
	// connection may race it, so retry a bounded number of times.
	for try := 1; ; try++ {
		// Until the place is free the server resets a new connection,
		// sometimes before the dial itself returns: retry that too.
		var code int
		c, err := net.Dial("tcp", addr)
		if err == nil {
			code, err = healthz(c)
			c.Close()
		}
		if code == 200 {
			break
		}
		if try == 50 {
			t.Fatalf("after one of two connections closed: GET /healthz = %d, %v; want 200", code, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

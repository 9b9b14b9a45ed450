package production

import (
	"fmt"
	"io"
	"time"

	"jwtlab/server"
)

// StepStart is the step "Two profiles, one server".
func StepStart(w io.Writer) error {
	dev, prod := server.DevConfig(), server.ProdConfig()
	for _, knob := range []string{"read_header_timeout", "read_timeout", "write_timeout", "idle_timeout", "shutdown_timeout", "max_header_bytes"} {
		d, _ := dev.Knob(knob)
		p, _ := prod.Knob(knob)
		fmt.Fprintf(w, "%-20s dev %-8s prod %s\n", knob, d, p)
	}
	return nil
}

// StepSlowloris is the step "Slowloris: holding connections with a trickle".
func StepSlowloris(w io.Writer) error {
	guarded := server.DevConfig()
	guarded.ReadHeaderTimeout = 200 * time.Millisecond // prod's 5 s, shortened for the demonstration
	for _, c := range []struct {
		name string
		cfg  server.Config
	}{{"dev, no timeout", server.DevConfig()}, {"200 ms header timeout", guarded}} {
		r, err := Start(c.cfg)
		if err != nil {
			return err
		}
		held, err := Slowloris(r.Addr, 5, time.Second)
		fmt.Fprintf(w, "%-22s %d of 5 connections still held after 1 s %v\n", c.name+":", held, err)
		r.Stop()
	}
	return nil
}

// StepHeaderOfSize is the step "Limits on what a request may carry".
func StepHeaderOfSize(w io.Writer) error {
	for _, cfg := range []server.Config{server.DevConfig(), server.ProdConfig()} {
		r, err := Start(cfg)
		if err != nil {
			return err
		}
		for _, n := range []int{1 << 10, 32 << 10} {
			status, err := HeaderOfSize(r.Addr, n)
			fmt.Fprintf(w, "%s, %2d KiB header: %s %v\n", cfg.Profile, n>>10, status, err)
		}
		r.Stop()
	}
	return nil
}

// StepLoginDuringShutdown is the step "Graceful shutdown".
func StepLoginDuringShutdown(w io.Writer) error {
	for _, cfg := range []server.Config{server.DevConfig(), server.ProdConfig()} {
		r, err := Start(cfg)
		if err != nil {
			return err
		}
		answer, refusedNew, err := LoginDuringShutdown(r)
		fmt.Fprintf(w, "%-4s new connections refused: %v; the login in flight: %s %v\n", cfg.Profile, refusedNew, answer, err)
	}
	return nil
}

// StepNginxDirectives is the step "Why nginx sits in front".
func StepNginxDirectives(w io.Writer) error {
	d, err := NginxDirectives()
	if err != nil {
		return err
	}
	prod := server.ProdConfig()
	dur := func(s string) time.Duration { d, _ := time.ParseDuration(s); return d }
	fmt.Fprintln(w, "nginx waits for slow clients:  client_header_timeout", d["http/client_header_timeout"], "client_body_timeout", d["http/client_body_timeout"])
	fmt.Fprintln(w, "then passes whole requests on: proxy_request_buffering", d["http/server/proxy_request_buffering"])
	fmt.Fprintln(w, "over kept-alive connections:   keepalive", d["http/upstream jwtlab/keepalive"])
	fmt.Fprintf(w, "jwtlab idle_timeout %v outlasts nginx's upstream keepalive_timeout %s: %v\n",
		prod.IdleTimeout, d["http/upstream jwtlab/keepalive_timeout"], prod.IdleTimeout > dur(d["http/upstream jwtlab/keepalive_timeout"]))
	fmt.Fprintf(w, "nginx proxy_read_timeout %s outlasts jwtlab write_timeout %v: %v\n",
		d["http/server/proxy_read_timeout"], prod.WriteTimeout, dur(d["http/server/proxy_read_timeout"]) > prod.WriteTimeout)
	fmt.Fprintf(w, "body limits: nginx client_max_body_size %s, jwtlab max_body_bytes %d\n", d["http/client_max_body_size"], prod.MaxBodyBytes)
	return nil
}

package lessons

import (
	"fmt"
	"io"
	"time"

	production "jwtlab/lessons/13-production"
	"jwtlab/server"
)

var lesson13 = spec{
	number: 13, slug: "13-production", title: "The production server",
	summary: "timeouts and a slowloris demonstration, header limits, graceful shutdown, why nginx sits in front",
	steps: []stepSpec{
		{section: "Two profiles, one server", example: "ExampleStart", decls: []string{"Start"},
			run: func(w io.Writer) error {
				dev, prod := server.DevConfig(), server.ProdConfig()
				for _, knob := range []string{"read_header_timeout", "read_timeout", "write_timeout", "idle_timeout", "shutdown_timeout", "max_header_bytes"} {
					d, _ := dev.Knob(knob)
					p, _ := prod.Knob(knob)
					fmt.Fprintf(w, "%-20s dev %-8s prod %s\n", knob, d, p)
				}
				return nil
			}},
		{section: "Slowloris: holding connections with a trickle", example: "ExampleSlowloris", decls: []string{"Slowloris"},
			run: func(w io.Writer) error {
				guarded := server.DevConfig()
				guarded.ReadHeaderTimeout = 200 * time.Millisecond // prod's 5 s, shortened for the demonstration
				for _, c := range []struct {
					name string
					cfg  server.Config
				}{{"dev, no timeout", server.DevConfig()}, {"200 ms header timeout", guarded}} {
					r, err := production.Start(c.cfg)
					if err != nil {
						return err
					}
					held, err := production.Slowloris(r.Addr, 5, time.Second)
					fmt.Fprintf(w, "%-22s %d of 5 connections still held after 1 s %v\n", c.name+":", held, err)
					r.Stop()
				}
				return nil
			}},
		{section: "Limits on what a request may carry", example: "ExampleHeaderOfSize", decls: []string{"HeaderOfSize"},
			run: func(w io.Writer) error {
				for _, cfg := range []server.Config{server.DevConfig(), server.ProdConfig()} {
					r, err := production.Start(cfg)
					if err != nil {
						return err
					}
					for _, n := range []int{1 << 10, 32 << 10} {
						status, err := production.HeaderOfSize(r.Addr, n)
						fmt.Fprintf(w, "%s, %2d KiB header: %s %v\n", cfg.Profile, n>>10, status, err)
					}
					r.Stop()
				}
				return nil
			}},
		{section: "Graceful shutdown", example: "ExampleLoginDuringShutdown", decls: []string{"Running.Stop", "LoginDuringShutdown"},
			run: func(w io.Writer) error {
				for _, cfg := range []server.Config{server.DevConfig(), server.ProdConfig()} {
					r, err := production.Start(cfg)
					if err != nil {
						return err
					}
					answer, refusedNew, err := production.LoginDuringShutdown(r)
					fmt.Fprintf(w, "%-4s new connections refused: %v; the login in flight: %s %v\n", cfg.Profile, refusedNew, answer, err)
				}
				return nil
			}},
		{section: "Why nginx sits in front", example: "ExampleNginxDirectives", decls: []string{"NginxDirectives"},
			run: func(w io.Writer) error {
				d, err := production.NginxDirectives()
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
			}},
	},
}

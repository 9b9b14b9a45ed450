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
	},
}

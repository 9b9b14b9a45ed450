package production_test

import (
	"fmt"
	"time"

	production "jwtlab/lessons/13-production"
	"jwtlab/server"
)

func ExampleStart() {
	dev, prod := server.DevConfig(), server.ProdConfig()
	for _, knob := range []string{"read_header_timeout", "read_timeout", "write_timeout", "idle_timeout", "shutdown_timeout", "max_header_bytes"} {
		d, _ := dev.Knob(knob)
		p, _ := prod.Knob(knob)
		fmt.Printf("%-20s dev %-8s prod %s\n", knob, d, p)
	}
	// Output:
	// read_header_timeout  dev 0s       prod 5s
	// read_timeout         dev 0s       prod 10s
	// write_timeout        dev 0s       prod 15s
	// idle_timeout         dev 0s       prod 1m15s
	// shutdown_timeout     dev 0s       prod 10s
	// max_header_bytes     dev 1048576  prod 16384
}

func ExampleSlowloris() {
	guarded := server.DevConfig()
	guarded.ReadHeaderTimeout = 200 * time.Millisecond // prod's 5 s, shortened for the demonstration
	for _, c := range []struct {
		name string
		cfg  server.Config
	}{{"dev, no timeout", server.DevConfig()}, {"200 ms header timeout", guarded}} {
		r, err := production.Start(c.cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		held, err := production.Slowloris(r.Addr, 5, time.Second)
		fmt.Printf("%-22s %d of 5 connections still held after 1 s %v\n", c.name+":", held, err)
		r.Stop()
	}
	// Output:
	// dev, no timeout:       5 of 5 connections still held after 1 s <nil>
	// 200 ms header timeout: 0 of 5 connections still held after 1 s <nil>
}

func ExampleHeaderOfSize() {
	for _, cfg := range []server.Config{server.DevConfig(), server.ProdConfig()} {
		r, err := production.Start(cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, n := range []int{1 << 10, 32 << 10} {
			status, err := production.HeaderOfSize(r.Addr, n)
			fmt.Printf("%s, %2d KiB header: %s %v\n", cfg.Profile, n>>10, status, err)
		}
		r.Stop()
	}
	// Output:
	// dev,  1 KiB header: 401 Unauthorized <nil>
	// dev, 32 KiB header: 401 Unauthorized <nil>
	// prod,  1 KiB header: 401 Unauthorized <nil>
	// prod, 32 KiB header: 431 Request Header Fields Too Large <nil>
}

func ExampleLoginDuringShutdown() {
	for _, cfg := range []server.Config{server.DevConfig(), server.ProdConfig()} {
		r, err := production.Start(cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		answer, refusedNew, err := production.LoginDuringShutdown(r)
		fmt.Printf("%-4s new connections refused: %v; the login in flight: %s %v\n", cfg.Profile, refusedNew, answer, err)
	}
	// Output:
	// dev  new connections refused: true; the login in flight: cut off, no answer <nil>
	// prod new connections refused: true; the login in flight: HTTP/1.1 200 OK <nil>
}

func ExampleNginxDirectives() {
	d, err := production.NginxDirectives()
	if err != nil {
		fmt.Println(err)
		return
	}
	prod := server.ProdConfig()
	dur := func(s string) time.Duration { d, _ := time.ParseDuration(s); return d }
	fmt.Println("nginx waits for slow clients:  client_header_timeout", d["http/client_header_timeout"], "client_body_timeout", d["http/client_body_timeout"])
	fmt.Println("then passes whole requests on: proxy_request_buffering", d["http/server/proxy_request_buffering"])
	fmt.Println("over kept-alive connections:   keepalive", d["http/upstream jwtlab/keepalive"])
	fmt.Printf("jwtlab idle_timeout %v outlasts nginx's upstream keepalive_timeout %s: %v\n",
		prod.IdleTimeout, d["http/upstream jwtlab/keepalive_timeout"], prod.IdleTimeout > dur(d["http/upstream jwtlab/keepalive_timeout"]))
	fmt.Printf("nginx proxy_read_timeout %s outlasts jwtlab write_timeout %v: %v\n",
		d["http/server/proxy_read_timeout"], prod.WriteTimeout, dur(d["http/server/proxy_read_timeout"]) > prod.WriteTimeout)
	fmt.Printf("body limits: nginx client_max_body_size %s, jwtlab max_body_bytes %d\n", d["http/client_max_body_size"], prod.MaxBodyBytes)
	// Output:
	// nginx waits for slow clients:  client_header_timeout 10s client_body_timeout 10s
	// then passes whole requests on: proxy_request_buffering on
	// over kept-alive connections:   keepalive 32
	// jwtlab idle_timeout 1m15s outlasts nginx's upstream keepalive_timeout 30s: true
	// nginx proxy_read_timeout 20s outlasts jwtlab write_timeout 15s: true
	// body limits: nginx client_max_body_size 1m, jwtlab max_body_bytes 1048576
}

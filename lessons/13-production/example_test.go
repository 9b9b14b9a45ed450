package production_test

import (
	"fmt"
	"io"
	"os"

	production "jwtlab/lessons/13-production"
)

func ExampleStepStart() {
	run(production.StepStart)
	// Output:
	// read_header_timeout  dev 0s       prod 5s
	// read_timeout         dev 0s       prod 10s
	// write_timeout        dev 0s       prod 15s
	// idle_timeout         dev 0s       prod 1m15s
	// shutdown_timeout     dev 0s       prod 10s
	// max_header_bytes     dev 1048576  prod 16384
}

func ExampleStepSlowloris() {
	run(production.StepSlowloris)
	// Output:
	// dev, no timeout:       5 of 5 connections still held after 1 s <nil>
	// 200 ms header timeout: 0 of 5 connections still held after 1 s <nil>
}

func ExampleStepHeaderOfSize() {
	run(production.StepHeaderOfSize)
	// Output:
	// dev,  1 KiB header: 401 Unauthorized <nil>
	// dev, 32 KiB header: 401 Unauthorized <nil>
	// prod,  1 KiB header: 401 Unauthorized <nil>
	// prod, 32 KiB header: 431 Request Header Fields Too Large <nil>
}

func ExampleStepLoginDuringShutdown() {
	run(production.StepLoginDuringShutdown)
	// Output:
	// dev  new connections refused: true; the login in flight: cut off, no answer <nil>
	// prod new connections refused: true; the login in flight: HTTP/1.1 200 OK <nil>
}

func ExampleStepNginxDirectives() {
	run(production.StepNginxDirectives)
	// Output:
	// nginx waits for slow clients:  client_header_timeout 10s client_body_timeout 10s
	// then passes whole requests on: proxy_request_buffering on
	// over kept-alive connections:   keepalive 32
	// jwtlab idle_timeout 1m15s outlasts nginx's upstream keepalive_timeout 30s: true
	// nginx proxy_read_timeout 20s outlasts jwtlab write_timeout 15s: true
	// body limits: nginx client_max_body_size 1m, jwtlab max_body_bytes 1048576
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}

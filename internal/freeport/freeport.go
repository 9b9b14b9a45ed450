// Package freeport picks a loopback port for a program that must be told
// its port before it starts (nginx, gunicorn): one that was free a moment
// ago and, where the kernel says where its ephemeral ports begin, below
// them. Between the pick and the program's bind, any listener another
// process opens on port 0 is given an ephemeral port, so it cannot take
// this one; with an ephemeral port, a test once found another package's
// jwtlab server on the port it had picked for Django, and took its
// answers for Django's.
package freeport

import (
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// From is the lowest port Pick chooses: above the registered services
// most machines run.
const From = 20000

// Pick returns a loopback port that was free a moment ago, below the
// ephemeral range when there is one to be below, else any the kernel
// gives.
func Pick() (string, error) {
	if lo, hi, ok := BelowEphemeral(); ok {
		for range 200 {
			p := strconv.Itoa(lo + rand.IntN(hi-lo))
			if l, err := net.Listen("tcp", "127.0.0.1:"+p); err == nil {
				return p, l.Close()
			}
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	p := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	return p, l.Close()
}

// BelowEphemeral is the range from From up to the start of the kernel's
// ephemeral ports (Linux's ip_local_port_range), when the kernel says
// where that is and it leaves a thousand ports or more.
func BelowEphemeral() (lo, hi int, ok bool) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0, 0, false
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, 0, false
	}
	first, err := strconv.Atoi(f[0])
	if err != nil || first-From < 1000 {
		return 0, 0, false
	}
	return From, first, true
}

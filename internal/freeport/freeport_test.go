package freeport

import (
	"net"
	"strconv"
	"testing"
)

func TestPickIsFreeAndBelowTheEphemeralPorts(t *testing.T) {
	port, err := Pick()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("listen on the picked %s: %v", port, err)
	}
	l.Close()
	if lo, hi, ok := BelowEphemeral(); ok {
		if p, _ := strconv.Atoi(port); p < lo || p >= hi {
			t.Errorf("Pick = %d; want one in [%d, %d), below the ephemeral ports", p, lo, hi)
		}
	}
}

package server

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	cfg := ProdConfig()
	cfg.AccessLog = "off"
	var err error
	if cfg.TrustedProxies, err = ParseTrustedProxies("127.0.0.1/32, 10.0.0.0/8"); err != nil {
		t.Fatal(err)
	}
	s := &Server{cfg: cfg}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy", "192.0.2.7:5000", nil, "192.0.2.7"},
		{"an untrusted peer's X-Forwarded-For is ignored", "192.0.2.7:5000", []string{"203.0.113.9"}, "192.0.2.7"},
		{"a trusted peer's client", "127.0.0.1:5000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"a forged entry left of the real client", "127.0.0.1:5000", []string{"1.2.3.4, 203.0.113.9"}, "203.0.113.9"},
		{"two trusted hops", "127.0.0.1:5000", []string{"203.0.113.9, 10.1.2.3"}, "203.0.113.9"},
		{"headers split over lines", "127.0.0.1:5000", []string{"1.2.3.4", "203.0.113.9"}, "203.0.113.9"},
		{"garbage stops the walk", "127.0.0.1:5000", []string{"203.0.113.9, not-an-ip"}, "127.0.0.1"},
		{"IPv4 in IPv6", "[::ffff:127.0.0.1]:5000", []string{"203.0.113.9"}, "203.0.113.9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := s.clientIP(r); got != tc.want {
				t.Errorf("clientIP(peer %s, XFF %q) = %s; want %s", tc.peer, tc.xff, got, tc.want)
			}
		})
	}
}

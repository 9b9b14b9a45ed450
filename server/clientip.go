package server

import (
	"net/http"
	"net/netip"
	"strings"
)

// clientIP is the address a request came from. X-Forwarded-For is
// believed only when the peer is a trusted proxy, and then only as far
// as the proxies we trust: the first untrusted address from the right
// is the client. Anyone can write X-Forwarded-For; only our nginx's
// entries are true.
func (s *Server) clientIP(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := peer.Addr().Unmap()
	if !s.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr = a.Unmap()
		if !s.trusted(addr) {
			break
		}
	}
	return addr.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ipThrottleKey is the per-IP login throttle's key for r's client: the
// address for IPv4, its first Config.LoginIPv6Prefix bits (64 unless
// set) for IPv6. An IPv6 host picks the last 64 bits of its address
// itself (RFC 4291 section 2.5.1: 64-bit interface identifiers) and a site
// is given a /64 or more (RFC 6177), so keying whole IPv6 addresses would
// give one client 2^64 buckets.
func (s *Server) ipThrottleKey(r *http.Request) string {
	ip := s.clientIP(r)
	addr, err := netip.ParseAddr(ip)
	if err != nil || addr.Is4() {
		return ip
	}
	bits := s.cfg.LoginIPv6Prefix
	if bits <= 0 {
		bits = 64
	}
	p, err := addr.WithZone("").Prefix(min(bits, 128))
	if err != nil {
		return ip
	}
	return p.String()
}

package server

import (
	"net/http"
	"regexp"
	"strings"
)

// errDisallowedHost is the 400 Django answers when the Host header is
// not in ALLOWED_HOSTS (DisallowedHost). Django sends an HTML page,
// "Bad Request (400)"; ours is JSON like every error, and says which
// setting to change without echoing the host.
var errDisallowedHost = detail(http.StatusBadRequest, "Invalid HTTP_HOST header. You may need to add it to -allowed-hosts.")

// devAllowedHosts returns what Django allows when DEBUG is on and
// ALLOWED_HOSTS is empty (django/http/request.py, HttpRequest.get_host,
// 3.2): localhost and its subdomains, and the loopback addresses. A new
// slice each call: a config that edits its list must not edit another's.
func devAllowedHosts() []string { return []string{".localhost", "127.0.0.1", "[::1]"} }

// hostSyntax is Django's host_validation_re: a DNS name or a bracketed
// IPv6 address, then an optional port.
var hostSyntax = regexp.MustCompile(`^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9\.:]+\])(:\d+)?$`)

// hostAllowed is Django's split_domain_port then validate_host: the
// lower-cased host without its port and trailing dot must equal an
// entry, or end with one that starts with a dot (".example.com" is
// example.com and its subdomains), or an entry must be "*".
func hostAllowed(host string, allowed []string) bool {
	host = strings.ToLower(host)
	if !hostSyntax.MatchString(host) {
		return false
	}
	domain := host
	if !strings.HasSuffix(host, "]") {
		if i := strings.LastIndexByte(host, ':'); i >= 0 {
			domain = host[:i]
		}
		domain = strings.TrimSuffix(domain, ".")
	}
	if domain == "" {
		return false
	}
	for _, p := range allowed {
		p = strings.ToLower(p)
		switch {
		case p == "*", p == domain:
			return true
		case strings.HasPrefix(p, ".") && (strings.HasSuffix(domain, p) || domain == p[1:]):
			return true
		}
	}
	return false
}

// checkHost refuses a request whose Host header is not allowed, as
// Django's CommonMiddleware does through request.get_host(): it stops
// DNS rebinding (a page on attacker.example whose name now resolves to
// 127.0.0.1) from reaching a local server, and host-header tricks in
// anything that builds URLs from Host. /healthz and /readyz answer any
// host: probes address a pod by IP, and they reveal only a status.
func (s *Server) checkHost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" && r.URL.Path != "/readyz" && !hostAllowed(r.Host, s.cfg.AllowedHosts) {
			s.writeError(w, r, errDisallowedHost)
			return
		}
		h.ServeHTTP(w, r)
	})
}

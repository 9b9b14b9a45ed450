// Package nginx renders the nginx.conf that puts nginx in front of
// `jwtlab serve -profile prod`: the reverse proxy Django deployments put
// in front of their application server (gunicorn), with every value
// explained.
package nginx

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
)

// Defaults for the login rate limit. nginx's limit is the coarse outer one:
// it only has to shed floods before they reach the password hasher, the
// upstream's per-IP and per-username throttle does the fine work.
const (
	// DefaultTokenRate is requests per second per client address for
	// POST /api/token/: a person never logs in 5 times a second.
	DefaultTokenRate = 5
	// DefaultTokenBurst lets a client send this many logins at once
	// (a retyped password, a few app instances starting together).
	DefaultTokenBurst = 10
)

// Config describes one nginx in front of one or more jwtlab servers.
type Config struct {
	// Upstreams are the jwtlab servers' HOST:PORT addresses, at least one.
	// With several, nginx balances requests over them (round robin), takes
	// an instance out for a while when connections to it fail, and retries
	// on another only what is safe to retry (see the template).
	Upstreams []string
	// Listen is the HOST:PORT nginx accepts clients on.
	Listen string
	// Prefix is the absolute directory for the pid file, logs and temp
	// files. Empty writes paths relative to nginx's -p prefix instead.
	Prefix string
	// TokenRate is the per-address request rate (requests per second)
	// allowed on POST /api/token/; 0 means DefaultTokenRate.
	TokenRate int
	// TokenBurst is how many requests above the rate are answered at once
	// before nginx answers 429; 0 means DefaultTokenBurst.
	TokenBurst int
	// TokenHold is how many requests beyond the burst nginx holds and
	// passes at the rate before it answers 429; 0 holds none (a 429 at
	// once). A held client waits instead of retrying straight away, so a
	// closed-loop bot with up to TokenBurst+TokenHold connections paces
	// itself; the price is a wait of up to TokenHold/TokenRate seconds
	// for a legitimate address past its burst, a shared NAT's included.
	TokenHold int
}

// Errors Render returns for a Config it cannot turn into a valid nginx.conf.
var (
	ErrBadAddress = errors.New("want HOST:PORT")
	ErrBadPrefix  = errors.New("bad prefix")
	ErrBadLimit   = errors.New("bad rate limit")
)

//go:embed nginx.conf.tmpl
var confText string

var confTemplate = template.Must(template.New("nginx.conf").Parse(confText))

// view is what the template sees: validated, normalised values only.
type view struct {
	Upstreams             []string
	Listen                string
	prefix                string
	TokenRate, TokenBurst int
	TokenHold             int
}

// TokenQueue is how many requests above the rate nginx takes, at once or
// held: limit_req's burst.
func (v view) TokenQueue() int { return v.TokenBurst + v.TokenHold }

// Path names a file under the prefix, quoted for nginx.
func (v view) Path(name string) string {
	if v.prefix == "" {
		return name
	}
	return strconv.Quote(filepath.Join(v.prefix, name))
}

// PrefixArg is what to pass to nginx -p, as a shell word: the header's
// comment suggests a command line to paste.
func (v view) PrefixArg() string {
	if v.prefix == "" {
		return "PREFIX"
	}
	return shellWord(v.prefix)
}

// ErrorLog is the error log's path, as passed to nginx -e, as a shell
// word.
func (v view) ErrorLog() string {
	if v.prefix == "" {
		return "PREFIX/error.log"
	}
	return shellWord(filepath.Join(v.prefix, "error.log"))
}

// shellWord is s as one word of a POSIX shell command line: as it is
// when every character is one no shell treats specially, else in single
// quotes, inside which a shell treats nothing specially but a single
// quote, which is written as a quote that ends the quoting, a
// backslashed quote, and a quote that starts it again.
func shellWord(s string) string {
	plain := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+,:@%=", r)
	}
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !plain(r) }) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Render validates c and writes a complete nginx.conf to w. Nothing is
// written when c is invalid.
func Render(w io.Writer, c Config) error {
	v, err := c.view()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := confTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("render nginx.conf: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func (c Config) view() (view, error) {
	v := view{prefix: c.Prefix, TokenRate: c.TokenRate, TokenBurst: c.TokenBurst, TokenHold: c.TokenHold}
	var err error
	if v.Listen, err = hostPort(c.Listen); err != nil {
		return view{}, fmt.Errorf("listen %q: %w", c.Listen, err)
	}
	if len(c.Upstreams) == 0 {
		return view{}, fmt.Errorf("upstream: %w: give at least one", ErrBadAddress)
	}
	seen := map[string]bool{}
	for _, u := range c.Upstreams {
		hp, err := hostPort(u)
		if err != nil {
			return view{}, fmt.Errorf("upstream %q: %w", u, err)
		}
		if hp == v.Listen {
			return view{}, fmt.Errorf("listen %q: %w: it is also an upstream, nginx would proxy to itself", c.Listen, ErrBadAddress)
		}
		if seen[hp] {
			return view{}, fmt.Errorf("upstream %q: %w: listed twice", u, ErrBadAddress)
		}
		seen[hp] = true
		v.Upstreams = append(v.Upstreams, hp)
	}
	if c.Prefix != "" {
		if !filepath.IsAbs(c.Prefix) {
			return view{}, fmt.Errorf("prefix %q: %w: want an absolute directory", c.Prefix, ErrBadPrefix)
		}
		// Paths are written in double quotes; these would end the quote,
		// escape out of it, or be expanded as variables in access_log.
		if strings.ContainsAny(c.Prefix, "\"\\$'{};") || strings.ContainsFunc(c.Prefix, isControl) {
			return view{}, fmt.Errorf("prefix %q: %w: quotes, backslashes, $, braces, ; and control characters are not allowed", c.Prefix, ErrBadPrefix)
		}
		v.prefix = filepath.Clean(c.Prefix)
	}
	if v.TokenRate == 0 {
		v.TokenRate = DefaultTokenRate
	}
	if v.TokenBurst == 0 {
		v.TokenBurst = DefaultTokenBurst
	}
	if v.TokenRate < 0 || v.TokenBurst < 0 || v.TokenHold < 0 {
		return view{}, fmt.Errorf("token rate %d, burst %d, hold %d: %w: must not be negative", c.TokenRate, c.TokenBurst, c.TokenHold, ErrBadLimit)
	}
	return v, nil
}

func isControl(r rune) bool { return r < ' ' || r == 0x7f }

// hostPort checks HOST:PORT and returns it in the form nginx reads (IPv6
// literals in brackets). HOST is an IP address or a DNS name; PORT is 1-65535
// (nginx cannot pick a free port the way port 0 does for Go).
func hostPort(s string) (string, error) {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", ErrBadAddress
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("%w: port must be 1-65535", ErrBadAddress)
	}
	if host == "" {
		return "", fmt.Errorf("%w: host is empty (use 0.0.0.0 for every address)", ErrBadAddress)
	}
	if net.ParseIP(host) == nil && !isDNSName(host) {
		return "", fmt.Errorf("%w: host is neither an IP address nor a DNS name", ErrBadAddress)
	}
	return net.JoinHostPort(host, strconv.Itoa(n)), nil
}

// isDNSName accepts letters, digits, hyphens and dots, with no empty label
// and no label starting or ending with a hyphen: what nginx can resolve.
func isDNSName(s string) bool {
	// 253 is the longest name DNS can carry (RFC 1035, in text form).
	if len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		// 63 is the longest DNS label (RFC 1035).
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

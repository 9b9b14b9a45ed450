// Package server is jwtlab's reference token server: simplejwt's four
// token endpoints and a protected resource, wire-compatible with Django
// REST framework + djangorestframework-simplejwt 5.2.2, on golang-jwt v5.
//
// The dev and prod profiles run the same handlers and the same token
// checks; they differ only in how they serve, as data: DevConfig and
// ProdConfig return two Config values, and every difference is a named
// knob that -set can change one at a time.
package server

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is everything the server can be told. The token settings carry
// simplejwt's names; the serving knobs are listed in knobs below.
type Config struct {
	Profile string // "dev" or "prod", for banners and logs

	// simplejwt's SIMPLE_JWT settings.
	AccessLifetime         time.Duration // ACCESS_TOKEN_LIFETIME
	RefreshLifetime        time.Duration // REFRESH_TOKEN_LIFETIME
	RotateRefresh          bool          // ROTATE_REFRESH_TOKENS
	BlacklistAfterRotation bool          // BLACKLIST_AFTER_ROTATION
	Leeway                 time.Duration // LEEWAY
	Issuer                 string        // ISSUER
	Audience               string        // AUDIENCE
	AuthHeaderTypes        []string      // AUTH_HEADER_TYPES
	UserIDClaim            string        // USER_ID_CLAIM

	// Serving knobs.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	ShutdownTimeout   time.Duration // 0: exit at once, dropping requests in flight
	MaxHeaderBytes    int
	MaxBodyBytes      int64
	StoreMaxOpen      int
	StoreMaxIdle      int
	StorePrepare      bool
	UserCacheTTL      time.Duration
	HashSlots         int // concurrent password hashes; 0 = unbounded
	HashQueue         int // logins that may wait for a slot before 503
	HashNice          int // niceness of the threads that hash; 0: none
	LoginRateIP       float64
	LoginBurstIP      int
	LoginRateUser     float64
	LoginBurstUser    int
	ThrottleDelay     time.Duration // how long a refused login waits for its 429 or 503
	MaxInFlight       int           // API requests served at once before 503; 0: unbounded
	MemoryLimit       string        // Go's soft memory limit: "off", "auto" or MiB
	AccessLog         string        // "text" (runserver style), "json" or "off"
	LogBuffered       bool
	OpsEndpoints      bool // /healthz, /readyz and /metrics
	TrustedProxies    []netip.Prefix

	// MaxBodyReadsPerClient bounds the request bodies one client IP may
	// be sending at once; past it that client gets 503. 0: unbounded.
	MaxBodyReadsPerClient int
	// MaxHeaderLineBytes bounds the request line and each header line,
	// CRLF included (431, or 414 for the request line), inside
	// MaxHeaderBytes' bound on all of them. 0: no per-line bound.
	MaxHeaderLineBytes int
	// AllowedHosts is Django's ALLOWED_HOSTS: the Host header values
	// answered ("*" any, ".example.com" a domain and its subdomains);
	// other hosts get 400. Empty is invalid: prod must be told.
	AllowedHosts []string

	// Clock returns the current time; nil means time.Now. Tests fix it.
	Clock func() time.Time
}

// DevConfig mirrors what Django's manage.py runserver does, and no more.
// NOTES.md names the runserver trait behind each value.
func DevConfig() Config {
	c := tokenDefaults()
	c.Profile = "dev"
	// runserver sets no timeouts: a client may take forever to send its
	// headers or body, and an idle keep-alive connection stays open.
	c.ReadHeaderTimeout, c.ReadTimeout, c.WriteTimeout, c.IdleTimeout = 0, 0, 0, 0
	// Ctrl-C stops runserver at once; requests in flight are dropped.
	c.ShutdownTimeout = 0
	// runserver (Python's http.server) refuses a request or header line
	// over 65,536 bytes with 414 or 431, and more than 100 header lines;
	// Go bounds all the headers together, so 1 MiB (Go's default) and a
	// 65,536-byte line bound cover what runserver takes.
	c.MaxHeaderBytes = 1 << 20
	c.MaxHeaderLineBytes = 65536
	// Django's DATA_UPLOAD_MAX_MEMORY_SIZE: 2.5 MB of request body.
	c.MaxBodyBytes = 2_621_440
	// CONN_MAX_AGE=0: a new database connection for every request.
	c.StoreMaxOpen, c.StoreMaxIdle, c.StorePrepare = 0, 0, false
	c.UserCacheTTL = 0
	// Every login hashes at once, however many arrive.
	c.HashSlots, c.HashQueue, c.HashNice = 0, 0, 0
	// Django has no login throttle.
	c.LoginRateIP, c.LoginBurstIP, c.LoginRateUser, c.LoginBurstUser = 0, 0, 0, 0
	c.ThrottleDelay = 0
	// runserver takes every request it is given, however many.
	c.MaxInFlight = 0
	c.MaxBodyReadsPerClient = 0
	// DEBUG=True with ALLOWED_HOSTS empty: the local names only.
	c.AllowedHosts = DevAllowedHosts
	// Python has no memory limit; the process grows as it likes.
	c.MemoryLimit = "off"
	// runserver prints one human line per request, synchronously.
	c.AccessLog, c.LogBuffered = "text", false
	c.OpsEndpoints = false
	return c
}

// ProdConfig is tuned for production: every value says why.
func ProdConfig() Config {
	c := tokenDefaults()
	c.Profile = "prod"
	// A client gets 5 s to send its headers: long enough for any real
	// client on a slow link, short enough that a slowloris attacker
	// trickling bytes holds a connection for 5 s, not forever.
	c.ReadHeaderTimeout = 5 * time.Second
	// 10 s for headers and body: the largest body we accept is 1 MiB,
	// which even a 1 Mbit/s mobile link sends in about 8 s.
	c.ReadTimeout = 10 * time.Second
	// 15 s to write the answer, from the end of the request headers: a
	// login may wait in the hash queue (< 1 s) and hash (~35 ms), so
	// this only fires on a client that stops reading.
	c.WriteTimeout = 15 * time.Second
	// Longer than nginx's upstream keepalive_timeout (60 s), so nginx
	// always closes an idle upstream connection first and never sends a
	// request on one we are closing (which would be a 502).
	c.IdleTimeout = 75 * time.Second
	// 10 s is four times the longest request we expect (a queued login),
	// and well inside the 30 s systemd and Kubernetes wait before SIGKILL.
	c.ShutdownTimeout = 10 * time.Second
	// 16 KiB of headers: a JWT is under 1 KiB, a cookie jar a few KiB;
	// nginx's own default buffers stop at 4 x 8 KiB.
	c.MaxHeaderBytes = 16 << 10
	// No line can pass the 16 KiB bound on all of them together.
	c.MaxHeaderLineBytes = 0
	// 1 MiB of body: a token request is under 2 KiB; anything bigger is
	// a mistake or an attack, and costs us memory to parse.
	c.MaxBodyBytes = 1 << 20
	// SQLite has one writer, so more than a handful of connections only
	// queue inside the driver; 8 keeps every core busy with readers.
	c.StoreMaxOpen, c.StoreMaxIdle, c.StorePrepare = 8, 8, true
	// A deactivated user keeps access for at most 2 s more, far inside
	// the access token's own 5-minute lifetime; the cache saves a query
	// on every authenticated request.
	c.UserCacheTTL = 2 * time.Second
	// One argon2id hash holds 19 MiB and a core for ~35 ms: one slot per
	// core uses the machine fully; more would only share the cores and
	// add memory. The queue holds one more round of logins (~35 ms of
	// wait); beyond that a client is better served by a fast 503.
	c.HashSlots = runtime.NumCPU()
	c.HashQueue = 2 * runtime.NumCPU()
	// Hashes run on threads at nice 10, each with a P of its own while it
	// runs: when a login and a token check want the same core, the
	// kernel gives the check about 90% of it (weights 1024 vs 110), so a
	// 35 ms hash no longer stalls /api/me/ for a 10 ms scheduler slice.
	c.HashNice = 10
	// Per client IP: a burst of 20 logins, then one a second - a person
	// mistyping never notices; a credential-stuffing bot gets 86,400
	// tries a day instead of millions.
	c.LoginRateIP, c.LoginBurstIP = 1, 20
	// Per username: a burst of 5 failed logins, then one every 12 s.
	// The bucket refills, so nobody is ever locked out for good.
	c.LoginRateUser, c.LoginBurstUser = 1.0/12, 5
	// A refused login (429 throttled, 503 hash queue full) gets its
	// answer after 1 s, not at once: a client with a fixed number of
	// connections (most bots) is slowed to that many tries a second,
	// instead of spinning our CPU on refusals - which would also starve
	// the low-priority hashes of real logins. At most
	// maxDelayed requests wait at a time; past that they are answered at
	// once, so the delay itself cannot be used to hold connections.
	c.ThrottleDelay = time.Second
	// Past 1,024 API requests in flight the server answers 503 at once
	// instead of queueing: at ~50-100 µs a request one core clears that
	// backlog in under 0.1 s, and an open-loop overload can no longer grow
	// the heap without bound. It sits above the 512 refused logins that
	// may be waiting out their delay.
	c.MaxInFlight = 1024
	// Bodies are read before a request takes one of those places (see
	// readBody), so a slow sender cannot hold them; this bounds what one
	// client may have half-sent instead. A token request's body (< 2 KiB)
	// arrives in one packet, so even a busy NAT seldom has two bodies
	// in flight at once; 16 leaves room, and keeps one client's
	// half-sent bodies to 16 MiB at most (16 x max_body_bytes).
	c.MaxBodyReadsPerClient = 16
	// None: with DEBUG=False, runserver refuses to start without
	// ALLOWED_HOSTS; prod, too, must be given its names (or "*").
	c.AllowedHosts = nil
	// A soft limit makes the garbage collector return a finished hash's
	// 19 MiB before starting the next, instead of letting the heap grow
	// to twice the live data: "auto" is 28 MiB for the server plus 20 MiB
	// per hash slot.
	c.MemoryLimit = "auto"
	// Structured logs for machines, written from a buffer so a slow
	// terminal or pipe never stalls a request.
	c.AccessLog, c.LogBuffered = "json", true
	c.OpsEndpoints = true
	return c
}

// tokenDefaults are simplejwt's defaults, the same in both profiles.
func tokenDefaults() Config {
	return Config{
		AccessLifetime:  5 * time.Minute,
		RefreshLifetime: 24 * time.Hour,
		AuthHeaderTypes: []string{"Bearer"},
		UserIDClaim:     "user_id",
	}
}

// Profile returns the named profile's Config.
func Profile(name string) (Config, error) {
	switch name {
	case "dev":
		return DevConfig(), nil
	case "prod":
		return ProdConfig(), nil
	}
	return Config{}, fmt.Errorf("unknown profile %q (want dev or prod)", name)
}

// ErrUnknownKnob is returned by Set for a name that is not a knob.
var ErrUnknownKnob = errors.New("unknown knob")

// knob is one named setting that -set can change and -print-config shows.
type knob struct {
	name string
	get  func(*Config) string
	set  func(*Config, string) error
}

func durationKnob(name string, f func(*Config) *time.Duration) knob {
	return knob{name,
		func(c *Config) string { return f(c).String() },
		func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err == nil && d < 0 {
				err = errors.New("negative")
			}
			*f(c) = d
			return err
		}}
}

func intKnob(name string, f func(*Config) *int) knob {
	return knob{name,
		func(c *Config) string { return strconv.Itoa(*f(c)) },
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err == nil && n < 0 {
				err = errors.New("negative")
			}
			*f(c) = n
			return err
		}}
}

func floatKnob(name string, f func(*Config) *float64) knob {
	return knob{name,
		func(c *Config) string { return strconv.FormatFloat(*f(c), 'g', -1, 64) },
		func(c *Config, v string) error {
			x, err := strconv.ParseFloat(v, 64)
			if err == nil && x < 0 {
				err = errors.New("negative")
			}
			*f(c) = x
			return err
		}}
}

func boolKnob(name string, f func(*Config) *bool) knob {
	return knob{name,
		func(c *Config) string { return strconv.FormatBool(*f(c)) },
		func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			*f(c) = b
			return err
		}}
}

// knobs lists every serving setting in which dev and prod differ.
var knobs = []knob{
	durationKnob("read_header_timeout", func(c *Config) *time.Duration { return &c.ReadHeaderTimeout }),
	durationKnob("read_timeout", func(c *Config) *time.Duration { return &c.ReadTimeout }),
	durationKnob("write_timeout", func(c *Config) *time.Duration { return &c.WriteTimeout }),
	durationKnob("idle_timeout", func(c *Config) *time.Duration { return &c.IdleTimeout }),
	durationKnob("shutdown_timeout", func(c *Config) *time.Duration { return &c.ShutdownTimeout }),
	intKnob("max_header_bytes", func(c *Config) *int { return &c.MaxHeaderBytes }),
	intKnob("max_header_line_bytes", func(c *Config) *int { return &c.MaxHeaderLineBytes }),
	{"max_body_bytes",
		func(c *Config) string { return strconv.FormatInt(c.MaxBodyBytes, 10) },
		func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil && n < 0 {
				err = errors.New("negative")
			}
			c.MaxBodyBytes = n
			return err
		}},
	intKnob("store_max_open", func(c *Config) *int { return &c.StoreMaxOpen }),
	intKnob("store_max_idle", func(c *Config) *int { return &c.StoreMaxIdle }),
	boolKnob("store_prepare", func(c *Config) *bool { return &c.StorePrepare }),
	durationKnob("user_cache_ttl", func(c *Config) *time.Duration { return &c.UserCacheTTL }),
	intKnob("hash_slots", func(c *Config) *int { return &c.HashSlots }),
	intKnob("hash_queue", func(c *Config) *int { return &c.HashQueue }),
	intKnob("hash_nice", func(c *Config) *int { return &c.HashNice }),
	floatKnob("login_rate_ip", func(c *Config) *float64 { return &c.LoginRateIP }),
	intKnob("login_burst_ip", func(c *Config) *int { return &c.LoginBurstIP }),
	floatKnob("login_rate_user", func(c *Config) *float64 { return &c.LoginRateUser }),
	intKnob("login_burst_user", func(c *Config) *int { return &c.LoginBurstUser }),
	durationKnob("throttle_delay", func(c *Config) *time.Duration { return &c.ThrottleDelay }),
	intKnob("max_in_flight", func(c *Config) *int { return &c.MaxInFlight }),
	intKnob("max_body_reads_per_client", func(c *Config) *int { return &c.MaxBodyReadsPerClient }),
	{"memory_limit",
		func(c *Config) string { return c.MemoryLimit },
		func(c *Config, v string) error {
			if v != "off" && v != "auto" {
				if n, err := strconv.Atoi(v); err != nil || n <= 0 {
					return errors.New("want off, auto or a number of MiB")
				}
			}
			c.MemoryLimit = v
			return nil
		}},
	{"access_log",
		func(c *Config) string { return c.AccessLog },
		func(c *Config, v string) error {
			if !slices.Contains([]string{"text", "json", "off"}, v) {
				return errors.New("want text, json or off")
			}
			c.AccessLog = v
			return nil
		}},
	boolKnob("log_buffered", func(c *Config) *bool { return &c.LogBuffered }),
	boolKnob("ops_endpoints", func(c *Config) *bool { return &c.OpsEndpoints }),
}

// Set changes one knob from its text form, as in -set hash_slots=4.
func (c *Config) Set(assignment string) error {
	name, value, ok := strings.Cut(assignment, "=")
	if !ok {
		return fmt.Errorf("-set %q: want knob=value", assignment)
	}
	for _, k := range knobs {
		if k.name == name {
			if err := k.set(c, value); err != nil {
				return fmt.Errorf("-set %s: bad value %q: %v", name, value, err)
			}
			return nil
		}
	}
	return fmt.Errorf("-set %s: %w (jwtlab serve -print-config lists them)", name, ErrUnknownKnob)
}

// KnobNames lists the knobs in the order -print-config shows them.
func KnobNames() []string {
	names := make([]string, len(knobs))
	for i, k := range knobs {
		names[i] = k.name
	}
	return names
}

// Knob returns one knob's value as text.
func (c *Config) Knob(name string) (string, bool) {
	for _, k := range knobs {
		if k.name == name {
			return k.get(c), true
		}
	}
	return "", false
}

// PrintConfig writes every setting as knob=value lines: the token
// settings first, then the serving knobs -set can change.
func (c *Config) PrintConfig(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# profile %s\n", c.Profile)
	fmt.Fprintf(&b, "# token settings (flags)\n")
	fmt.Fprintf(&b, "# access_lifetime=%s\n# refresh_lifetime=%s\n", c.AccessLifetime, c.RefreshLifetime)
	fmt.Fprintf(&b, "# rotate_refresh=%t\n# blacklist_after_rotation=%t\n", c.RotateRefresh, c.BlacklistAfterRotation)
	fmt.Fprintf(&b, "# leeway=%s\n# issuer=%s\n# audience=%s\n", c.Leeway, c.Issuer, c.Audience)
	fmt.Fprintf(&b, "# auth_header_types=%s\n# user_id_claim=%s\n", strings.Join(c.AuthHeaderTypes, ","), c.UserIDClaim)
	proxies := make([]string, len(c.TrustedProxies))
	for i, p := range c.TrustedProxies {
		proxies[i] = p.String()
	}
	fmt.Fprintf(&b, "# trusted_proxies=%s\n", strings.Join(proxies, ","))
	fmt.Fprintf(&b, "# allowed_hosts=%s\n", strings.Join(c.AllowedHosts, ","))
	fmt.Fprintf(&b, "# serving knobs (-set knob=value)\n")
	for _, k := range knobs {
		fmt.Fprintf(&b, "%s=%s\n", k.name, k.get(c))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ParseTrustedProxies parses a comma-separated list of CIDRs or addresses.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR", f)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Validate reports the first setting that cannot work.
func (c *Config) Validate() error {
	switch {
	case c.AccessLifetime <= 0:
		return errors.New("access lifetime must be positive")
	case c.RefreshLifetime <= 0:
		return errors.New("refresh lifetime must be positive")
	case c.BlacklistAfterRotation && !c.RotateRefresh:
		// simplejwt allows it but it does nothing; say so rather than
		// let someone believe rotation is on.
		return errors.New("-blacklist-after-rotation needs -rotate-refresh")
	case len(c.AuthHeaderTypes) == 0:
		return errors.New("at least one auth header type is needed")
	case c.UserIDClaim == "":
		return errors.New("user id claim must not be empty")
	case c.MaxBodyBytes <= 0:
		return errors.New("max_body_bytes must be positive")
	case len(c.AllowedHosts) == 0:
		return errors.New("no allowed hosts: give -allowed-hosts the names clients use (e.g. api.example.com,127.0.0.1), or * for any")
	}
	for _, t := range c.AuthHeaderTypes {
		if t == "" || strings.ContainsAny(t, " \t\r\n") {
			return fmt.Errorf("auth header type %q must be one word", t)
		}
	}
	return nil
}

// MemoryLimitBytes is the soft memory limit to give the Go runtime, and
// whether there is one.
func (c *Config) MemoryLimitBytes() (int64, bool) {
	const mib = 1 << 20
	switch c.MemoryLimit {
	case "", "off":
		return 0, false
	case "auto":
		if c.HashSlots == 0 {
			return 0, false // unbounded hashing has no bound to plan for
		}
		// 28 MiB holds the server at rest with room for its caches and
		// pools; each argon2id hash needs 19 MiB, rounded up to 20.
		return int64(28+20*c.HashSlots) * mib, true
	}
	n, _ := strconv.Atoi(c.MemoryLimit)
	return int64(n) * mib, true
}

func (c *Config) now() time.Time {
	if c.Clock != nil {
		return c.Clock()
	}
	return time.Now()
}

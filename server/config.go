// Package server is jwtlab's reference token server: simplejwt's four
// token endpoints and a protected resource, wire-compatible with Django
// REST framework + djangorestframework-simplejwt 5.2.2, on golang-jwt v5.
//
// The dev and prod profiles run the same handlers and the same token
// checks; they differ only in how they serve, as data: DevConfig and
// ProdConfig return two Config values. Every difference but two is a
// named knob that -set can change one at a time; the two are
// RequireStrongKey (prod refuses a weak signing key) and AllowedHosts,
// which is the -allowed-hosts flag.
package server

import (
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"time"

	"jwtlab/server/password"
	"jwtlab/server/store"
)

// Config is everything the server can be told. Every field but Profile,
// RequireStrongKey, HashParams and Clock is a row of the settings table
// (settings.go): the
// token settings, named after simplejwt's, are command-line flags; the
// serving knobs, in which dev and prod differ, are changed with -set.
// A duration or count that is zero means "none" or "unbounded" as each
// field says; Validate refuses what cannot work.
type Config struct {
	Profile string // "dev" or "prod", for banners and logs

	// simplejwt's SIMPLE_JWT settings (flags).

	// AccessLifetime is how long an access token is valid
	// (ACCESS_TOKEN_LIFETIME). It must be positive.
	AccessLifetime time.Duration
	// RefreshLifetime is how long a refresh token is valid
	// (REFRESH_TOKEN_LIFETIME). It must be positive.
	RefreshLifetime time.Duration
	// RotateRefresh makes a refresh also return a new refresh token
	// (ROTATE_REFRESH_TOKENS). false: refresh returns an access token only.
	RotateRefresh bool
	// BlacklistAfterRotation blacklists a refresh token once it has been
	// rotated (BLACKLIST_AFTER_ROTATION); it needs RotateRefresh.
	BlacklistAfterRotation bool
	// Leeway is the clock skew allowed when checking exp, nbf and iat
	// (LEEWAY). Zero allows none.
	Leeway time.Duration
	// Issuer is the iss claim set in every token and required in every
	// token checked (ISSUER). Empty sets none and checks none.
	Issuer string
	// Audience is the aud claim set and required (AUDIENCE). Empty sets
	// none and checks none.
	Audience string
	// AuthHeaderTypes are the words accepted before the token in an
	// Authorization header (AUTH_HEADER_TYPES); the first is the one a 401
	// names. At least one is needed.
	AuthHeaderTypes []string
	// UserIDClaim is the claim that holds the user's id (USER_ID_CLAIM).
	// It must not be empty.
	UserIDClaim string
	// TrustedProxies are the peers whose X-Forwarded-For is believed when
	// finding a client's IP for the login throttle. Empty believes no
	// header: the client is the TCP peer.
	TrustedProxies []netip.Prefix

	// Sliding routes simplejwt's sliding views (/api/token/sliding/ and
	// /api/token/sliding/refresh/) and lets /api/me/ take sliding tokens
	// (AUTH_TOKEN_CLASSES with SlidingToken). false: the paths are 404s.
	Sliding bool
	// SlidingLifetime is how long a sliding token is valid before it must
	// be slid (SLIDING_TOKEN_LIFETIME). It must be positive.
	SlidingLifetime time.Duration
	// SlidingRefreshLifetime is how long a sliding token can be slid, from
	// its first issue: the refresh_exp claim (SLIDING_TOKEN_REFRESH_LIFETIME).
	// It must be positive.
	SlidingRefreshLifetime time.Duration
	// ReuseDetection makes a refresh token that rotation already retired,
	// presented again, revoke every refresh token of its login (its
	// family). It needs RotateRefresh and BlacklistAfterRotation.
	ReuseDetection bool
	// ReuseGrace is how soon after a rotation a reuse counts as a race
	// between one client's requests rather than theft, and leaves the
	// family alone (it still answers 401). Zero means no window.
	ReuseGrace time.Duration
	// RefreshCookie is the browser cookie mode (cookie.go): the pair and
	// a rotating refresh answer the access token only and put the refresh
	// token in an HttpOnly cookie; refresh and blacklist read that cookie
	// when the body has none, behind Django's CSRF checks. false: refresh
	// tokens travel in JSON bodies only, as in simplejwt.
	RefreshCookie bool
	// TrustedOrigins are the origins, scheme://host[:port], besides the
	// server's own whose Origin header a cookie-authenticated request may
	// carry (Django's CSRF_TRUSTED_ORIGINS, 4.0 format). Empty trusts only
	// the server's own origin. It needs RefreshCookie.
	TrustedOrigins []string

	// Serving knobs (-set name=value).

	// ReadHeaderTimeout is how long a client may take to send its request
	// headers (http.Server's). Zero means no timeout.
	ReadHeaderTimeout time.Duration
	// ReadTimeout is how long a client may take to send a whole request,
	// headers and body (http.Server's). Zero means no timeout.
	ReadTimeout time.Duration
	// WriteTimeout is how long the server may take to write a response,
	// from the end of the request headers (http.Server's). Zero means no
	// timeout.
	WriteTimeout time.Duration
	// IdleTimeout is how long an idle keep-alive connection is kept open
	// (http.Server's). Zero means ReadTimeout's value, and no timeout if
	// that is zero too.
	IdleTimeout time.Duration
	// ShutdownTimeout is how long Run lets requests in flight finish once
	// its context ends. Zero means exit at once, dropping them.
	ShutdownTimeout time.Duration
	// MaxHeaderBytes bounds a request's headers, in bytes (http.Server's).
	// Zero means http.DefaultMaxHeaderBytes (1 MiB).
	MaxHeaderBytes int
	// MaxBodyBytes bounds a request's body, in bytes; a bigger one gets
	// 413. It must be positive.
	MaxBodyBytes int64
	// StoreMaxOpen bounds the store's open database connections. Zero
	// means unbounded.
	StoreMaxOpen int
	// StoreMaxIdle is how many idle database connections the store keeps.
	// Zero keeps none: a new connection for every query.
	StoreMaxIdle int
	// StorePrepare makes the store prepare its statements once. false
	// prepares each statement on every query.
	StorePrepare bool
	// StoreTimeout bounds each store call, waiting for a connection
	// included; past it the request gets 503 with Retry-After. Zero means
	// no bound: a request waits as long as the database does.
	StoreTimeout time.Duration
	// GroupCommit commits the token writes of concurrent requests in one
	// transaction (one fsync for many rows), each request answered once
	// its rows are durable. false commits each request's writes alone.
	GroupCommit bool
	// GroupRead answers the blacklist lookups of concurrent requests
	// with one query (one read and one round trip for many lookups),
	// each from a read that began after its request asked. false runs
	// one query per lookup.
	GroupRead bool
	// UserCacheTTL is how long a looked-up user is remembered by
	// authenticated requests: a deactivated user keeps access that long,
	// on every instance that looked it up (the cache is per process).
	// Zero caches nothing: every request reads the store.
	UserCacheTTL time.Duration
	// HashSlots bounds the password hashes that run at once. Zero means
	// unbounded: every login hashes at once.
	HashSlots int
	// HashQueue is how many logins may wait for a hash slot before more
	// are refused with 503. Zero queues none. Unused when HashSlots is 0.
	HashQueue int
	// HashNice is the niceness of the thread each hash starts on (Linux):
	// argon2id's setup runs there, allocating and clearing its 19 MiB
	// block. Its passes over the block do not: golang.org/x/crypto/argon2
	// runs them in goroutines of its own, on ordinary threads. Zero runs
	// hashes on ordinary goroutines. A positive value also raises the
	// process-wide GOMAXPROCS by one while each hash runs and lowers it
	// after, so that a hash never holds a P a token check needs: run one
	// server with HashNice > 0 per process, and do not set GOMAXPROCS
	// elsewhere while it serves.
	HashNice int
	// GCAfterHash runs a garbage collection at the end of each hash,
	// before its slot goes to the next login, so that the next hash
	// allocates its 19 MiB where the last one's were, and turns GOGC off
	// while hashes run, so that the block does not start a collection of
	// its own (the memory limit still bounds the heap). The collection
	// and GOGC are the whole process's, and the login that hashed waits
	// for the collection. false leaves collections to the runtime.
	// Unused when HashSlots is 0.
	GCAfterHash bool
	// LoginRateIP is how many logins a second each client IP earns. Zero
	// turns the per-IP throttle off.
	LoginRateIP float64
	// LoginBurstIP is how many logins a client IP may make at once before
	// its rate applies.
	LoginBurstIP int
	// LoginRateUser is how many logins a second each username earns. Zero
	// turns the per-username throttle off.
	LoginRateUser float64
	// LoginBurstUser is how many logins a username may take at once before
	// its rate applies.
	LoginBurstUser int
	// LoginIPv6Prefix is how many leading bits of an IPv6 client address
	// the per-IP login throttle keys by, so that one client's /64 is one
	// bucket. Zero means 64; 128 keys each address. IPv4 is keyed by
	// address.
	LoginIPv6Prefix int
	// ThrottleDelay is how long a refused login (429 throttled, 503 hash
	// queue full) waits for its answer. Zero answers at once.
	ThrottleDelay time.Duration
	// MaxInFlight bounds the API requests served at once; past it a
	// request gets 503. Zero means unbounded.
	MaxInFlight int
	// MaxConns bounds the client connections Run keeps open at once; a
	// connection past it is reset as soon as it is accepted, unread.
	// Zero means unbounded.
	MaxConns int
	// MemoryLimit is the Go runtime's soft memory limit: "off", "auto"
	// (sized from HashSlots) or a number of MiB. Empty means "off".
	MemoryLimit string
	// GCPercent is the garbage collector's GOGC: between collections the
	// heap may grow by this percentage of the data live after the last
	// one. Zero leaves Go's default (100, or the GOGC environment
	// variable).
	GCPercent int
	// LazyRelease has the Go runtime give freed memory back to the
	// kernel with MADV_FREE (GODEBUG=madvdontneed=0; Linux only), which
	// the kernel takes only when it needs the pages: a page used again
	// before then costs no fault. false keeps Go's default, MADV_DONTNEED,
	// where every page given back is mapped and zeroed again on its next
	// use. The runtime reads the setting as it starts, so jwtlab serve
	// restarts itself in place (same PID) to apply it.
	LazyRelease bool
	// AccessLog is the request log's format: "text" (runserver's lines),
	// "json" or "off".
	AccessLog string
	// LogBuffered writes the log through a buffer flushed every 100 ms.
	// false writes each line as it comes.
	LogBuffered bool
	// OpsEndpoints serves /healthz, /readyz and /metrics. false serves
	// none of them.
	OpsEndpoints bool
	// Page serves the browser demo page (package server/web) at /. false
	// leaves / a JSON 404.
	Page bool

	// RequireStrongKey applies the key policy (CheckSecret): no invented
	// key, and no HMAC secret that is short, public or guessable. false
	// accepts any secret, and a random one for the run when none is given.
	RequireStrongKey bool

	// HashParams are the argon2id parameters of the timing equaliser's
	// dummy hash; users add hashes with the same ones, so that an unknown
	// username costs what a known one does. The zero value means
	// password.OWASP().
	HashParams password.Params

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

// StoreOptions are the store.Options the config asks for.
func (c Config) StoreOptions() store.Options {
	return store.Options{MaxOpen: c.StoreMaxOpen, MaxIdle: c.StoreMaxIdle, Prepare: c.StorePrepare,
		Timeout: c.StoreTimeout, GroupCommit: c.GroupCommit, GroupRead: c.GroupRead}
}

// DevConfig mirrors what Django's manage.py runserver does, and no more.
// NOTES.md names the runserver trait behind each value.
func DevConfig() Config {
	c := tokenDefaults()
	c.Profile = "dev"
	// A lab runs with the public demo key, so that tokens from the lessons
	// and the Django peer work here.
	c.RequireStrongKey = false
	// runserver sets no timeouts: a client may take forever to send its
	// headers or body, and an idle keep-alive connection stays open.
	c.ReadHeaderTimeout, c.ReadTimeout, c.WriteTimeout, c.IdleTimeout = 0, 0, 0, 0
	// Ctrl-C stops runserver at once; requests in flight are dropped.
	c.ShutdownTimeout = 0
	// runserver (Python's http.server) refuses a request or header line
	// over 65,536 bytes with 414 or 431, and more than 100 header lines,
	// so it takes up to about 6 MiB of headers. dev copies the line
	// bound; the total is Go's default 1 MiB (plus net/http's 4 KiB),
	// tighter than runserver's, and no line count.
	c.MaxHeaderBytes = 1 << 20
	c.MaxHeaderLineBytes = 65536
	// 2.5 MB of request body: Django's DATA_UPLOAD_MAX_MEMORY_SIZE. DRF's
	// JSON and form parsers read the stream and never apply it (a 3 MB
	// JSON body gets through runserver + DRF), so here dev keeps a bound
	// runserver lacks.
	c.MaxBodyBytes = 2_621_440
	// CONN_MAX_AGE=0 opens a connection for every request; with no pool
	// at all, dev opens one for every query.
	c.StoreMaxOpen, c.StoreMaxIdle, c.StorePrepare = 0, 0, false
	// Django sets no query timeout: a request waits for the database.
	c.StoreTimeout = 0
	// Django autocommits each query; nothing is shared across requests.
	c.GroupCommit = false
	// Django runs each request's queries on their own.
	c.GroupRead = false
	c.UserCacheTTL = 0
	// Every login hashes at once, however many arrive.
	c.HashSlots, c.HashQueue, c.HashNice = 0, 0, 0
	c.GCAfterHash = false
	// Django has no login throttle.
	c.LoginRateIP, c.LoginBurstIP, c.LoginRateUser, c.LoginBurstUser = 0, 0, 0, 0
	c.ThrottleDelay = 0
	// runserver takes every request it is given, however many.
	c.MaxInFlight = 0
	// runserver starts a thread for every connection it accepts.
	c.MaxConns = 0
	c.MaxBodyReadsPerClient = 0
	// DEBUG=True with ALLOWED_HOSTS empty: the local names only.
	c.AllowedHosts = devAllowedHosts()
	// Python has no memory limit; the process grows as it likes.
	c.MemoryLimit = "off"
	// Go's own default, as runserver has Python's.
	c.GCPercent = 0
	// Go's default: memory given back leaves the process at once.
	c.LazyRelease = false
	// runserver prints one human line per request, synchronously.
	c.AccessLog, c.LogBuffered = "text", false
	c.OpsEndpoints = false
	// runserver is where one tries things in a browser: the page at /
	// shows what the cookie mode hides from JavaScript.
	c.Page = true
	return c
}

// ProdConfig is tuned for production: every value says why.
func ProdConfig() Config {
	c := tokenDefaults()
	c.Profile = "prod"
	// Anyone who knows the signing key can mint a token for any user:
	// prod refuses a key that is short, public or guessable.
	c.RequireStrongKey = true
	// A client gets 5 s to send its headers: long enough for any real
	// client on a slow link, short enough that a slowloris attacker
	// trickling bytes holds a connection for 5 s, not forever.
	c.ReadHeaderTimeout = 5 * time.Second
	// 10 s for headers and body: the largest body we accept is 1 MiB,
	// which even a 1 Mbit/s mobile link sends in about 8 s.
	c.ReadTimeout = 10 * time.Second
	// 15 s to write the answer, from the end of the request headers: a
	// login may wait in the hash queue (about 1 s) and hash (~35 ms), so
	// this only fires on a client that stops reading.
	c.WriteTimeout = 15 * time.Second
	// Longer than the upstream keepalive_timeout of jwtlab nginx-config
	// (30 s) and nginx's default (60 s), so nginx always closes an idle
	// upstream connection first and never sends a
	// request on one we are closing (which would be a 502).
	c.IdleTimeout = 75 * time.Second
	// 10 s is several times the longest request we expect (a queued
	// login, about 1 s), and well inside the 30 s Kubernetes waits before
	// SIGKILL (systemd waits 90 s).
	c.ShutdownTimeout = 10 * time.Second
	// 16 KiB of headers (net/http reads 4 KiB past it before its 431): a
	// JWT is under 1 KiB, a cookie jar a few KiB; nginx's own default
	// buffers stop at 4 x 8 KiB.
	c.MaxHeaderBytes = 16 << 10
	// No line can pass the bound on all of them together.
	c.MaxHeaderLineBytes = 0
	// 1 MiB of body: a token request is under 2 KiB; anything bigger is
	// a mistake or an attack, and costs us memory to parse.
	c.MaxBodyBytes = 1 << 20
	// SQLite has one writer, so more than a handful of connections only
	// queue inside the driver; 8 keeps every core busy with readers.
	c.StoreMaxOpen, c.StoreMaxIdle, c.StorePrepare = 8, 8, true
	// 1 s per store call: a healthy local database answers in
	// milliseconds, so 1 s only fires on one that is gone or stuck; a
	// request fails at its first call that times out, so it answers 503
	// within the 2 s issue 13 promises, and no request waits on a dead
	// pool.
	c.StoreTimeout = time.Second
	// Under rotation every refresh writes a blacklist row; committing the
	// rows of concurrent requests together shares one fsync among them.
	c.GroupCommit = true
	// Every refresh reads the blacklist; the lookups of concurrent
	// requests share one read.
	c.GroupRead = true
	// A deactivated user keeps access for at most 2 s more, far inside
	// the access token's own 5-minute lifetime; the cache saves a query
	// on every authenticated request.
	c.UserCacheTTL = 2 * time.Second
	// One argon2id hash holds 19 MiB and a core for ~18-35 ms: one slot
	// per core uses the machine fully; more would only share the cores
	// and add memory.
	c.HashSlots = runtime.NumCPU()
	// The queue is sized to the throttle delay, not to a round of
	// hashes: a refused login is answered only after ThrottleDelay (1 s),
	// so a login that a slot would reach within about that long is
	// better served by waiting. 32 per slot is 0.6-1.1 s of wait at
	// 18-35 ms a hash. With two a slot, 32 closed-loop clients kept a
	// one-core prod busy only 51-71% of the time: most clients sat out a
	// refusal's second while the short queue ran dry (NOTES.md). A queued
	// login holds a goroutine and its connection, ~20 KiB; its 19 MiB
	// come with the slot.
	c.HashQueue = 32 * runtime.NumCPU()
	// Each hash gets a P of its own while it runs, so a token check
	// shares the core with it through the kernel instead of waiting out
	// Go's 10 ms scheduler slice; and the hash's setup runs at nice 10,
	// where a check wanting the core gets about 90% of it (weights 1024
	// vs 110). The rest of the hash runs at the server's own priority
	// (see HashNice). Under a login flood the setup's nice took
	// /api/me/'s p90 from 6.7-7.5 ms to 4.1-4.9 ms (NOTES.md).
	c.HashNice = 10
	// A collection as each hash ends, inside its slot, halves the time
	// the next hash spends clearing its block: on one core a login took
	// 26.8 ms of CPU against 29.6, 38 logins a second against 35
	// (medians of five interleaved pairs, 4 won; NOTES.md, "A collection
	// after each hash").
	c.GCAfterHash = true
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
	// the hashes of real logins. At most
	// maxDelayed requests wait at a time; past that they are answered at
	// once, so the delay itself cannot be used to hold connections.
	c.ThrottleDelay = time.Second
	// Past 1,024 API requests in flight the server answers 503 at once
	// instead of queueing: at ~50-100 µs a request one core clears that
	// backlog in under 0.1 s, and an open-loop overload can no longer grow
	// the heap without bound. It sits above the 512 refused logins that
	// may be waiting out their delay.
	c.MaxInFlight = 1024
	// 2,048 connections: twice max_in_flight, so every request that may
	// be in flight has one and as many again can sit idle in keep-alive
	// pools (nginx's upstream keepalive, browsers). Each costs ~20 KiB
	// (a goroutine and its buffers; NOTES.md), ~40 MiB in all: an
	// open-loop overload no longer grows the process by connections.
	// One more is reset at once, so a client finds out in a round trip.
	c.MaxConns = 2048
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
	// with the live data: "auto" is 28 MiB for the server plus 20 MiB
	// per hash slot (MemoryLimitBytes).
	c.MemoryLimit = "auto"
	// With the memory limit as the bound, the heap may grow to five
	// times the live data between collections instead of twice: the
	// collector runs a quarter as often (refresh: +6.3% ok/s, peak RSS
	// 28 -> 40 MiB, NOTES.md). While a hash runs gc_after_hash turns it
	// off; the collection ending each hash and the limit decide then.
	c.GCPercent = 400
	// Under the memory limit the runtime gives a finished hash's pages
	// back to stay below it, and the next hash takes them again: with
	// MADV_DONTNEED each login faulted 360-850 pages back in (4.9-7.4 ms
	// of system time), with MADV_FREE 44 (1.9 ms), and a login took
	// 29-31 ms of CPU against 35-41 (NOTES.md, "Giving memory back
	// lazily"). The pages count in RSS until the kernel reclaims them.
	c.LazyRelease = true
	// Structured logs for machines, written from a 64 KiB buffer flushed
	// every 100 ms: one write per batch of lines instead of one per
	// request. A sink that stops reading still stalls requests once the
	// buffer is full.
	c.AccessLog, c.LogBuffered = "json", true
	c.OpsEndpoints = true
	// A teaching page has no place on a production API.
	c.Page = false
	return c
}

// tokenDefaults are simplejwt's defaults, the same in both profiles.
func tokenDefaults() Config {
	return Config{
		AccessLifetime:  5 * time.Minute,
		RefreshLifetime: 24 * time.Hour,
		AuthHeaderTypes: []string{"Bearer"},
		UserIDClaim:     "user_id",
		// simplejwt's SLIDING_TOKEN_LIFETIME and _REFRESH_LIFETIME defaults.
		SlidingLifetime:        5 * time.Minute,
		SlidingRefreshLifetime: 24 * time.Hour,
		ReuseGrace:             defaultReuseGrace,
		HashParams:             password.OWASP(),
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
	case c.validateTokenExtras() != nil:
		return c.validateTokenExtras()
	case c.MaxBodyBytes <= 0:
		return errors.New("max_body_bytes must be positive")
	case c.LoginIPv6Prefix > 128:
		return errors.New("login_ipv6_prefix must be at most 128 bits")
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

// hashSlotMiB is what the "auto" memory limit counts for each hash slot:
// the running hash's 19 MiB.
const hashSlotMiB = 20

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
		// pools; each argon2id hash allocates 19 MiB, rounded up to 20.
		// The limit then forces a collection at every login. Room for
		// two finished hashes a slot (60 MiB) saved ~9% of a login's CPU
		// but doubled /api/me/'s p99 under a login flood (NOTES.md,
		// "The memory limit, by CPU a login").
		return int64(28+hashSlotMiB*c.HashSlots) * mib, true
	}
	n, _ := strconv.Atoi(c.MemoryLimit)
	return int64(n) * mib, true
}

// hashParams are the argon2id parameters to hash passwords with.
func (c *Config) hashParams() password.Params {
	if c.HashParams == (password.Params{}) {
		return password.OWASP()
	}
	return c.HashParams
}

func (c *Config) now() time.Time {
	if c.Clock != nil {
		return c.Clock()
	}
	return time.Now()
}

package server

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrUnknownKnob is returned by Set for a name that is not a knob.
var ErrUnknownKnob = errors.New("unknown knob")

// Setting is one row of the settings table: a Config field and the one
// name it goes by everywhere. Flags, the JWTLAB_* environment, -set and
// -print-config are all made from this table; the field's own comment on
// Config documents its unit and its zero value.
type Setting struct {
	// Name is the snake_case name -print-config shows and -set takes.
	Name string
	// Flag marks a token setting: a command-line flag named FlagName,
	// also read from EnvName, that -print-config shows as a comment. A
	// setting that is not a flag is a serving knob, changed with -set.
	Flag bool
	// Usage is the flag's help text; a `word` in back quotes names its
	// value in -h, as in package flag.
	Usage string
	// Bool is a setting that, as a flag, needs no value: -rotate-refresh
	// means -rotate-refresh=true.
	Bool bool

	get func(*Config) string
	set func(*Config, string) error
}

// FlagName is the setting's command-line flag, without its dash: the name
// with dashes (access-lifetime).
func (s Setting) FlagName() string { return strings.ReplaceAll(s.Name, "_", "-") }

// EnvName is the environment variable a flag setting is read from when
// the flag is not given (JWTLAB_ACCESS_LIFETIME).
func (s Setting) EnvName() string { return "JWTLAB_" + strings.ToUpper(s.Name) }

// Get returns the setting's value in c as text, the form Set reads.
func (s Setting) Get(c *Config) string { return s.get(c) }

// Set parses v and stores it in c; c is unchanged on error.
func (s Setting) Set(c *Config, v string) error {
	d := *c
	if err := s.set(&d, v); err != nil {
		return err
	}
	*c = d
	return nil
}

// Settings returns the table: token settings first, then serving knobs,
// in the order -print-config shows them.
func Settings() []Setting { return slices.Clone(settings) }

// settings is the table. To add a setting: a field on Config documented
// with its unit and zero value, its value in tokenDefaults (flags) or in
// DevConfig and ProdConfig (knobs, each with its reason), and one row
// here. A flag row ends in .flag("usage"); TestSettingsCoverConfig fails
// when a Config field has no row.
var settings = []Setting{
	durationRow("access_lifetime", func(c *Config) *time.Duration { return &c.AccessLifetime }).
		flag("ACCESS_TOKEN_LIFETIME: how long an access token is valid, a `duration`"),
	durationRow("refresh_lifetime", func(c *Config) *time.Duration { return &c.RefreshLifetime }).
		flag("REFRESH_TOKEN_LIFETIME: how long a refresh token is valid, a `duration`"),
	boolRow("rotate_refresh", func(c *Config) *bool { return &c.RotateRefresh }).
		flag("ROTATE_REFRESH_TOKENS: refresh also returns a new refresh token"),
	boolRow("blacklist_after_rotation", func(c *Config) *bool { return &c.BlacklistAfterRotation }).
		flag("BLACKLIST_AFTER_ROTATION: a rotated refresh token is blacklisted"),
	durationRow("leeway", func(c *Config) *time.Duration { return &c.Leeway }).
		flag("LEEWAY: clock skew allowed on exp, nbf and iat, a `duration`; 0 allows none"),
	stringRow("issuer", func(c *Config) *string { return &c.Issuer }).
		flag("ISSUER: the `issuer` (iss claim) to set and require; empty: none"),
	stringRow("audience", func(c *Config) *string { return &c.Audience }).
		flag("AUDIENCE: the `audience` (aud claim) to set and require; empty: none"),
	Setting{Name: "auth_header_types",
		get: func(c *Config) string { return strings.Join(c.AuthHeaderTypes, ",") },
		set: func(c *Config, v string) error { c.AuthHeaderTypes = SplitList(v); return nil },
	}.flag("AUTH_HEADER_TYPES, comma-separated `words`"),
	stringRow("user_id_claim", func(c *Config) *string { return &c.UserIDClaim }).
		flag("USER_ID_CLAIM: the `claim` holding the user's id"),
	Setting{Name: "trusted_proxies",
		get: func(c *Config) string {
			proxies := make([]string, len(c.TrustedProxies))
			for i, p := range c.TrustedProxies {
				proxies[i] = p.String()
			}
			return strings.Join(proxies, ",")
		},
		set: func(c *Config, v string) (err error) {
			c.TrustedProxies, err = ParseTrustedProxies(v)
			return err
		},
	}.flag("comma-separated `CIDRs` whose X-Forwarded-For is believed (e.g. 127.0.0.1/32 for a local nginx); empty: none"),
	Setting{Name: "allowed_hosts",
		get: func(c *Config) string { return strings.Join(c.AllowedHosts, ",") },
		set: func(c *Config, v string) error { c.AllowedHosts = SplitList(v); return nil },
	}.flag("ALLOWED_HOSTS, comma-separated `hosts` answered (* any, .example.com a domain and its subdomains); dev default .localhost,127.0.0.1,[::1]; prod requires it"),
	boolRow("sliding", func(c *Config) *bool { return &c.Sliding }).
		flag("route POST /api/token/sliding/ and /api/token/sliding/refresh/; /api/me/ also takes sliding tokens"),
	durationRow("sliding_lifetime", func(c *Config) *time.Duration { return &c.SlidingLifetime }).
		flag("SLIDING_TOKEN_LIFETIME: a sliding token's exp, a `duration`"),
	durationRow("sliding_refresh_lifetime", func(c *Config) *time.Duration { return &c.SlidingRefreshLifetime }).
		flag("SLIDING_TOKEN_REFRESH_LIFETIME: its refresh_exp, after which it cannot be slid, a `duration`"),
	boolRow("reuse_detection", func(c *Config) *bool { return &c.ReuseDetection }).
		flag("a retired refresh token presented again blacklists its whole family (needs -rotate-refresh -blacklist-after-rotation)"),
	durationRow("reuse_grace", func(c *Config) *time.Duration { return &c.ReuseGrace }).
		flag("reuse this soon after rotation is taken for racing requests and spares the family, a `duration`; 0: none"),
	boolRow("refresh_cookie", func(c *Config) *bool { return &c.RefreshCookie }).
		flag("browser mode: the refresh token goes in an HttpOnly cookie (refresh_token) and cookie requests pass Django's CSRF checks"),
	Setting{Name: "trusted_origins",
		get: func(c *Config) string { return strings.Join(c.TrustedOrigins, ",") },
		set: func(c *Config, v string) (err error) {
			c.TrustedOrigins, err = ParseTrustedOrigins(v)
			return err
		},
	}.flag("CSRF_TRUSTED_ORIGINS: comma-separated `origins` (https://a.example) a cookie request may come from besides our own; needs -refresh-cookie"),

	durationRow("read_header_timeout", func(c *Config) *time.Duration { return &c.ReadHeaderTimeout }),
	durationRow("read_timeout", func(c *Config) *time.Duration { return &c.ReadTimeout }),
	durationRow("write_timeout", func(c *Config) *time.Duration { return &c.WriteTimeout }),
	durationRow("idle_timeout", func(c *Config) *time.Duration { return &c.IdleTimeout }),
	durationRow("shutdown_timeout", func(c *Config) *time.Duration { return &c.ShutdownTimeout }),
	intRow("max_header_bytes", func(c *Config) *int { return &c.MaxHeaderBytes }),
	intRow("max_header_line_bytes", func(c *Config) *int { return &c.MaxHeaderLineBytes }),
	{Name: "max_body_bytes",
		get: func(c *Config) string { return strconv.FormatInt(c.MaxBodyBytes, 10) },
		set: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil && n < 0 {
				err = errors.New("negative")
			}
			c.MaxBodyBytes = n
			return err
		}},
	intRow("store_max_open", func(c *Config) *int { return &c.StoreMaxOpen }),
	intRow("store_max_idle", func(c *Config) *int { return &c.StoreMaxIdle }),
	boolRow("store_prepare", func(c *Config) *bool { return &c.StorePrepare }),
	durationRow("store_timeout", func(c *Config) *time.Duration { return &c.StoreTimeout }),
	boolRow("group_commit", func(c *Config) *bool { return &c.GroupCommit }),
	boolRow("group_read", func(c *Config) *bool { return &c.GroupRead }),
	durationRow("user_cache_ttl", func(c *Config) *time.Duration { return &c.UserCacheTTL }),
	intRow("hash_slots", func(c *Config) *int { return &c.HashSlots }),
	intRow("hash_queue", func(c *Config) *int { return &c.HashQueue }),
	intRow("hash_nice", func(c *Config) *int { return &c.HashNice }),
	boolRow("gc_after_hash", func(c *Config) *bool { return &c.GCAfterHash }),
	floatRow("login_rate_ip", func(c *Config) *float64 { return &c.LoginRateIP }),
	intRow("login_burst_ip", func(c *Config) *int { return &c.LoginBurstIP }),
	floatRow("login_rate_user", func(c *Config) *float64 { return &c.LoginRateUser }),
	intRow("login_burst_user", func(c *Config) *int { return &c.LoginBurstUser }),
	intRow("login_ipv6_prefix", func(c *Config) *int { return &c.LoginIPv6Prefix }),
	durationRow("throttle_delay", func(c *Config) *time.Duration { return &c.ThrottleDelay }),
	intRow("max_in_flight", func(c *Config) *int { return &c.MaxInFlight }),
	intRow("max_conns", func(c *Config) *int { return &c.MaxConns }),
	intRow("max_body_reads_per_client", func(c *Config) *int { return &c.MaxBodyReadsPerClient }),
	{Name: "memory_limit",
		get: func(c *Config) string { return c.MemoryLimit },
		set: func(c *Config, v string) error {
			if v != "off" && v != "auto" {
				if n, err := strconv.Atoi(v); err != nil || n <= 0 {
					return errors.New("want off, auto or a number of MiB")
				}
			}
			c.MemoryLimit = v
			return nil
		}},
	intRow("gc_percent", func(c *Config) *int { return &c.GCPercent }),
	boolRow("lazy_release", func(c *Config) *bool { return &c.LazyRelease }),
	{Name: "access_log",
		get: func(c *Config) string { return c.AccessLog },
		set: func(c *Config, v string) error {
			if !slices.Contains([]string{"text", "json", "off"}, v) {
				return errors.New("want text, json or off")
			}
			c.AccessLog = v
			return nil
		}},
	boolRow("log_buffered", func(c *Config) *bool { return &c.LogBuffered }),
	boolRow("ops_endpoints", func(c *Config) *bool { return &c.OpsEndpoints }),
	boolRow("page", func(c *Config) *bool { return &c.Page }),
}

// flag makes a row a command-line flag with the given help text.
func (s Setting) flag(usage string) Setting {
	s.Flag, s.Usage = true, usage
	return s
}

func durationRow(name string, f func(*Config) *time.Duration) Setting {
	return Setting{Name: name,
		get: func(c *Config) string { return f(c).String() },
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err == nil && d < 0 {
				err = errors.New("negative")
			}
			*f(c) = d
			return err
		}}
}

func intRow(name string, f func(*Config) *int) Setting {
	return Setting{Name: name,
		get: func(c *Config) string { return strconv.Itoa(*f(c)) },
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err == nil && n < 0 {
				err = errors.New("negative")
			}
			*f(c) = n
			return err
		}}
}

func floatRow(name string, f func(*Config) *float64) Setting {
	return Setting{Name: name,
		get: func(c *Config) string { return strconv.FormatFloat(*f(c), 'g', -1, 64) },
		set: func(c *Config, v string) error {
			x, err := strconv.ParseFloat(v, 64)
			if err == nil && x < 0 {
				err = errors.New("negative")
			}
			*f(c) = x
			return err
		}}
}

func boolRow(name string, f func(*Config) *bool) Setting {
	return Setting{Name: name, Bool: true,
		get: func(c *Config) string { return strconv.FormatBool(*f(c)) },
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			*f(c) = b
			return err
		}}
}

func stringRow(name string, f func(*Config) *string) Setting {
	return Setting{Name: name,
		get: func(c *Config) string { return *f(c) },
		set: func(c *Config, v string) error { *f(c) = v; return nil }}
}

// SplitList splits a comma-separated list, dropping blanks and the spaces
// around items: the list syntax of -set (allowed_hosts=a, b) and of the
// commands' list flags (-upstream, -scenarios), so both read lists alike.
func SplitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Set changes one knob from its text form, as in -set hash_slots=4.
// Token settings are flags, not knobs.
func (c *Config) Set(assignment string) error {
	name, value, ok := strings.Cut(assignment, "=")
	if !ok {
		return fmt.Errorf("-set %q: want knob=value", assignment)
	}
	for _, s := range settings {
		if s.Name != name {
			continue
		}
		if s.Flag {
			return fmt.Errorf("-set %s: %w (it is a flag: -%s)", name, ErrUnknownKnob, s.FlagName())
		}
		if err := s.Set(c, value); err != nil {
			return fmt.Errorf("-set %s: bad value %q: %v", name, value, err)
		}
		return nil
	}
	return fmt.Errorf("-set %s: %w (jwtlab serve -print-config lists them)", name, ErrUnknownKnob)
}

// KnobNames lists the knobs in the order -print-config shows them.
func KnobNames() []string {
	var names []string
	for _, s := range settings {
		if !s.Flag {
			names = append(names, s.Name)
		}
	}
	return names
}

// Knob returns one setting's value as text.
func (c *Config) Knob(name string) (string, bool) {
	for _, s := range settings {
		if s.Name == name {
			return s.get(c), true
		}
	}
	return "", false
}

// PrintConfig writes every setting as name=value lines: the token
// settings first, as # comments (they are flags), then the serving knobs
// -set can change. Tools read the uncommented lines as the knobs.
func (c *Config) PrintConfig(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# profile %s\n", c.Profile)
	fmt.Fprintf(&b, "# token settings (flags)\n")
	for _, s := range settings {
		if s.Flag {
			fmt.Fprintf(&b, "# %s=%s\n", s.Name, s.get(c))
		}
	}
	fmt.Fprintf(&b, "# serving knobs (-set knob=value)\n")
	for _, s := range settings {
		if !s.Flag {
			fmt.Fprintf(&b, "%s=%s\n", s.Name, s.get(c))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

package server

import (
	"reflect"
	"strings"
	"testing"
)

// TestSettingsCoverConfig: every Config field that can be told is a row
// of the settings table, so it has a flag or a knob and shows in
// -print-config. A new field without a row fails here.
func TestSettingsCoverConfig(t *testing.T) {
	// Set by the profile only: the command line never weakens the key
	// policy, and the hash parameters must match the stored hashes.
	notSettings := map[string]bool{"Profile": true, "RequireStrongKey": true, "HashParams": true, "Clock": true}
	rows := map[string]bool{}
	for _, s := range Settings() {
		key := strings.ReplaceAll(s.Name, "_", "")
		if rows[key] {
			t.Errorf("setting %s appears twice", s.Name)
		}
		rows[key] = true
	}
	typ := reflect.TypeFor[Config]()
	fields := map[string]bool{}
	for f := range typ.Fields() {
		key := strings.ToLower(f.Name)
		fields[key] = true
		if !notSettings[f.Name] && !rows[key] {
			t.Errorf("Config.%s has no row in the settings table", f.Name)
		}
	}
	for key := range rows {
		if !fields[key] {
			t.Errorf("setting %q names no Config field", key)
		}
	}
}

// TestSettingRoundTrip: what Get prints, Set reads back to the same
// value, in both profiles; a bad value leaves the Config unchanged.
func TestSettingRoundTrip(t *testing.T) {
	for _, profile := range []string{"dev", "prod"} {
		cfg, err := Profile(profile)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range Settings() {
			var fresh Config
			if err := s.Set(&fresh, s.Get(&cfg)); err != nil {
				t.Errorf("%s: Set(Get() = %q) = %v", s.Name, s.Get(&cfg), err)
				continue
			}
			if got, want := s.Get(&fresh), s.Get(&cfg); got != want {
				t.Errorf("%s: Get after Set(%q) = %q; want %q", s.Name, want, got, want)
			}
		}
	}
	cfg := ProdConfig()
	for _, s := range Settings() {
		if s.Name != "read_timeout" {
			continue
		}
		if err := s.Set(&cfg, "-1s"); err == nil {
			t.Errorf("read_timeout: Set(-1s) = nil; want an error")
		}
		if got, want := s.Get(&cfg), ProdConfig().ReadTimeout.String(); got != want {
			t.Errorf("read_timeout after a refused Set = %q; want prod's %q unchanged", got, want)
		}
	}
}

func TestSetRefusesFlagsAndUnknownNames(t *testing.T) {
	cfg := DevConfig()
	for _, tc := range []struct{ assignment, want string }{
		{"access_lifetime=1m", "it is a flag: -access-lifetime"},
		{"warp_speed=9", "unknown knob"},
		{"hash_slots", "want knob=value"},
		{"hash_slots=-1", "bad value"},
	} {
		if err := cfg.Set(tc.assignment); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%q) = %v; want an error containing %q", tc.assignment, err, tc.want)
		}
	}
}

// TestMemoryLimitRoomPerSlot: "auto" leaves each hash slot room for its
// running hash (19 MiB) on top of the 28 MiB the server needs at rest;
// "off", a number, and unbounded hashing read as documented.
func TestMemoryLimitRoomPerSlot(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		limit string
		slots int
		want  int64 // 0: no limit
	}{
		{"auto", 1, 48 * mib},
		{"auto", 2, 68 * mib},
		{"auto", 0, 0},
		{"off", 2, 0},
		{"", 2, 0},
		{"96", 2, 96 * mib},
	} {
		c := Config{MemoryLimit: tc.limit, HashSlots: tc.slots}
		got, ok := c.MemoryLimitBytes()
		if ok != (tc.want != 0) || got != tc.want {
			t.Errorf("memory_limit=%q with %d slots: %d MiB (set %v), want %d MiB", tc.limit, tc.slots, got/mib, ok, tc.want/mib)
		}
		if tc.limit == "auto" && ok && got < int64(28+19*tc.slots)*mib {
			t.Errorf("memory_limit=auto with %d slots: %d MiB leaves no room for a 19 MiB hash a slot", tc.slots, got/mib)
		}
	}
}

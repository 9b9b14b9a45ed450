package bench

import (
	"os"
	"reflect"
	"testing"
)

func readKnobs(t *testing.T, name string) []Knob {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return parseKnobs(b)
}

func TestParseKnobsSkipsComments(t *testing.T) {
	got := parseKnobs([]byte("# profile prod\n# leeway=0s\n\nhash_slots=2\n login_rate_user = 0.0833\nnot a knob\n"))
	want := []Knob{{"hash_slots", "2"}, {"login_rate_user", "0.0833"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseKnobs = %v; want %v", got, want)
	}
}

func TestAblationSwitchesOneKnobOrOnePairAtATime(t *testing.T) {
	targets := ablationTargets(readKnobs(t, "print-config-dev.txt"), readKnobs(t, "print-config-prod.txt"))
	var got [][]string
	for _, tg := range targets {
		if tg.Profile != "dev" || tg.Kind != KindServe {
			t.Errorf("%s: profile %q kind %q; want a dev serve target", tg.Name, tg.Profile, tg.Kind)
		}
		got = append(got, tg.Set)
	}
	// store_timeout is a partner of the server's timeouts and of
	// store_prepare, which are not partners of each other: partnership
	// is not transitive, so store_prepare stands alone.
	want := [][]string{
		{"read_header_timeout=5s"},
		{"read_timeout=10s", "write_timeout=15s", "idle_timeout=1m15s", "shutdown_timeout=10s", "store_timeout=1s"},
		{"max_header_bytes=16384", "max_body_bytes=1048576"},
		{"max_header_line_bytes=0"},
		{"store_max_open=8", "store_max_idle=8"},
		{"store_prepare=true"},
		{"group_commit=true", "group_read=true"},
		{"user_cache_ttl=2s"},
		{"hash_slots=2", "hash_queue=64", "hash_nice=10"},
		{"login_rate_ip=1", "login_burst_ip=20"},
		{"login_rate_user=0.08333333333333333", "login_burst_user=5"},
		{"throttle_delay=1s"},
		{"max_in_flight=1024"},
		{"max_conns=2048"},
		{"max_body_reads_per_client=16"},
		{"memory_limit=auto"},
		{"gc_percent=400"},
		{"lazy_release=true"},
		{"access_log=json"},
		{"log_buffered=true"},
		{"ops_endpoints=true"},
		{"page=false"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ablation steps:\n got %v\nwant %v", got, want)
	}
	var names []string
	for _, tg := range targets {
		names = append(names, tg.Name)
	}
	wantNames := []string{"dev+read_header_timeout=5s", "dev+*_timeout", "dev+max_*_bytes", "dev+max_header_line_bytes=0",
		"dev+store_max_*", "dev+store_prepare=true", "dev+group_*", "dev+user_cache_ttl=2s", "dev+hash_*",
		"dev+login_*_ip", "dev+login_*_user", "dev+throttle_delay=1s", "dev+max_in_flight=1024", "dev+max_conns=2048",
		"dev+max_body_reads_per_client=16", "dev+memory_limit=auto", "dev+gc_percent=400",
		"dev+lazy_release=true", "dev+access_log=json", "dev+log_buffered=true", "dev+ops_endpoints=true", "dev+page=false"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("names:\n got %v\nwant %v", names, wantNames)
	}
}

func TestSameKnobsGiveNoSteps(t *testing.T) {
	dev := readKnobs(t, "print-config-dev.txt")
	if got := ablationTargets(dev, dev); len(got) != 0 {
		t.Errorf("ablationTargets(dev, dev) = %v; want none", got)
	}
}

func TestHasDirectiveIgnoresComments(t *testing.T) {
	conf := []byte("# runs in the foreground: daemon off is set by the caller\npid nginx.pid;\n  worker_processes auto; # not daemon\n")
	for _, tc := range []struct {
		name string
		want bool
	}{{"pid", true}, {"worker_processes", true}, {"daemon", false}, {"error_log", false}} {
		if got := hasDirective(conf, tc.name); got != tc.want {
			t.Errorf("hasDirective(conf, %q) = %v; want %v", tc.name, got, tc.want)
		}
	}
}

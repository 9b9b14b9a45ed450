package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"jwtlab/server"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

func postLogin(t *testing.T, url, body string) (int, string) {
	t.Helper()
	return postJSON(t, url+"/api/token/", body, "")
}

// TestLoginFieldBounds: DRF's max_length answer for a username longer
// than Django's 150 characters and a password over 4096, counted in
// characters after trimming, both fields reported at once.
func TestLoginFieldBounds(t *testing.T) {
	s := servertest.Start(t)
	long := func(c string, n int) string { return strings.Repeat(c, n) }
	for _, tc := range []struct {
		name, user, pw string
		code           int
		body           string
	}{
		{"150 characters is a username", long("a", 150), "x", 401, `{"detail":"No active account found with the given credentials"}`},
		{"150 characters of two bytes each is a username", long("é", 150), "x", 401, `{"detail":"No active account found with the given credentials"}`},
		{"white space around does not count", " " + long("a", 150) + " ", "x", 401, `{"detail":"No active account found with the given credentials"}`},
		{"151 characters is not", long("a", 151), "x", 400, `{"username":["Ensure this field has no more than 150 characters."]}`},
		{"a 4097-character password is not", "demo", long("p", 4097), 400, `{"password":["Ensure this field has no more than 4096 characters."]}`},
		{"both, in field order", long("a", 151), long("p", 4097), 400, `{"username":["Ensure this field has no more than 150 characters."],"password":["Ensure this field has no more than 4096 characters."]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"username":"` + tc.user + `","password":"` + tc.pw + `"}`
			if code, got := postLogin(t, s.URL, body); code != tc.code || got != tc.body {
				t.Errorf("login = %d %s; want %d %s", code, got, tc.code, tc.body)
			}
		})
	}
}

// TestNullAndSurrogateCharacters: DRF's CharField refuses a NUL and a
// lone surrogate (Python's json keeps "\ud800" as one; Go's would make it
// U+FFFD) with its validators' words, every message of a field at once
// and after max_length; a surrogate pair is one character. The
// differential test in bench/peers/django checks the same bodies against
// Django itself.
func TestNullAndSurrogateCharacters(t *testing.T) {
	s := servertest.Start(t)
	const nobody = `{"detail":"No active account found with the given credentials"}`
	for _, tc := range []struct {
		name, path, body string
		code             int
		want             string
	}{
		{"NUL in the password", "/api/token/", `{"username":"demo","password":"demo-password-123\u0000"}`, 400, `{"password":["Null characters are not allowed."]}`},
		{"lone surrogate in the username", "/api/token/", `{"username":"de\ud800mo","password":"x"}`, 400, `{"username":["Surrogate characters are not allowed: U+D800."]}`},
		{"both in one field, and a lone high surrogate", "/api/token/", `{"username":"\udfff\u0000","password":"\ud83d"}`, 400, `{"username":["Null characters are not allowed.","Surrogate characters are not allowed: U+DFFF."],"password":["Surrogate characters are not allowed: U+D83D."]}`},
		{"after max_length", "/api/token/", `{"username":"` + strings.Repeat("a", 150) + `\u0000","password":"x"}`, 400, `{"username":["Ensure this field has no more than 150 characters.","Null characters are not allowed."]}`},
		{"150 characters, a lone surrogate among them", "/api/token/", `{"username":"` + strings.Repeat("a", 149) + `\ud800","password":"x"}`, 400, `{"username":["Surrogate characters are not allowed: U+D800."]}`},
		{"a surrogate pair is one character", "/api/token/", `{"username":"\ud83d\ude00","password":"x"}`, 401, nobody},
		{"a repeated name keeps its last value", "/api/token/", `{"username":"\ud800","username":"nobody","password":"x"}`, 401, nobody},
		{"NUL in a refresh token", "/api/token/refresh/", `{"refresh":"a\u0000b"}`, 400, `{"refresh":["Null characters are not allowed."]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, got := postJSON(t, s.URL+tc.path, tc.body, ""); code != tc.code || got != tc.want {
				t.Errorf("POST %s %s = %d %s; want %d %s", tc.path, tc.body, code, got, tc.code, tc.want)
			}
		})
	}
}

// TestFormBodiesReadAsDjango: a form body is read as Django's QueryDict
// reads it (python.ParseForm): a bad escape is kept as typed, not a
// dropped field, and over 1,000 fields is refused, in JSON where Django
// shows its HTML error page.
func TestFormBodiesReadAsDjango(t *testing.T) {
	s := servertest.Start(t)
	for _, tc := range []struct{ name, body, want string }{
		{"a bad escape is kept", "username=demo&password=demo-password-123%zz", `401 {"detail":"No active account found with the given credentials"}`},
		{"a %-escaped password", "username=demo&password=demo%2Dpassword%2D123", "200"},
		{"1,001 fields", strings.Repeat("a=1&", 1000) + "username=demo&password=demo-password-123", `400 {"detail":"The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(s.URL+"/api/token/", "application/x-www-form-urlencoded", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			got := fmt.Sprintf("%d %s", resp.StatusCode, b)
			if resp.StatusCode == 200 {
				got = "200"
			}
			if got != tc.want {
				t.Errorf("POST %.60q = %s; want %s", tc.body, got, tc.want)
			}
		})
	}
}

// slowStore holds every user lookup for a while, so that concurrent
// logins are all between the throttle's check and the hash at once.
type slowStore struct{ store.Store }

func (s slowStore) UserByUsername(ctx context.Context, username string) (store.User, error) {
	time.Sleep(50 * time.Millisecond)
	return s.Store.UserByUsername(ctx, username)
}

// TestUserThrottleHoldsUnderConcurrency: 20 concurrent wrong passwords
// for one user get the burst's worth of guesses, not one per request
// that arrived before the first was spent.
func TestUserThrottleHoldsUnderConcurrency(t *testing.T) {
	cfg := server.ProdConfig()
	cfg.AccessLog = "off"
	cfg.LoginRateIP = 0 // as from 20 addresses
	cfg.LoginRateUser, cfg.LoginBurstUser = 0.001, 2
	cfg.ThrottleDelay = 0
	cfg.HashSlots = 0
	hs := httptest.NewServer(inProcess(t, cfg, func(st store.Store) store.Store { return slowStore{st} }))
	defer hs.Close()

	const n = 20
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			code, _ := postLogin(t, hs.URL, `{"username":"demo","password":"wrong"}`)
			codes <- code
		})
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[401] != cfg.LoginBurstUser || count[429] != n-cfg.LoginBurstUser {
		t.Errorf("%d concurrent wrong passwords answered %v; want %d x 401 (the burst) and the rest 429", n, count, cfg.LoginBurstUser)
	}
}

// TestIPThrottleKeysIPv6By64: two addresses of one /64 share a bucket;
// another /64 and IPv4 addresses have their own.
func TestIPThrottleKeysIPv6By64(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix int
		second string
		want   int
	}{
		{"same /64", 0, "[2001:db8:0:1:ffff::9]:2", 429},
		{"another /64", 0, "[2001:db8:0:2::1]:2", 401},
		{"same /64, keyed by /128", 128, "[2001:db8:0:1:ffff::9]:2", 401},
		{"same /56, keyed by /56", 56, "[2001:db8:0:2::1]:2", 429},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := server.ProdConfig()
			cfg.AccessLog = "off"
			cfg.LoginRateIP, cfg.LoginBurstIP = 0.001, 1
			cfg.LoginRateUser = 0
			cfg.ThrottleDelay = 0
			cfg.LoginIPv6Prefix = tc.prefix
			h := inProcess(t, cfg, nil)
			login := func(peer string) int {
				req := httptest.NewRequest("POST", "/api/token/", strings.NewReader(`{"username":"demo","password":"wrong"}`))
				req.Header.Set("Content-Type", "application/json")
				req.RemoteAddr = peer
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec.Code
			}
			if code := login("[2001:db8:0:1::1]:1"); code != 401 {
				t.Fatalf("first login = %d; want 401", code)
			}
			if code := login(tc.second); code != tc.want {
				t.Errorf("login from %s after one from 2001:db8:0:1::1 (prefix %d) = %d; want %d", tc.second, tc.prefix, code, tc.want)
			}
		})
	}
}

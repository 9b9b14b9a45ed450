package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"jwtlab/server"
	"jwtlab/server/password"
	"jwtlab/server/servertest"
	"jwtlab/server/store"
)

// TestCredentialRuleMatchesLogin: every credential CheckUsername and
// CheckPassword accept logs in, stored as users add stores it; each
// kind they refuse does not, though stored exactly so. The rule and the
// login read the same bounds and the same white space, and this is the
// test that they agree.
func TestCredentialRuleMatchesLogin(t *testing.T) {
	s := servertest.Start(t)
	ctx := context.Background()
	cheap := password.Params{MemoryKiB: 64, Time: 1, Threads: 1}
	long := strings.Repeat
	for _, tc := range []struct {
		name, user, pw string
		ok             bool
	}{
		{"a plain pair", "plain", "pw-1", true},
		{"150 characters is a username", long("a", 150), "pw-1", true},
		{"150 two-byte characters is a username", long("é", 150), "pw-1", true},
		{"white space inside counts as any character", "in side", "pass word", true},
		{"a zero-width space is no white space to Python", "zw\u200b", "pw\u200b", true},
		{"a control character that is not white space", "bell\a", "pw\a", true},
		{"4096 characters is a password", "longpw", long("p", 4096), true},
		{"4096 two-byte characters is a password", "longpw2", long("é", 4096), true},

		{"a username beginning with a space", " lead", "pw-1", false},
		{"a username ending with a space", "trail ", "pw-1", false},
		{"a username ending with a tab", "tab\t", "pw-1", false},
		{"a username ending with a no-break space", "nbsp\u00a0", "pw-1", false},
		{"a username beginning with a separator Python strips", "\x1cfs", "pw-1", false},
		{"a username NFKC begins with a space", "\u00a8diaeresis", "pw-1", false},
		{"a username of 151 characters", long("b", 151), "pw-1", false},
		{"a username NFKC makes 162 characters", long("\ufdfa", 9), "pw-1", false},
		{"a username of white space only", "   ", "pw-1", false},
		{"an empty username", "", "pw-1", false},
		{"a password beginning with a space", "pw1", " pw-1", false},
		{"a password ending with a space", "pw2", "pw-1 ", false},
		{"a password ending with a newline", "pw3", "pw-1\n", false},
		{"a password of white space only", "pw4", "   ", false},
		{"an empty password", "pw5", "", false},
		{"a password of 4097 characters", "pw6", long("p", 4097), false},
		{"a username holding a NUL", "nul\x00", "pw-1", false},
		{"a password holding a NUL", "pw7", "pw\x00-1", false},
		{"a password that is not UTF-8", "pw8", "pw-1\xff", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stored := store.NormalizeUsername(tc.user)
			uerr, perr := server.CheckUsername(stored), server.CheckPassword(tc.pw)
			if ok := uerr == nil && perr == nil; ok != tc.ok {
				t.Fatalf("CheckUsername(%q) = %v, CheckPassword = %v; want accepted: %v", stored, uerr, perr, tc.ok)
			}
			h, err := password.Hash(tc.pw, cheap)
			if err != nil {
				t.Fatal(err)
			}
			u, err := s.Store.AddUser(ctx, tc.user, h)
			if err != nil {
				if tc.ok {
					t.Fatal(err)
				}
				return // not even storable: no login to try
			}
			body, err := json.Marshal(map[string]string{"username": u.Username, "password": tc.pw})
			if err != nil {
				t.Fatal(err)
			}
			code, got := postLogin(t, s.URL, string(body))
			if (code == 200) != tc.ok {
				t.Errorf("login as %q = %d %s; want a login: %v", u.Username, code, got, tc.ok)
			}
		})
	}
}

package loopback

import (
	"errors"
	"testing"
)

func TestURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		remote   bool
	}{
		{"http://127.0.0.1:8000", "http://127.0.0.1:8000", false},
		{"127.0.0.1:8000", "http://127.0.0.1:8000", false},
		{"localhost:8000/api", "http://localhost:8000/api", false},
		{"https://[::1]:8443/", "https://[::1]:8443/", false},
		{"http://example.com:8000", "", true},
		{"10.0.0.1:80", "", true},
		{"ftp://127.0.0.1/", "", false},
	} {
		u, err := URL(tc.in)
		switch {
		case tc.want != "" && (err != nil || u.String() != tc.want):
			t.Errorf("URL(%q) = %v, %v; want %s", tc.in, u, err, tc.want)
		case tc.want == "" && err == nil:
			t.Errorf("URL(%q) = %v; want an error", tc.in, u)
		case tc.remote != errors.Is(err, ErrRemote):
			t.Errorf("URL(%q) error %v; ErrRemote %v, want %v", tc.in, err, errors.Is(err, ErrRemote), tc.remote)
		}
	}
}

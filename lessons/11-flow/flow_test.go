package flow_test

import (
	"strings"
	"testing"

	flow "jwtlab/lessons/11-flow"
)

const access = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1OTAyOTU1LCJpYXQiOjE3OTU5MDI2NTUsImp0aSI6IjMyYTVjYzVkZWU0MzQyZTk4MTMzZDA4MWYzZDRmNjk0IiwidXNlcl9pZCI6MX0.PFYIZDQvOF2HDcTF9VqCbb6zscjz4pDNTRwrGdWYQ8Q"

func TestResponseString(t *testing.T) {
	tests := []struct {
		name string
		in   flow.Response
		want string
	}{
		{"tokens become their type", flow.Response{200, []byte(`{"access":"` + access + `"}`)}, `200 {"access":"<jwt:access>"}`},
		{"other bodies pass through", flow.Response{401, []byte(`{"detail":"x"}`)}, `401 {"detail":"x"}`},
		{"an empty body stays empty", flow.Response{200, nil}, `200 `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestClaims(t *testing.T) {
	c, err := flow.Claims(access)
	if err != nil || c.TokenType != "access" || c.UserID != 1 || c.Exp-c.Iat != 300 {
		t.Errorf("Claims(access) = %+v, %v; want an access token of user 1 living 300 s", c, err)
	}
	for _, bad := range []string{"", "a.b", "a.!!.c", "a.W10.c"} {
		if _, err := flow.Claims(bad); err == nil {
			t.Errorf("Claims(%q) = nil error; want an error", bad)
		}
	}
}

func FuzzClaims(f *testing.F) {
	f.Add(access)
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		flow.Claims(token)
		if s := (flow.Response{Status: 200, Body: []byte(token)}).String(); !strings.HasPrefix(s, "200 ") {
			t.Fatalf("String() = %q; want it to start with the status", s)
		}
	})
}

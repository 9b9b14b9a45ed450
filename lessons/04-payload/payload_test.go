package payload_test

import (
	"encoding/base64"
	"slices"
	"testing"

	payload "jwtlab/lessons/04-payload"
)

func enc(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestParseClaims(t *testing.T) {
	tests := []struct {
		name, json string
		wantOther  []string
		wantErr    bool
	}{
		{"simplejwt claims leave nothing over", `{"token_type":"access","exp":1,"iat":1,"jti":"a","user_id":1}`, nil, false},
		{"public and private extras are kept", `{"exp":1,"email":"a@b","http://example.com/is_root":true}`, []string{"email", "http://example.com/is_root"}, false},
		{"a string exp is refused", `{"exp":"soon"}`, nil, true},
		{"an array payload is refused", `[]`, nil, true},
		{"a user_id object is refused", `{"user_id":{}}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := payload.ParseClaims(enc(tt.json))
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseClaims(%s) error = %v; want error %v", tt.json, err, tt.wantErr)
			}
			var got []string
			for name := range c.Other {
				got = append(got, name)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.wantOther) {
				t.Errorf("ParseClaims(%s).Other names = %q; want %q", tt.json, got, tt.wantOther)
			}
		})
	}
}

func FuzzParseClaims(f *testing.F) {
	f.Add(`{"token_type":"access","exp":1795902955,"user_id":1}`)
	f.Add(`{"aud":["a",1]}`)
	f.Fuzz(func(t *testing.T, json string) {
		c, err := payload.ParseClaims(enc(json))
		if err != nil {
			return
		}
		for name := range c.Other {
			if payload.Kind(name) == "registered" {
				t.Fatalf("ParseClaims(%q) put registered claim %q in Other", json, name)
			}
		}
	})
}

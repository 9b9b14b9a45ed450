package header_test

import (
	"errors"
	"testing"

	header "jwtlab/lessons/03-header"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name, json string
		want       error // nil: parses
		wantAlg    string
	}{
		{"a minimal header parses", `{"alg":"HS256"}`, nil, "HS256"},
		{"unknown members are ignored", `{"alg":"EdDSA","x5u":"https://e.example"}`, nil, "EdDSA"},
		{"a missing alg is refused", `{"typ":"JWT"}`, header.ErrNoAlg, ""},
		{"an empty alg is refused", `{"alg":""}`, header.ErrNoAlg, ""},
		{"a repeated alg is refused", `{"alg":"HS256","alg":"none"}`, header.ErrDuplicate, ""},
		{"a repeated typ is refused", `{"alg":"HS256","typ":"a","typ":"b"}`, header.ErrDuplicate, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := header.ParseHeader(enc(tt.json))
			if !errors.Is(err, tt.want) || h.Alg != tt.wantAlg {
				t.Errorf("ParseHeader(%s) = %+v, %v; want alg %q, %v", tt.json, h, err, tt.wantAlg, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "W10", "bnVsbA", "e30=", enc(`{"alg":1}`), enc(`{"alg":"HS256"`)} {
		if _, err := header.ParseHeader(bad); err == nil {
			t.Errorf("ParseHeader(%q) = nil error; want an error", bad)
		}
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add(`{"alg":"HS256","typ":"JWT"}`)
	f.Add(`{"alg":"HS256","alg":"none"}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, json string) {
		h, err := header.ParseHeader(enc(json))
		if err == nil && h.Alg == "" {
			t.Fatalf("ParseHeader(%q) accepted a header without alg", json)
		}
	})
}

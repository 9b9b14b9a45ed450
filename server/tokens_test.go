package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"jwtlab/internal/jose"
	"jwtlab/internal/python"
)

func testTokens(t testing.TB) *tokens {
	cfg := DevConfig()
	cfg.Clock = func() time.Time { return time.Unix(1795902655, 0) }
	keys, err := NewKeys(jose.Secret("jwt-lab-demo-signing-secret-not-for-production"))
	if err != nil {
		t.Fatal(err)
	}
	return newTokens(&cfg, keys)
}

func TestClaimsKeepOrderAndLastValue(t *testing.T) {
	c := newClaims()
	if err := json.Unmarshal([]byte(`{"b":1,"a":2,"b":3}`), c); err != nil {
		t.Fatal(err)
	}
	got, _ := c.MarshalJSON()
	if string(got) != `{"b":3,"a":2}` {
		t.Errorf("claims round trip = %s; want {\"b\":3,\"a\":2} (first place, last value, as Python)", got)
	}
	if err := json.Unmarshal([]byte(`[1]`), c); err == nil {
		t.Error("a JSON array decoded as claims; want an error")
	}
}

func TestUserID(t *testing.T) {
	for _, tc := range []struct {
		raw            string
		id             int64
		present, valid bool
	}{
		{`{"user_id":1}`, 1, true, true},
		{`{"user_id":"1"}`, 1, true, true},
		{`{"user_id":1.0}`, 1, true, true},
		{`{"user_id":1.5}`, 0, true, false},
		{`{"user_id":"abc"}`, 0, true, false},
		{`{"user_id":null}`, 0, true, false},
		{`{}`, 0, false, false},
	} {
		c := newClaims()
		json.Unmarshal([]byte(tc.raw), c)
		id, present, valid := c.userID("user_id")
		if id != tc.id || present != tc.present || valid != tc.valid {
			t.Errorf("userID(%s) = %d, %t, %t; want %d, %t, %t", tc.raw, id, present, valid, tc.id, tc.present, tc.valid)
		}
	}
}

func TestRefreshedAccessKeepsLoginIat(t *testing.T) {
	ts := testTokens(t)
	p, err := ts.newPair(1)
	if err != nil {
		t.Fatal(err)
	}
	later := time.Unix(1795902655+100, 0)
	ts.cfg.Clock = func() time.Time { return later }
	r, err := ts.parse(p.refresh, typeRefresh)
	if err != nil {
		t.Fatal(err)
	}
	a := ts.accessFrom(r, later)
	got, _ := a.MarshalJSON()
	if !strings.HasPrefix(string(got), `{"token_type":"access","exp":1795903055,"iat":1795902655,"jti":"`) {
		t.Errorf("refreshed access = %s; want exp = now+5m and the login's iat", got)
	}
	if _, err := ts.parse(p.access, typeRefresh); !errors.Is(err, ErrTokenWrongType) {
		t.Errorf("parse(access as refresh) = %v; want ErrTokenWrongType", err)
	}
}

// BenchmarkSignAccess is the cost of minting one access token.
func BenchmarkSignAccess(b *testing.B) {
	ts := testTokens(b)
	now := ts.cfg.now()
	b.ReportAllocs()
	for b.Loop() {
		c := ts.fresh(typeAccess, ts.cfg.AccessLifetime, now)
		c.setInt("user_id", 1)
		if _, err := ts.sign(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseAccess is the cost of checking one access token: the
// work GET /api/me/ does before its user lookup.
func BenchmarkParseAccess(b *testing.B) {
	ts := testTokens(b)
	p, _ := ts.newPair(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ts.parse(p.access, typeAccess); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzClaims checks the fast object scanner agrees with encoding/json's
// decoder on every valid payload: same keys, same order, same values.
func FuzzClaims(f *testing.F) {
	for _, s := range []string{
		`{"token_type":"access","exp":1795902955,"iat":1795902655,"jti":"32a5","user_id":1}`,
		` { "a" : [1, {"b": "}"}] , "c":"\"," , "a": null } `,
		`{"k\u0065y":1}`, `{}`, `[]`, `null`, `{"a":{"b":{"c":[]}}}`,
	} {
		f.Add([]byte(s))
	}
	for _, doc := range python.ReviewJSONSeeds() {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast claims
		fastErr := fast.UnmarshalJSON(b)
		var ordered []string
		want := map[string]json.RawMessage{}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		tok, err := dec.Token()
		if err != nil || tok != json.Delim('{') || !json.Valid(b) {
			if fastErr == nil {
				t.Errorf("UnmarshalJSON(%q) = nil; want an error for a non-object", b)
			}
			return
		}
		for dec.More() {
			k, _ := dec.Token()
			var v json.RawMessage
			dec.Decode(&v)
			if _, ok := want[k.(string)]; !ok {
				ordered = append(ordered, k.(string))
			}
			want[k.(string)] = v
		}
		if fastErr != nil {
			t.Fatalf("UnmarshalJSON(%q) = %v", b, fastErr)
		}
		if strings.Join(fast.keys, "\x00") != strings.Join(ordered, "\x00") {
			t.Errorf("keys %q; want %q", fast.keys, ordered)
		}
		for k, v := range want {
			if !json.Valid(fast.vals[k]) || compact(t, fast.vals[k]) != compact(t, v) {
				t.Errorf("%s = %s; want %s", k, fast.vals[k], v)
			}
		}
	})
}

func compact(t *testing.T, v json.RawMessage) string {
	var dst bytes.Buffer
	if err := json.Compact(&dst, v); err != nil {
		t.Fatal(err)
	}
	return dst.String()
}

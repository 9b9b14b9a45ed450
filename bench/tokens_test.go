package bench

import (
	"encoding/base64"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var testKey = []byte("0123456789abcdef0123456789abcdef-bench-test-key")

// fixedNow is the clock of every minted token in these tests.
var fixedNow = time.Unix(1795902655, 0)

func testMinter() *Minter {
	m, err := NewMinter(testKey, 1)
	if err != nil {
		panic(err) // testKey is a valid HS256 secret
	}
	m.Now = func() time.Time { return fixedNow }
	return m
}

func segment(t *testing.T, tok string, i int) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q has %d segments; want 3", tok, len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[i])
	if err != nil {
		t.Fatalf("segment %d of %q: %v", i, tok, err)
	}
	return string(b)
}

// payloadRE's jti is jose.NewJTI's: simplejwt's uuid4().hex shape with
// version nibble 7 and the issue time (1795902655000 ms) first, variant
// bits 10 (8-b).
var payloadRE = regexp.MustCompile(`^\{"token_type":"(access|refresh)","exp":(\d+),"iat":1795902655,"jti":"01a22423ca187[0-9a-f]{3}[89ab][0-9a-f]{15}","user_id":1\}$`)

func TestMintHasSimplejwtShape(t *testing.T) {
	for _, tc := range []struct {
		kind string
		exp  string
	}{
		{"access", "1795902955"},  // iat + 300 s
		{"refresh", "1795989055"}, // iat + 1 day
	} {
		t.Run(tc.kind, func(t *testing.T) {
			tok, err := testMinter().Mint(tc.kind)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := segment(t, tok, 0), `{"alg":"HS256","typ":"JWT"}`; got != want {
				t.Errorf("header = %s; want %s", got, want)
			}
			payload := segment(t, tok, 1)
			m := payloadRE.FindStringSubmatch(payload)
			if m == nil {
				t.Fatalf("payload = %s; want simplejwt's keys in simplejwt's order", payload)
			}
			if m[1] != tc.kind || m[2] != tc.exp {
				t.Errorf("payload = %s; want token_type %s, exp %s", payload, tc.kind, tc.exp)
			}
			parsed, err := jwt.Parse(tok, func(*jwt.Token) (any, error) { return testKey, nil },
				jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return fixedNow }))
			if err != nil || !parsed.Valid {
				t.Errorf("jwt.Parse(minted) = %v; want a valid HS256 token", err)
			}
		})
	}
}

func TestMintGivesDistinctJTIs(t *testing.T) {
	toks, err := testMinter().MintN("access", 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, tok := range toks {
		p := segment(t, tok, 1)
		if seen[p] {
			t.Fatalf("payload %s minted twice", p)
		}
		seen[p] = true
	}
}

func TestPoolCyclesWhenReusable(t *testing.T) {
	p, err := newPool(testMinter(), "access", 3, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for range 6 {
		tok, _ := p.take()
		got = append(got, tok)
	}
	for i := range 3 {
		if got[i] != got[i+3] {
			t.Errorf("take %d = %.20s…; want the pool to start over with %.20s…", i+3, got[i+3], got[i])
		}
		if i > 0 && got[i] == got[i-1] {
			t.Errorf("takes %d and %d gave the same token", i-1, i)
		}
	}
}

func TestSingleUsePoolNeverRepeats(t *testing.T) {
	p, err := newPool(testMinter(), "refresh", 50, true)
	if err != nil {
		t.Fatal(err)
	}
	// More takers than tokens, at once: the pool must mint the rest and
	// never hand one token to two workers.
	const workers, each = 8, 20
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				tok, err := p.take()
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[tok]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != workers*each {
		t.Errorf("%d distinct tokens from %d takes; want all distinct", len(seen), workers*each)
	}
}

// BenchmarkMint measures what a pool costs the attacker per token.
func BenchmarkMint(b *testing.B) {
	m := testMinter()
	m.Now = nil
	for b.Loop() {
		if _, err := m.Mint("refresh"); err != nil {
			b.Fatal(err)
		}
	}
}

package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jwtlab/internal/jose"
)

// Families as a deployment has them: many users, each with a few
// devices, each device a chain of rotations.
const (
	benchUsers    = 100
	benchFamilies = 2000 // logins, spread over the users
)

// loginFamilies records benchFamilies login tokens, the first of each
// family, and returns them.
func loginFamilies(b *testing.B, st Store) []string {
	b.Helper()
	ctx := context.Background()
	exp := time.Now().Add(24 * time.Hour)
	heads := make([]string, benchFamilies)
	for i := range heads {
		heads[i] = jose.NewJTI(time.Now())
		if err := st.AddOutstanding(ctx, heads[i], int64(i%benchUsers+1), exp); err != nil {
			b.Fatal(err)
		}
	}
	return heads
}

// BenchmarkRotateChains rotates the families of loginFamilies in turn,
// 16 at a time with group commit: each rotation spends its family's
// newest token, so every family grows a chain, and the writes of one
// commit belong to many families and users. The bench's rotate scenario
// spends a fresh family each time instead, which puts a family's rows
// together where these spread them. Run it with -benchtime 20000x or
// more so the tables outgrow a few pages.
func BenchmarkRotateChains(b *testing.B) {
	for _, kind := range benchKinds() {
		b.Run(kind, func(b *testing.B) {
			st := openStore(b, kind, Options{MaxOpen: 8, MaxIdle: 8, Prepare: true, GroupCommit: true})
			heads := loginFamilies(b, st)
			ctx := context.Background()
			exp := time.Now().Add(24 * time.Hour)
			// A family is rotated by one goroutine at a time, as one
			// device refreshes one token at a time.
			var locks [benchFamilies]sync.Mutex
			var next atomic.Int64
			b.SetParallelism(16)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					f := next.Add(7919) % benchFamilies // a prime stride: consecutive rotations in far-apart families
					locks[f].Lock()
					nextJTI := jose.NewJTI(time.Now())
					r, err := st.Rotate(ctx, Rotation{Old: heads[f], OldExpires: exp, Next: nextJTI, Expires: exp,
						UserID: f%benchUsers + 1, Now: time.Now()})
					if err == nil && r == Rotated {
						heads[f] = nextJTI
					}
					locks[f].Unlock()
					if err != nil || r != Rotated {
						b.Fatalf("Rotate = %v, %v", r, err)
					}
				}
			})
		})
	}
}

// BenchmarkRevokeFamily revokes one family of ten tokens among a user's
// others: with no index by family the store reads all the user's
// tokens, here 100 families' worth, to find the ten.
func BenchmarkRevokeFamily(b *testing.B) {
	for _, kind := range benchKinds() {
		b.Run(kind, func(b *testing.B) {
			st := openStore(b, kind, Options{MaxOpen: 8, MaxIdle: 8, Prepare: true, GroupCommit: true})
			ctx := context.Background()
			exp := time.Now().Add(24 * time.Hour)
			const families, chain = 100, 10
			var heads []string
			for range families {
				head := jose.NewJTI(time.Now())
				if err := st.AddOutstanding(ctx, head, 1, exp); err != nil {
					b.Fatal(err)
				}
				parent := head
				for range chain - 1 {
					jti := jose.NewJTI(time.Now())
					if _, err := st.AddRotated(ctx, jti, parent, 1, exp, time.Now()); err != nil {
						b.Fatal(err)
					}
					parent = jti
				}
				heads = append(heads, parent)
			}
			b.ResetTimer()
			for i := range b.N {
				// Past the first round the family is revoked already:
				// the same reads, no new rows.
				if _, err := st.RevokeFamily(ctx, heads[i%families], time.Now()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

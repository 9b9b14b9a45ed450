package server_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"jwtlab/server"
)

// BenchmarkRotateParallel measures refresh under rotation with
// blacklisting (one blacklist row and the new token's rows per request)
// from 8 concurrent clients per core, each rotating its own token, in the
// prod profile with group commit off and on: concurrent requests are what
// group commit batches.
func BenchmarkRotateParallel(b *testing.B) {
	for _, group := range []bool{false, true} {
		cfg := server.ProdConfig()
		cfg.LoginRateIP, cfg.LoginRateUser = 0, 0
		cfg.RotateRefresh, cfg.BlacklistAfterRotation = true, true
		cfg.GroupCommit = group
		// Throughput only: without group commit some of 16 writers
		// contending for SQLite's write lock wait past prod's 1 s
		// store_timeout on a busy machine, and a 503 would end the run.
		cfg.StoreTimeout = 0
		h, _, _ := profileHandler(b, cfg)
		// One login per client, made here one at a time: prod's hash
		// queue would refuse a burst of them.
		const parallelism = 8
		tokens := make([]string, parallelism*runtime.GOMAXPROCS(0))
		for i := range tokens {
			tokens[i] = postOK(b, h, "/api/token/", `{"username":"demo","password":"demo-password-123"}`, "refresh")
		}
		b.Run(map[bool]string{false: "group_commit=false", true: "group_commit=true"}[group], func(b *testing.B) {
			var next atomic.Int32
			b.SetParallelism(parallelism)
			b.RunParallel(func(pb *testing.PB) {
				i := next.Add(1) - 1
				refresh := tokens[i]
				for pb.Next() {
					refresh = postOK(b, h, "/api/token/refresh/", `{"refresh":"`+refresh+`"}`, "refresh")
				}
				tokens[i] = refresh // for the next run of this benchmark
			})
		})
	}
}

// Package bench load-tests token servers with vegeta's library and reports
// what each serving choice costs.
//
// Every jwtlab target runs as its own child process on an ephemeral
// loopback port with a fresh store (SQLite, or with -postgres a fresh
// PostgreSQL schema for prod-pg and the cluster) and a demo user; the
// floor has no store, the Django peers start from their own scripts, and
// a -target URL is a server someone else runs. vegeta cannot chain a login into
// a later request, so the bench mints simplejwt-shaped tokens itself with the
// signing key it gave the child, and each scenario's targeter hands out a
// fresh token or body per hit. Scenarios run closed loop (fixed workers, for
// throughput) or open loop (fixed rates stepped up to the knee, for latency
// under load without coordinated omission).
//
// A run writes summary.json (the contract tools read), report.md (the table
// and the machine, for NOTES.md), one HTML latency plot per scenario, and
// one vegeta results file per attack, which the vegeta command reads:
//
//	vegeta report bench-out/results/prod.me.max.bin
//	vegeta plot bench-out/results/*.me.max.bin > me.html
package bench

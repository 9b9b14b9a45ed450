// Package loadtest is about measuring a server honestly. Its examples run a
// simulated server -- one worker, 5 ms per request, frozen for one second
// two seconds in (a garbage-collection pause, a full disk, a slow database)
// -- on simulated time, so the numbers are exact and the same on every
// machine. jwtlab bench then does the same with vegeta against real
// servers.
//
// # A closed loop hides the stall
//
// A closed-loop load generator (ab, wrk, a for loop) sends the next request
// when the previous answer arrives. During the stall it sends nothing, so
// it records one slow request out of nearly two thousand: the 99th
// percentile still says 5 ms. But every user who came during that second
// waited.
//
// # An open loop sees it
//
// An open-loop generator (vegeta's attack) sends at a fixed rate whatever
// happens, as real users do: they do not wait for each other. At 100
// requests a second, 100 requests arrive during the stall and queue, and
// the backlog takes another second to drain. About a fifth of all requests
// are slow, and the 90th percentile shows it.
//
// # Coordinated omission
//
// The closed loop's mistake has a name (Gil Tene's): the generator
// coordinates with the server, and omits exactly the measurements that
// matter. A paced closed loop that intends to send every 10 ms can correct
// for it by timing each request from when it should have been sent, not
// from when it was -- wrk2's fix. Corrected, its percentiles match the open
// loop's.
//
// # Read percentiles, not the mean
//
// The mean mixes the many fast answers with the few slow ones and describes
// nobody. Report the median, the 90th, 99th percentile and the maximum, and
// the request rate they were measured at: a latency figure without its
// rate means little, since any server is fast when idle.
//
// # Reading a vegeta report
//
// vegeta report prints the open loop's run in one block: requests sent, the
// rate asked for and the throughput achieved; the duration of the attack
// and the wait for the last answers; latency quantiles (estimated with a
// t-digest, so close to but not always equal to exact ones); bytes; the
// success ratio and status codes; and the set of errors. Throughput below
// the rate, or a long wait, means the server fell behind. jwtlab bench runs
// its latency scenarios this way, open loop, stepping the rate up until the
// percentiles bend: the knee is the capacity worth reporting.
//
// # Which side is the bottleneck
//
// A closed loop runs at the pace of its slower side, and the load generator
// is a side too. jwtlab bench pins the servers to one core and vegeta to
// the other. On the project's machine (NOTES.md, "Who is the bottleneck")
// vegeta's core was 95-98% busy attacking the floor while the floor's was
// 72-77%: for the same answers, vegeta spent more of its core on a GET than
// the floor's server spent answering it. NOTES gives the server's CPU an
// answer (floor 25-33 µs); vegeta's per request is derived from its busy
// share and the rate, 33-41 µs a GET to the floor and 37-61 µs a refresh
// POST (StepBottleneck's comment shows the arithmetic). The step simulates
// one value from each range: the floor's row is vegeta's ceiling, with the
// server's core a quarter idle. A server that costs 36 µs an answer,
// attacked at 38 µs a request, reads 0.89 × floor, though the floor does
// its work in 0.69 of the time; one that costs 54 µs is held by its own
// core and reads 0.63 × where its CPU says 0.46. So a ratio to a
// closed-loop floor says how close a server comes to what the generator can
// drive, not how much work it does; to compare costs, divide each core's
// busy time by the answers. jwtlab bench records how busy both cores were
// in every attack, prints the server's CPU an answer (its CPU µs/ok column)
// and names the rows whose generator was at least 90% busy (NOTES.md, "Who
// is the bottleneck").
//
// # Try it
//
//	JWTLAB_SIGNING_KEY=$(openssl rand -base64 48) ./jwtlab serve -profile prod -allowed-hosts 127.0.0.1 -db lab.db -addr 127.0.0.1:8000 &
//	./jwtlab bench -h
//	go test ./lessons/14-loadtesting -run '^ExampleStepReport$' -v
package loadtest

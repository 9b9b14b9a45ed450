// Package production runs jwtlab's reference server the way jwtlab serve
// does -- server.Run on a real loopback listener -- and shows what the prod
// profile's settings are for: timeouts against slow clients, a header
// limit, and a graceful shutdown. dev copies Django's runserver, which has
// no timeouts and no graceful shutdown, and only CPython's header limits;
// the bench (jwtlab bench) measures what each costs and buys.
//
// # Two profiles, one server
//
// dev and prod run the same handlers and the same token checks; they differ
// only in data, a Config each. Every serving knob of prod carries a comment
// in server/config.go saying why it has its value; jwtlab serve
// -print-config shows them, and -set knob=value changes one.
//
// # Slowloris: holding connections with a trickle
//
// A client that sends the first line of a request and then nothing ties up
// a connection for as long as the server waits. runserver, and dev, wait
// forever; a few thousand such connections exhaust file descriptors or, for
// a server with a fixed pool of workers like gunicorn's sync workers, every
// worker. ReadHeaderTimeout bounds the wait: here five connections are held
// by dev, and dropped by a server with a 200 ms header timeout (prod's is
// 5 s). The demonstration opens five loopback connections and nothing more.
//
// # Limits on what a request may carry
//
// Every byte of a request is memory on the server. runserver has only
// CPython's header limits, 64 KiB a line and 100 fields: Django 3.2's
// handle_one_request (basehttp.py, a copy of wsgiref's) answers 414 to a
// request line over 65,536 bytes, and Python's http.server answers 431 to
// a header line over 65,536 bytes or to more than 100 header fields. dev
// copies the line limit, not the count, and allows Go's default 1 MiB in
// total: the 32 KiB header reaches the handler, which answers 401 for want
// of a token. prod refuses headers over about 20 KiB (431 Request Header
// Fields Too Large) before any handler runs: max_header_bytes 16 KiB plus
// net/http's 4 KiB allowance (server.go, "bufio slop"). On a kept-alive
// connection up to 4 KiB more can get through, since net/http reads the
// start of the next request before it sets the limit.
//
// # Graceful shutdown
//
// On SIGTERM a deploy wants the old process to finish what it started. prod
// stops accepting, lets requests in flight finish (up to ShutdownTimeout),
// then exits; dev, like runserver on Ctrl-C, closes everything at once and
// the client of a half-sent login gets nothing. The shutdown context must
// not derive from the signal context, which is already cancelled: Shutdown
// would return at once and cut the requests off anyway. Make it from
// context.WithoutCancel(ctx), which keeps ctx's values, or from
// context.Background(), with the shutdown timeout; server.Run does the
// first.
//
// # Why nginx sits in front
//
// Even with timeouts, every slow client costs the Go server a goroutine and
// a connection until it gives up. nginx is built to hold many thousands of
// slow connections cheaply: it reads each request completely
// (proxy_request_buffering), then hands it to the server over a few fast,
// kept-alive upstream connections. It also terminates TLS, serves static
// files, applies rate limits and writes one access log for everything
// behind it. The configuration jwtlab nginx-config writes is matched to
// prod's settings, and the example reads it back to check: the server keeps
// an idle upstream connection open longer than nginx does, so nginx never
// reuses one the server is closing (a 502), and nginx waits for an answer
// longer than the server may take to write it. The bench runs prod both bare
// and behind this nginx.
//
// # Try it
//
//	export JWTLAB_SIGNING_KEY=$(openssl rand -base64 48)   # prod refuses the public demo key
//	./jwtlab serve -profile prod -print-config
//	./jwtlab serve -profile prod -allowed-hosts 127.0.0.1 -db lab.db -addr 127.0.0.1:8000 &
//	(printf 'GET /api/me/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'; sleep 10) | nc 127.0.0.1 8000   # dropped after 5 s
//	./jwtlab nginx-config -h
//	go test ./lessons/13-production -run '^ExampleStepSlowloris$' -v
package production

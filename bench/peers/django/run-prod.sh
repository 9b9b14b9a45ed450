#!/usr/bin/env bash
# run-prod.sh PORT: the deployment Django's docs recommend, on loopback only:
# nginx on 127.0.0.1:PORT in front of gunicorn (2 x cores + 1 sync workers,
# gunicorn's own rule of thumb) on a free loopback port, DEBUG=False.
# nginx runs as this user from a temp prefix (config, pid, logs, temp files),
# never as the system service. On exit, TERM or INT both children are
# stopped and the prefix removed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3

usage() {
	echo "usage: run-prod.sh PORT (nginx listens on 127.0.0.1:PORT)" >&2
	exit 2
}
(($# == 1)) || usage
port=${1#127.0.0.1:}
[[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || usage

nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [[ ! -x $nginx_bin ]]; then
	echo "run-prod.sh: nginx not installed (run ./install.sh)" >&2
	exit 1
fi

"$here/setup.sh"

workers=$((2 * $(nproc) + 1))
# Ask the kernel for a free loopback port for gunicorn.
upstream_port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

prefix=$(mktemp -d "${TMPDIR:-/tmp}/jwtlab-django-nginx.XXXXXX")
# nginx started as root runs its workers as nobody, who must reach the
# temp paths under the prefix.
chmod 755 "$prefix"

gunicorn_pid=
nginx_pid=
cleanup() {
	trap - EXIT TERM INT
	for pid in $nginx_pid $gunicorn_pid; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in $nginx_pid $gunicorn_pid; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$prefix"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The same edge settings as `jwtlab nginx-config`, so the two stacks differ
# in the application server only, except: no login rate limit (the bench
# measures the application server, not nginx's limiter) and no upstream
# keep-alive (gunicorn's sync workers close every connection anyway).
cat >"$prefix/nginx.conf" <<CONF
worker_processes auto;
pid nginx.pid;
error_log error.log warn;
events {
    worker_connections 1024;
}
http {
    client_body_temp_path client_body_temp;
    proxy_temp_path proxy_temp;
    fastcgi_temp_path fastcgi_temp;
    uwsgi_temp_path uwsgi_temp;
    scgi_temp_path scgi_temp;
    access_log access.log combined buffer=64k flush=1s;
    server_tokens off;
    client_max_body_size 1m;
    client_header_timeout 10s;
    client_body_timeout 10s;
    send_timeout 10s;
    keepalive_timeout 30s;
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://127.0.0.1:$upstream_port;
            proxy_set_header Host \$host;
            proxy_set_header X-Real-IP \$remote_addr;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_buffering on;
            proxy_request_buffering on;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }
    }
}
CONF

# await NAME PORT PID: wait until PORT accepts connections, or fail when
# PID exits first. 300 tries 0.1 s apart bound the wait to 30 s, well past
# gunicorn importing Django in every worker on a busy machine (1-5 s).
await() {
	local _
	for _ in $(seq 300); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$3" 2>/dev/null; then
			echo "run-prod.sh: $1 exited before accepting connections" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "run-prod.sh: $1 did not accept connections on 127.0.0.1:$2 within 30 s" >&2
	exit 1
}

cd "$here"
DJANGO_DEBUG=0 "$py" -m gunicorn --bind "127.0.0.1:$upstream_port" --workers "$workers" \
	--worker-class sync peer.wsgi:application &
gunicorn_pid=$!
# nginx starts only once gunicorn accepts, so a client that sees nginx's
# port open never gets a 502 from a stack still starting.
await gunicorn "$upstream_port" "$gunicorn_pid"
"$nginx_bin" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' &
nginx_pid=$!
await nginx "$port" "$nginx_pid"
echo "listening on http://127.0.0.1:$port (nginx -> gunicorn, $workers sync workers, on 127.0.0.1:$upstream_port)" >&2

# Either child exiting ends the stack: cleanup stops the other.
wait -n "$gunicorn_pid" "$nginx_pid"

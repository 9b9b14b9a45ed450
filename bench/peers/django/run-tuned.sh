#!/usr/bin/env bash
# run-tuned.sh PORT: the Django peer tuned as a DRF team can tune it, on
# loopback only: nginx on 127.0.0.1:PORT (limit_req on the token views,
# request buffering, upstream keep-alive) -> gunicorn (gunicorn.conf.py) ->
# Django with peer/settings_tuned.py, and a private redis-server for the
# login throttles' shared cache. DEBUG=False.
#
# Every knob is one PEER_* variable (README.md lists them). PEER_PRESET=prod
# starts from run-prod.sh's values instead of the tuned ones, so the bench's
# Django ablation can turn exactly one knob on django-prod.
# On exit, TERM or INT every child is stopped and the temp prefix removed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3

usage() {
	echo "usage: run-tuned.sh PORT (nginx listens on 127.0.0.1:PORT)" >&2
	exit 2
}
(($# == 1)) || usage
port=${1#127.0.0.1:}
[[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || usage

cores=$(nproc)
case "${PEER_PRESET:-tuned}" in
tuned)
	: "${PEER_WORKERS:=$cores}" "${PEER_WORKER_CLASS:=sync}" "${PEER_THREADS:=1}"
	: "${PEER_CONN_MAX_AGE:=60}" "${PEER_AUTH:=cached}" "${PEER_HASHER:=argon2}"
	: "${PEER_THROTTLE:=redis}" "${PEER_JSON_ONLY:=1}" "${PEER_NGINX_LIMIT:=1}"
	;;
prod)
	# run-prod.sh's stack: 2 x cores + 1 sync workers, Django's defaults.
	: "${PEER_WORKERS:=$((2 * cores + 1))}" "${PEER_WORKER_CLASS:=sync}" "${PEER_THREADS:=1}"
	: "${PEER_CONN_MAX_AGE:=0}" "${PEER_AUTH:=db}" "${PEER_HASHER:=pbkdf2}"
	: "${PEER_THROTTLE:=off}" "${PEER_JSON_ONLY:=0}" "${PEER_NGINX_LIMIT:=0}"
	;;
*)
	echo "run-tuned.sh: PEER_PRESET must be tuned or prod" >&2
	exit 2
	;;
esac
# "cores": one worker per core this script may run on (nproc honours the
# affinity the bench pins it to).
[[ $PEER_WORKERS == cores ]] && PEER_WORKERS=$cores
export PEER_WORKERS PEER_WORKER_CLASS PEER_THREADS PEER_CONN_MAX_AGE PEER_AUTH \
	PEER_HASHER PEER_THROTTLE PEER_JSON_ONLY PEER_NGINX_LIMIT

nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [[ ! -x $nginx_bin ]]; then
	echo "run-tuned.sh: nginx not installed (run ./install.sh)" >&2
	exit 1
fi
redis_bin=$(command -v redis-server || echo /usr/bin/redis-server)
if [[ $PEER_THROTTLE == redis && ! -x $redis_bin ]]; then
	echo "run-tuned.sh: redis-server not installed (run ./install.sh)" >&2
	exit 1
fi

export DJANGO_SETTINGS_MODULE=peer.settings_tuned
"$here/setup.sh"

free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
upstream_port=$(free_port)

prefix=$(mktemp -d "${TMPDIR:-/tmp}/jwtlab-django-tuned.XXXXXX")
# nginx started as root runs its workers as nobody, who must reach the
# temp paths under the prefix.
chmod 755 "$prefix"

gunicorn_pid=
nginx_pid=
redis_pid=
cleanup() {
	trap - EXIT TERM INT
	for pid in $nginx_pid $gunicorn_pid $redis_pid; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in $nginx_pid $gunicorn_pid $redis_pid; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$prefix"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# await NAME PORT PID: as in run-prod.sh, bounded to 30 s.
await() {
	local _
	for _ in $(seq 300); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$3" 2>/dev/null; then
			echo "run-tuned.sh: $1 exited before accepting connections" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "run-tuned.sh: $1 did not accept connections on 127.0.0.1:$2 within 30 s" >&2
	exit 1
}

if [[ $PEER_THROTTLE == redis ]]; then
	redis_port=$(free_port)
	# A cache, not a store: no snapshots, no append-only file, loopback only;
	# maxmemory bounds it and allkeys-lru evicts the oldest counters.
	"$redis_bin" --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
		--dir "$prefix" --maxmemory 64mb --maxmemory-policy allkeys-lru \
		--protected-mode yes --daemonize no --loglevel warning &
	redis_pid=$!
	await redis-server "$redis_port" "$redis_pid"
	export PEER_REDIS_URL="redis://127.0.0.1:$redis_port/0"
fi

# limit_req on the login view: the same rate and burst as
# `jwtlab nginx-config` (5 r/s per client address, burst 10), answered with
# 429 at once. Off in the prod preset, as in run-prod.sh.
limit_zone=
limit_loc=
if [[ $PEER_NGINX_LIMIT == 1 ]]; then
	limit_zone='limit_req_zone $binary_remote_addr zone=login:1m rate=5r/s; limit_req_status 429;'
	limit_loc="location = /api/token/ { limit_req zone=login burst=10 nodelay; proxy_pass http://django; }"
fi
# Upstream keep-alive: only gthread workers keep a connection open; sync
# workers close after each response, so nginx would reopen anyway.
keepalive=
proxy_http=
if [[ $PEER_WORKER_CLASS == gthread ]]; then
	keepalive='keepalive 32;'
	proxy_http='proxy_http_version 1.1; proxy_set_header Connection "";'
fi

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
    $limit_zone
    upstream django {
        server 127.0.0.1:$upstream_port;
        $keepalive
    }
    server {
        listen 127.0.0.1:$port;
        proxy_set_header Host \$host;
        proxy_set_header X-Real-IP \$remote_addr;
        proxy_set_header X-Forwarded-For \$remote_addr;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_buffering on;
        proxy_request_buffering on;
        proxy_connect_timeout 2s;
        proxy_read_timeout 30s;
        $proxy_http
        $limit_loc
        location / {
            proxy_pass http://django;
        }
    }
}
CONF

cd "$here"
"$py" -m gunicorn --config "$here/gunicorn.conf.py" --bind "127.0.0.1:$upstream_port" \
	peer.wsgi:application &
gunicorn_pid=$!
await gunicorn "$upstream_port" "$gunicorn_pid"
"$nginx_bin" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' &
nginx_pid=$!
await nginx "$port" "$nginx_pid"
echo "listening on http://127.0.0.1:$port (nginx -> gunicorn, $PEER_WORKERS $PEER_WORKER_CLASS workers x $PEER_THREADS threads, auth=$PEER_AUTH conn_max_age=$PEER_CONN_MAX_AGE hasher=$PEER_HASHER throttle=$PEER_THROTTLE, gunicorn on 127.0.0.1:$upstream_port)" >&2

# Any child exiting ends the stack: cleanup stops the others.
wait -n $gunicorn_pid $nginx_pid $redis_pid

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
. "$here/lib.sh"
port_arg nginx "$@"

cores=$(nproc)
case "${PEER_PRESET:-tuned}" in
tuned)
	: "${PEER_WORKERS:=$cores}" "${PEER_WORKER_CLASS:=sync}" "${PEER_THREADS:=1}"
	: "${PEER_CONN_MAX_AGE:=60}" "${PEER_AUTH:=cached}" "${PEER_HASHER:=argon2}"
	: "${PEER_THROTTLE:=redis}" "${PEER_JSON_ONLY:=1}" "${PEER_NGINX_LIMIT:=1}"
	: "${PEER_SQLITE_WAL:=1}"
	;;
prod)
	# run-prod.sh's stack: 2 x cores + 1 sync workers, Django's defaults.
	: "${PEER_WORKERS:=$((2 * cores + 1))}" "${PEER_WORKER_CLASS:=sync}" "${PEER_THREADS:=1}"
	: "${PEER_CONN_MAX_AGE:=0}" "${PEER_AUTH:=db}" "${PEER_HASHER:=pbkdf2}"
	: "${PEER_THROTTLE:=off}" "${PEER_JSON_ONLY:=0}" "${PEER_NGINX_LIMIT:=0}"
	: "${PEER_SQLITE_WAL:=0}"
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
	PEER_HASHER PEER_THROTTLE PEER_JSON_ONLY PEER_NGINX_LIMIT PEER_SQLITE_WAL

need nginx_bin nginx /usr/sbin/nginx
if [[ $PEER_THROTTLE == redis ]]; then
	need redis_bin redis-server /usr/bin/redis-server
fi

export DJANGO_SETTINGS_MODULE=peer.settings_tuned
"$here/setup.sh"

upstream_port=$(free_port)
own_children jwtlab-django-tuned

if [[ $PEER_THROTTLE == redis ]]; then
	redis_port=$(free_port)
	# A cache, not a store: no snapshots, no append-only file, loopback only;
	# maxmemory bounds it and allkeys-lru evicts the oldest counters.
	"$redis_bin" --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
		--dir "$prefix" --maxmemory 64mb --maxmemory-policy allkeys-lru \
		--protected-mode yes --daemonize no --loglevel warning &
	children+=("$!")
	await redis-server "$redis_port" "$!"
	export PEER_REDIS_URL="redis://127.0.0.1:$redis_port/0"
fi

# limit_req on the login view: 5 r/s per client address, as
# `jwtlab nginx-config`. Within a burst the first 10 extra requests pass at
# once (a user retrying a typo is never slowed); the next 54 are held and
# let through at 5 a second instead of refused; only beyond 64 waiting does
# nginx answer 429 at once. Holding is what stops a closed-loop bot: it
# waits for its answer instead of coming straight back, the way jwtlab
# prod's throttle_delay holds a refusal 1 s. Refused with nodelay, a 32-
# connection flood made nginx answer ~14,700 429s a second on the core
# Django needs (NOTES.md). The price: logins from an address that sends
# more than 5 a second wait, up to (64 - 10) / 5 = 10.8 s; each held
# request costs nginx a connection slot (of worker_connections 1024) and a
# timer, no CPU while it waits.
# limit_req_log_level info: a refusal is not also written to error.log
# (error_log is at warn), one write() per 429 in a flood; the access log
# keeps every 429, buffered. Off in the prod preset, as in run-prod.sh.
limit_zone=
limit_loc=
if [[ $PEER_NGINX_LIMIT == 1 ]]; then
	limit_zone='limit_req_zone $binary_remote_addr zone=login:1m rate=5r/s; limit_req_status 429; limit_req_log_level info;'
	limit_loc="location = /api/token/ { limit_req zone=login burst=64 delay=10; proxy_pass http://django; }"
	# A location ending in / that proxies makes nginx answer /api/token
	# itself with a 301 to the slash URL (even an exact one, nginx 1.22);
	# this one sends it to Django, whose answer the recorded cases have.
	limit_loc+=" location = /api/token { proxy_pass http://django; }"
fi
# Upstream keep-alive: only gthread workers keep a connection open; sync
# workers close after each response, so nginx would reopen anyway.
keepalive=
proxy_http=
if [[ $PEER_WORKER_CLASS == gthread ]]; then
	keepalive='keepalive 32;'
	proxy_http='proxy_http_version 1.1; proxy_set_header Connection "";'
fi

nginx_conf "$upstream_port" "$limit_zone" "$keepalive" "$proxy_http $limit_loc"

cd "$here"
"$py" -m gunicorn --config "$here/gunicorn.conf.py" --bind "127.0.0.1:$upstream_port" \
	peer.wsgi:application &
children+=("$!")
await gunicorn "$upstream_port" "$!"
start_nginx
echo "listening on http://127.0.0.1:$port (nginx -> gunicorn, $PEER_WORKERS $PEER_WORKER_CLASS workers x $PEER_THREADS threads, auth=$PEER_AUTH conn_max_age=$PEER_CONN_MAX_AGE hasher=$PEER_HASHER throttle=$PEER_THROTTLE, gunicorn on 127.0.0.1:$upstream_port)" >&2

# Any child exiting ends the stack: stop_children stops the others.
wait -n "${children[@]}"

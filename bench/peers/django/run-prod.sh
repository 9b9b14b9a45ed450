#!/usr/bin/env bash
# run-prod.sh PORT: the deployment Django's docs recommend, on loopback only:
# nginx on 127.0.0.1:PORT in front of gunicorn (2 x cores + 1 sync workers,
# gunicorn's own rule of thumb) on a free loopback port, DEBUG=False.
# nginx runs as this user from a temp prefix (config, pid, logs, temp files),
# never as the system service. On exit, TERM or INT both children are
# stopped and the prefix removed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
port_arg nginx "$@"
need nginx_bin nginx /usr/sbin/nginx

"$here/setup.sh"

workers=$((2 * $(nproc) + 1))
upstream_port=$(free_port)
own_children jwtlab-django-nginx

# The same edge settings as `jwtlab nginx-config`, so the two stacks differ
# in the application server only, except: no login rate limit (the bench
# measures the application server, not nginx's limiter) and no upstream
# keep-alive (gunicorn's sync workers close every connection anyway).
nginx_conf "$upstream_port"

cd "$here"
DJANGO_DEBUG=0 "$py" -m gunicorn --bind "127.0.0.1:$upstream_port" --workers "$workers" \
	--worker-class sync peer.wsgi:application &
children+=("$!")
# nginx starts only once gunicorn accepts, so a client that sees nginx's
# port open never gets a 502 from a stack still starting.
await gunicorn "$upstream_port" "$!"
start_nginx
echo "listening on http://127.0.0.1:$port (nginx -> gunicorn, $workers sync workers, on 127.0.0.1:$upstream_port)" >&2

# Either child exiting ends the stack: stop_children stops the other.
wait -n "${children[@]}"

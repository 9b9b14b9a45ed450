# lib.sh: what run-dev.sh, run-prod.sh and run-tuned.sh share, sourced by
# each (`. "$here/lib.sh"`), never run on its own. Messages name the calling
# script, so an error says which stack failed.
# shellcheck shell=bash

script=$(basename "$0")
py=/usr/bin/python3

# port_arg WHAT "$@": the one argument, PORT or 127.0.0.1:PORT, into $port;
# anything else prints usage (WHAT says who listens there) and exits 2.
port_arg() {
	local what=$1
	shift
	if (($# == 1)); then
		port=${1#127.0.0.1:}
		[[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) && return 0
	fi
	echo "usage: $script PORT ($what listens on 127.0.0.1:PORT)" >&2
	exit 2
}

# need VAR NAME DEFAULT: the path of program NAME into $VAR (PATH first,
# then DEFAULT, where Debian puts it even when /usr/sbin is not on PATH), or
# exit 1.
need() {
	local path
	path=$(command -v "$2" || echo "$3")
	if [[ ! -x $path ]]; then
		echo "$script: $2 not installed (run ./install.sh)" >&2
		exit 1
	fi
	printf -v "$1" %s "$path"
}

# free_port: a loopback port the kernel says is free now.
free_port() {
	"$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# own_children NAME: a temp prefix for nginx (config, pid, logs, temp files)
# into $prefix, and traps so that on exit, TERM or INT every PID in
# $children is stopped and the prefix removed. Add each child with
# children+=("$!").
children=()
own_children() {
	prefix=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	# nginx started as root runs its workers as nobody, who must reach the
	# temp paths under the prefix.
	chmod 755 "$prefix"
	trap stop_children EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
}

stop_children() {
	trap - EXIT TERM INT
	local pid i
	# Newest first: nginx stops taking requests before what it fronts goes.
	for ((i = ${#children[@]} - 1; i >= 0; i--)); do
		kill -TERM "${children[i]}" 2>/dev/null || true
	done
	for pid in "${children[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$prefix"
}

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
			echo "$script: $1 exited before accepting connections" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "$script: $1 did not accept connections on 127.0.0.1:$2 within 30 s" >&2
	exit 1
}

# nginx_conf UPSTREAM_PORT [HTTP [UPSTREAM [SERVER]]]: writes
# $prefix/nginx.conf, nginx on 127.0.0.1:$port in front of gunicorn on
# 127.0.0.1:UPSTREAM_PORT, with the same edge settings as
# `jwtlab nginx-config`. HTTP, UPSTREAM and SERVER are extra directives for
# those blocks (a rate-limit zone, upstream keep-alive, a limited location).
# An upstream block with one server behaves as a proxy_pass to that address:
# nginx never marks the only server of a group unavailable.
nginx_conf() {
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
    ${2:-}
    upstream django {
        server 127.0.0.1:$1;
        ${3:-}
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
        ${4:-}
        location / {
            proxy_pass http://django;
        }
    }
}
CONF
}

# start_nginx: nginx ($nginx_bin) as a child, in the foreground, as this
# user, on $prefix/nginx.conf; returns once it accepts on $port.
start_nginx() {
	"$nginx_bin" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' &
	children+=("$!")
	await nginx "$port" "$!"
}

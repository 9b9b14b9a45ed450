#!/usr/bin/env bash
# run-dev.sh PORT: the stack every Django tutorial starts with, manage.py
# runserver (DEBUG=True, one process, a thread per request), on 127.0.0.1:PORT.
# --noreload: no autoreloader parent process, so the PID this script ends as
# is the server itself and stopping it stops everything.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3

usage() {
	echo "usage: run-dev.sh PORT (the server listens on 127.0.0.1:PORT)" >&2
	exit 2
}
(($# == 1)) || usage
port=${1#127.0.0.1:}
[[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || usage

"$here/setup.sh"
cd "$here"
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
# Unbuffered, so the "Starting development server" line shows up at once
# when the output is a pipe.
export PYTHONUNBUFFERED=1
exec "$py" manage.py runserver --noreload "127.0.0.1:$port"

#!/usr/bin/env bash
# run-dev.sh PORT: the stack every Django tutorial starts with, manage.py
# runserver (DEBUG=True, one process, a thread per request), on 127.0.0.1:PORT.
# --noreload: no autoreloader parent process, so the PID this script ends as
# is the server itself and stopping it stops everything.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
port_arg "the server" "$@"

"$here/setup.sh"
cd "$here"
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
# Unbuffered, so the "Starting development server" line shows up at once
# when the output is a pipe.
export PYTHONUNBUFFERED=1
exec "$py" manage.py runserver --noreload "127.0.0.1:$port"

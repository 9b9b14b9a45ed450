#!/usr/bin/env bash
# Installs the Django peer's stack from Debian's packages: Django, Django REST
# framework and simplejwt (all pulled in by python3-djangorestframework-simplejwt),
# gunicorn and nginx; for run-tuned.sh also redis-server, django-redis,
# argon2-cffi and psycopg2. Debian's Python packages are visible to /usr/bin/python3
# only, which is why every script here names that interpreter.
set -euo pipefail

packages=(python3-djangorestframework-simplejwt gunicorn nginx
	redis-server python3-django-redis python3-argon2 python3-psycopg2)

if ((EUID != 0)); then
	sudo=(sudo)
else
	sudo=()
fi
export DEBIAN_FRONTEND=noninteractive

"${sudo[@]}" apt-get update -qq
for p in "${packages[@]}"; do
	# A name missing from the configured sources would make apt-get fail
	# with a long message; say which one in one line instead.
	if [[ $(apt-cache policy "$p") != *"Candidate: "[0-9]* ]]; then
		echo "install.sh: package $p is not available from this machine's apt sources" >&2
		exit 1
	fi
done
"${sudo[@]}" apt-get install -y -qq "${packages[@]}"
/usr/bin/python3 -c 'import django, rest_framework, rest_framework_simplejwt; print("install.sh: Django", django.get_version(), "ready")'

#!/usr/bin/env bash
# Creates the peer's SQLite database under PEER_DATA_DIR (default ./data) and
# the two users every test and bench expects: demo / demo-password-123 (id 1
# on a fresh database) and inactive-demo, an inactive account with the same
# password. Safe to run again: migrations and users are only added if missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3
export PEER_DATA_DIR="${PEER_DATA_DIR:-$here/data}"

if ! "$py" -c 'import django, rest_framework_simplejwt' 2>/dev/null; then
	echo "setup.sh: $py lacks Django or djangorestframework-simplejwt (run ./install.sh)" >&2
	exit 1
fi
mkdir -p "$PEER_DATA_DIR"
cd "$here"
"$py" manage.py migrate --noinput -v 0
"$py" manage.py shell -c '
from django.contrib.auth import get_user_model

User = get_user_model()
password = "demo-password-123"
for username, active in (("demo", True), ("inactive-demo", False)):
    user, created = User.objects.get_or_create(username=username, defaults={"is_active": active})
    if created or user.is_active != active or not user.check_password(password):
        user.set_password(password)
        user.is_active = active
        user.save()
'

"""Writes django-forms.json: form bodies and what Django 3.2's QueryDict
makes of them, for TestParseForm. Run with Debian's Django:
/usr/bin/python3 internal/python/testdata/django_forms.py > internal/python/testdata/django-forms.json
"""
import json
import sys

import django
from django.conf import settings

settings.configure(DEFAULT_CHARSET="utf-8")
django.setup()
from django.http import QueryDict  # noqa: E402

BODIES = [
    b"username=demo&password=demo-password-123",
    b"username=demo&password=demo-password-123%zz",
    b"a=%4&b=%&c=%%41&d=%e9&e=%C3%A9&f=%c3%a9",
    b"pass;word=x&password=y",
    b"username=nobody&username=demo",
    b"=v&k&&k2=&+=+&a+b=c+d",
    b"x=%E2%82&y=%E2%82A&z=%F0%9F%98&w=%ED%A0%80&v=%C0%80&u=%FF%FE",
    b"x=%F4%90%80%80&y=%E0%80%80&z=%F0%90%80",
    "name=d\u00e9mo&k=%C3%A9".encode("utf-8"),
    b"username=d\xe9mo&password=x%C3%A9",
    b"username=d\xe9mo&password=x%E9",
    b"k=a%20b%2Bc+d",
    b"",
]

cases = []
for body in BODIES:
    q = QueryDict(body)
    cases.append({"body": body.hex(), "form": [[k, v] for k, vs in q.lists() for v in vs]})
json.dump(cases, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")

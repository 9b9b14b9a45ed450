#!/usr/bin/python3
"""Writes the bytes DRF's JSONRenderer gives for a set of response bodies.

Usage: /usr/bin/python3 render_cases.py > ../../../server/testdata/drf-render.json

Each case is one string s (every ASCII character alone, HTML's <, > and &,
controls, U+2028/U+2029, non-ASCII and random mixes, seeded so the output is
stable) and the rendering of the body {"detail": s, "n": i, "ok": true,
"messages": [{"m": s}], "l": [s, ""]}, which has every shape a jwtlab
response uses. TestWriterMatchesDRF builds the same body in Go and compares
bytes. /usr/bin/python3: Debian's Django and DRF are installed for it.
"""
import json
import random
import sys
from collections import OrderedDict

import django
from django.conf import settings

settings.configure()
django.setup()

from rest_framework.renderers import JSONRenderer  # noqa: E402

strings = [chr(c) for c in range(0x80)]
strings += ["", "<script>&amp;</script>", "a\"b\\c/d", "\u2028\u2029", "\x7f\x80\x9f\xa0",
            "héllo ü 日本 😀", "\ufeff\ufffd", "\U0010ffff", "line\nbreak\ttab\r\b\f"]
pool = [chr(c) for c in range(0x30)] + list("<>&\"\\/") + [
    "\u2028", "\u2029", "é", "日", "😀", "\x85", "\u00a0", "\ufeff", "a", "Z"]
rnd = random.Random(14)
for _ in range(300):
    strings.append("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 12))))

renderer = JSONRenderer()
cases = []
for i, s in enumerate(strings):
    body = OrderedDict([("detail", s), ("n", i - 64), ("ok", True),
                        ("messages", [OrderedDict([("m", s)])]), ("l", [s, ""])])
    cases.append({"s": s, "n": i - 64, "rendered": renderer.render(body).decode("utf-8")})
json.dump(cases, sys.stdout, ensure_ascii=True, indent=0)
sys.stdout.write("\n")

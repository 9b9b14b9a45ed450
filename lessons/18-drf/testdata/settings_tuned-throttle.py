# Login throttles on the token views (peer/throttles.py): per client IP and
# per username, DRF's ScopedRateThrottle style, the rates of jwtlab prod
# (1/s per IP, 5/min per username).
#   redis  a shared cache (django-redis on run-tuned.sh's redis-server):
#          one limit for all workers;
#   locmem Django's per-process LocMemCache: each worker counts alone, so
#          N workers allow N times the rate;
#   off    no throttle (the bench's obtain scenario lifts it, as it lifts
#          jwtlab's: it measures hashing, not the limiter).
_THROTTLE = _env("PEER_THROTTLE", "redis")

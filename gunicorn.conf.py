"""gunicorn settings for `make serve`, each overridable from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: each request holds one for its few milliseconds of database and
# template work; two per core plus one keeps the cores busy while one waits.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Load the code once before forking (less memory; database connections are opened
# lazily, after the fork, so none is shared).
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle a worker now and then, so a slow leak never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
# Trust X-Forwarded-* only from the proxy in front (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

"""gunicorn's settings for Stemme (``gunicorn -c config/gunicorn.conf.py config.wsgi``).

Read by ``make serve`` (scripts/serve.sh) and the systemd unit deploy/systemd/stemme-web.service;
docs/deploy.md explains the choices. Every value can be changed through the environment:

- ``STEMME_BIND`` (``127.0.0.1:8000``): where gunicorn listens — loopback or a Unix socket
  (``unix:/run/stemme/web.sock``) behind the reverse proxy, never a public address.
- ``WEB_CONCURRENCY`` (2 × CPU cores + 1): worker processes. Each holds its own database
  connection, so workers × app servers must stay below PostgreSQL's ``max_connections`` (or
  PgBouncer's pool).
- ``STEMME_GUNICORN_TIMEOUT`` (60 s): a worker silent for longer is killed and restarted. The
  slowest requests are PDFs (letters, the right of access) and document uploads.
- ``STEMME_FORWARDED_ALLOW_IPS`` (``127.0.0.1,::1``): the proxies whose ``X-Forwarded-Proto``
  gunicorn believes. Django reads the same header (``SECURE_PROXY_SSL_HEADER``); the proxy must
  set it itself and drop any value the client sent.
"""

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("STEMME_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Synchronous workers: Stemme's requests are short database work; the proxy buffers slow clients.
worker_class = "sync"
timeout = int(os.environ.get("STEMME_GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): memory that
# a long-lived process slowly gathers is given back.
max_requests = int(os.environ.get("STEMME_GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# The application writes one JSON line per request itself (stemme.core.middleware.
# RequestLogMiddleware: request id, route, status, duration, pseudonymous user); gunicorn's
# access log would repeat it with the raw path, which carries case and child ids.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("STEMME_GUNICORN_LOG_LEVEL", "info")

# gunicorn's own lines (start, worker restarts, timeouts) in the application's format, so the
# log collector reads one JSON object per line from the whole process (STEMME_LOG_FORMAT).
if os.environ.get("STEMME_LOG_FORMAT", "json") == "json":
    _stderr = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            }
        },
        "handlers": {"console": _stderr, "error_console": _stderr},
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
                "qualname": "gunicorn.error",
            },
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }

forwarded_allow_ips = os.environ.get("STEMME_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Request limits: a long header or request line is refused before Django sees it. Uploads are
# limited by the proxy and Django (STEMME_DOCUMENT_MAX_BYTES), not here.
limit_request_line = 4094
limit_request_fields = 100

# The workers' heartbeat files on tmpfs where there is one (a disk-backed /tmp can stall them).
if Path("/dev/shm").is_dir():  # noqa: S108 - gunicorn's own heartbeat files, not data
    worker_tmp_dir = "/dev/shm"  # noqa: S108

proc_name = "stemme-web"

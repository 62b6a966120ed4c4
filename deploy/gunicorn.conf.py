"""gunicorn's settings for scripts/serve.sh (gunicorn -c deploy/gunicorn.conf.py).

Every value can be changed from the environment (deploy/improvement.env.example).
"""

import os


def _int(name, default):
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


# nginx (deploy/nginx/improvement.conf) proxies to this address on loopback.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, the usual 2 × cores + 1 (5 on a 2-core machine): pages wait on the
# database, and nginx buffers slow clients so a worker is never held by one.
workers = _int("GUNICORN_WORKERS", 2 * len(os.sched_getaffinity(0)) + 1)

# Long enough for the slowest page (a large import's preview, the change log's export),
# short enough that a stuck request is killed: committee PDFs are built by the
# background worker (manage.py db_worker), never inside a request.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# nginx keeps its own connections to clients; to us each request is short.
keepalive = 5

# A fresh worker now and then bounds slow memory growth; jitter avoids all at once.
max_requests = 1000
max_requests_jitter = 100

# X-Forwarded-Proto is believed only from these addresses (the local nginx).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to standard output (the journal under systemd). Django writes one line per
# request with its request id (improvement/lib/requestid.py), so gunicorn's own access
# log is off unless GUNICORN_ACCESS_LOG names a file ("-" for standard output).
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
)

# Workers' heartbeat files in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn's control socket (gunicornc) would live in the service user's home, which a
# system user does not have; nothing here uses it.
control_socket_disable = True
proc_name = "improvement"

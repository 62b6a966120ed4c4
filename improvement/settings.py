"""One strict settings module: everything that varies comes from the environment.

Local demo mode (IMPROVEMENT_DEMO=1) is the only place secrets have defaults;
anywhere else a missing SECRET_KEY or ALLOWED_HOSTS stops the process at start-up.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# openpyxl chooses its XML parser when first imported (nothing imports it before this
# module). With lxml installed (python-docx needs it) openpyxl would parse a workbook's
# parts other than sheets with lxml, which expands entities in attribute values (up to
# libxml2's cap) where defusedxml refuses any entity declaration; uploads are untrusted,
# and imports are no faster with lxml (bench/bench_plan_import.py). Forced, not a default.
os.environ["OPENPYXL_LXML"] = "False"

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}")
    return int(raw)


def env_list(name):
    """A comma-separated variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEMO = env_bool("IMPROVEMENT_DEMO")
DEBUG = env_bool("DJANGO_DEBUG", default=DEMO)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set IMPROVEMENT_DEMO=1 "
            "for a local demo installation."
        )
    SECRET_KEY = "local-demo-only-not-secret-" + "x" * 32

_hosts = os.environ.get("ALLOWED_HOSTS", "")
if _hosts:
    ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
elif DEMO:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
else:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set (comma-separated host names).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_filters",
    "django_htmx",
    "improvement.accounts",
    "improvement.plans",
    "improvement.scorecard",
    "improvement.reports",
    "improvement.governance",
    "improvement.planfiles",
    "improvement.rounds",
    "improvement.evidence",
    "improvement.finance",
    "improvement.findings",
    "improvement.dashboard",
    "improvement.api",
    # The demo data (the real plan in fixtures/) and its load_demo command.
    "improvement.demo",
]

MIDDLEWARE = [
    # First, so that every log line of a request, even a 500's, carries its id.
    "improvement.lib.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy with a nonce per response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out after SESSION_IDLE_SECONDS without activity or SESSION_ABSOLUTE_SECONDS.
    "improvement.lib.session_timeout.SessionTimeoutMiddleware",
    # Cache-Control: no-store on signed-in pages and downloads.
    "improvement.lib.nostore.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records request.user as the author of every history row written in a request.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "improvement.urls"
WSGI_APPLICATION = "improvement.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "improvement.accounts.context_processors.access",
                "improvement.governance.context_processors.proposals_queue",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (postgres://… or sqlite:////path) overrides it.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an officer's save is committing.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiled the change log's page count for 0.8 s on a million history
    # rows while the query itself runs in milliseconds (docs/history.md); these short
    # reads never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:index"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))

# --- Production stack: static files and TLS in front (deploy/, scripts/serve.sh) ---
# Outside demo mode static files carry a content hash in their name and are served by
# WhiteNoise, compressed, with a year's cache; scripts/serve.sh runs collectstatic. Demo
# mode (and so the tests) reads them straight from the source folders: no manifest needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEMO
        else "improvement.lib.staticfiles.HashedStaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a proxy that ends TLS (deploy/nginx). Production defaults are the strict ones,
# so `manage.py check --deploy --fail-level WARNING` passes; a demo serves plain http.
# https://host origins whose forms may post here (Django compares Origin/Referer).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Believe X-Forwarded-Proto only when a proxy we run sets it (and strips the client's).
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEMO)
# A load balancer probes the health check over plain http on the private side.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEMO else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEMO)
# "preload" in the header alone changes nothing until someone submits the domain.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEMO)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEMO)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# How many proxies in front append to X-Forwarded-For (1 for deploy/nginx): sign-in
# lockouts then count the visitor's address, not the proxy's. django-axes reads this
# setting only through django-ipware, which is not installed: our callable honours it.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "improvement.lib.client_ip.client_ip"

# Demo plan data and seed documents.
FIXTURES_DIR = BASE_DIR / "fixtures"

# Sign-in lockout (django-axes): five wrong passwords for one user name from one address
# lock that pair out for 15 minutes. The backend leaves authenticate() calls that carry
# no request (scripts, the test client) to the next backend.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "improvement.accounts.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# -- Uploads waiting for confirmation ---------------------------------------------------
# UPLOAD_DIR: this installation's private folder (made 0700, files 0600) where uploaded
# files wait between preview and confirm, one sub-folder per kind; swept daily by
# `manage.py sweep_uploads`. Every web server must share it when there are several.
# Default: var/uploads in the project folder (never a shared name in the temp folder).
UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(BASE_DIR / "var" / "uploads"))
# Scorecard imports: where an uploaded workbook waits (default: UPLOAD_DIR's sub-folder).
SCORECARD_UPLOAD_DIR = os.environ.get("SCORECARD_UPLOAD_DIR", "")
# New plans: where an uploaded plan file waits between its mapping, preview and confirm.
PLAN_UPLOAD_DIR = os.environ.get("PLAN_UPLOAD_DIR", "")
# Evidence of impact (improvement/evidence): files owners attach to actions, kept for good
# (never swept) and served only by the download view, which checks the reader may read
# the plan: the storage has no web address (evidence/storage.py). EVIDENCE_DIR: their
# private folder (default: evidence/ beside UPLOAD_DIR, so /var/lib/improvement/evidence
# with the example environment). Back it up with the database. A council may swap the
# "evidence" storage below for another backend.
EVIDENCE_DIR = os.environ.get("EVIDENCE_DIR") or str(Path(UPLOAD_DIR).parent / "evidence")
if not DEMO and not Path(EVIDENCE_DIR).is_absolute():
    raise ImproperlyConfigured(f"EVIDENCE_DIR must be an absolute path, got {EVIDENCE_DIR!r}")
if any(
    Path(EVIDENCE_DIR).resolve().is_relative_to(Path(public).resolve())
    for public in (STATIC_ROOT, *STATICFILES_DIRS)
):
    raise ImproperlyConfigured("EVIDENCE_DIR must not be inside the static files' folders.")
STORAGES["evidence"] = {
    "BACKEND": "improvement.evidence.storage.PrivateFileStorage",
    "OPTIONS": {"location": EVIDENCE_DIR},
}
# The largest evidence file accepted (deploy/nginx's client_max_body_size allows it).
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

# E-mail: the links people follow to set or reset their password.
# EMAIL_BACKEND        Django e-mail backend; default SMTP, or the console (messages are
#                      printed, not sent) in demo mode.
# EMAIL_HOST, EMAIL_PORT  the SMTP server (default localhost:25).
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD  its sign-in, if it asks for one.
# EMAIL_USE_TLS        1 to start TLS on the connection (port 587 usually).
# DEFAULT_FROM_EMAIL   the sender people see, e.g. "Improvement plan <plans@council.gov.uk>".
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEMO
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
_email_port = os.environ.get("EMAIL_PORT") or "25"
if not _email_port.isdigit():
    raise ImproperlyConfigured(f"EMAIL_PORT must be a port number, got {_email_port!r}")
EMAIL_PORT = int(_email_port)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "webmaster@localhost"
# SITE_URL             the address people open, for links in e-mails sent outside a web
#                      request (update-round reminders, `manage.py send_reminders`).
#                      Default: the first CSRF_TRUSTED_ORIGINS address, or the local
#                      demo's http://127.0.0.1:8000 in demo mode.
SITE_URL = (
    os.environ.get("SITE_URL")
    or next(iter(CSRF_TRUSTED_ORIGINS), "")
    or ("http://127.0.0.1:8000" if DEMO else "")
).rstrip("/")

# --- Shared cache and background PDFs ---
# One cache every gunicorn worker and the background worker share, with no extra server:
# Django's database cache (its table is made by `manage.py createcachetable`, which
# scripts/serve.sh runs). REDIS_URL (redis://host:6379/0) uses Redis instead. Built
# committee PDFs live here, keyed on the plan's own data (improvement/reports/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "improvement_cache",
            # Room for many packs: past this, a third of the entries are dropped at once.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
# Committee PDFs are built off the request by `manage.py db_worker` (django-tasks with
# its database backend: the queue is a table, so no extra server either).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Operations: logs, error pages, sessions, CSP ---
# ADMINS: who is e-mailed a 500's traceback, "Name <email>, Name2 <email2>" (default
# nobody); SERVER_EMAIL is the sender of those e-mails.
ADMINS = [
    (name, address)
    for name, address in getaddresses([os.environ.get("ADMINS", "")])
    if name or address
]
for _name, _address in ADMINS:
    if "@" not in _address:
        raise ImproperlyConfigured(f"ADMINS must read 'Name <email>, ...', got {_address!r}")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
# Everything to standard output (systemd's journal, docker logs), one line per record, each
# with its request's id; one "request" line per request (improvement/lib/requestid.py).
# LOG_LEVEL: INFO by default; DEBUG also shows the health checks.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "improvement.lib.requestid.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers replaced: its records reach stdout through the root.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.request": {"handlers": ["mail_admins"], "level": LOG_LEVEL, "propagate": True},
    },
}
# The 500 page (improvement.lib.errors.server_error, urls.handler500) and the CSRF one.
CSRF_FAILURE_VIEW = "improvement.lib.errors.csrf_failure"
# Signed out after this long without a request, and this long after signing in, whatever
# happens (improvement/lib/session_timeout.py). The cookie lasts no longer than the latter.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# Content-Security-Policy (django-csp): scripts from this site or inline with the
# response's nonce (base.html); styles only from this site's files, no style="" (a
# rating's colour is an SVG fill, includes/rating.html); no 'unsafe-inline' anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

"""One strict settings module: everything that varies comes from the environment.

Local demo mode (IMPROVEMENT_DEMO=1) is the only place secrets have defaults;
anywhere else a missing SECRET_KEY or ALLOWED_HOSTS stops the process at start-up.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    # The demo data (the real plan in fixtures/) and its load_demo command.
    "improvement.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEMO)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

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

# Scorecard imports: where an uploaded workbook waits between preview and confirm. Use a
# folder every web server shares when there is more than one (default: the temp folder).
SCORECARD_UPLOAD_DIR = os.environ.get("SCORECARD_UPLOAD_DIR", "")
# New plans: where an uploaded plan file waits between its mapping, preview and confirm.
PLAN_UPLOAD_DIR = os.environ.get("PLAN_UPLOAD_DIR", "")

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

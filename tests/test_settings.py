"""Settings fail loudly outside demo mode rather than run with a default secret."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse


def run_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in ("IMPROVEMENT_DEMO", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", "import improvement.settings"],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_a_secret_key_outside_demo_mode_start_up_fails():
    proc = run_settings({})
    assert proc.returncode != 0
    assert "SECRET_KEY is not set" in proc.stderr


def test_without_allowed_hosts_outside_demo_mode_start_up_fails():
    proc = run_settings({"SECRET_KEY": "s" * 50})
    assert proc.returncode != 0
    assert "ALLOWED_HOSTS is not set" in proc.stderr


def test_a_configured_production_environment_starts():
    proc = run_settings({"SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "tracker.example"})
    assert proc.returncode == 0, proc.stderr


def test_a_nonsense_boolean_is_refused():
    proc = run_settings({"IMPROVEMENT_DEMO": "perhaps"})
    assert "IMPROVEMENT_DEMO must be a boolean" in proc.stderr


def test_database_url_chooses_the_database():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import improvement.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "IMPROVEMENT_DEMO": "1", "DATABASE_URL": "postgres://u@127.0.0.1/x"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.strip() == "django.db.backends.postgresql"


# --- Behind TLS: production defaults are the strict ones, a demo stays on plain http ---

PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "tracker.example"}

# Django's SecurityMiddleware alone, on one request: no database, no templates.
THROUGH_SECURITY_MIDDLEWARE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "improvement.settings"
django.setup()
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
request = RequestFactory().get("{path}", HTTP_HOST="tracker.example", **{extra})
response = SecurityMiddleware(lambda r: HttpResponse("page"))(request)
print(response.status_code, response.get("Location"), response.get("Strict-Transport-Security"))
"""


# Not the production environment's: the demo switch and secret, and the variable
# pytest-playwright sets for its own event loop (Django's deploy check refuses it).
NOT_PRODUCTION = ("IMPROVEMENT_DEMO", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run_production(args, env=None):
    clean = {k: v for k, v in os.environ.items() if k not in NOT_PRODUCTION}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, **PRODUCTION, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks_with_no_warning():
    proc = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def through_security_middleware(path, headers="{}", env=None):
    """Status, Location and Strict-Transport-Security of one production request."""
    script = THROUGH_SECURITY_MIDDLEWARE.format(path=path, extra=headers)
    proc = run_production(["-c", script], env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.rstrip("\n").split(" ", 2)


FORWARDED_HTTPS = '{"HTTP_X_FORWARDED_PROTO": "https"}'


def test_a_production_site_sends_plain_http_to_https():
    assert through_security_middleware("/plans/") == [
        "301",
        "https://tracker.example/plans/",
        "None",
    ]


def test_behind_the_proxy_forwarded_https_is_served_with_hsts():
    answer = through_security_middleware(
        "/plans/", FORWARDED_HTTPS, env={"TRUST_X_FORWARDED_PROTO": "1"}
    )
    assert answer == ["200", "None", "max-age=31536000; includeSubDomains; preload"]


def test_a_forwarded_proto_header_is_not_believed_unless_told_to():
    answer = through_security_middleware("/plans/", FORWARDED_HTTPS)
    assert answer[:2] == ["301", "https://tracker.example/plans/"]


def test_a_load_balancer_may_ask_for_the_health_check_over_plain_http():
    assert through_security_middleware("/healthz") == ["200", "None", "None"]


@pytest.mark.django_db
def test_a_demo_site_does_not_redirect_to_https(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert not response.has_header("Strict-Transport-Security")


def variables_read_by_the_settings():
    source = (settings.BASE_DIR / "improvement" / "settings.py").read_text()
    return set(re.findall(r'(?:environ\.get\(|env_(?:bool|int|list)\(|env=)"([A-Z_]+)"', source))


def test_every_variable_the_settings_read_is_documented_and_in_the_example_file():
    readme = (settings.BASE_DIR / "README.md").read_text()
    section = readme[readme.index("## Running it for real") : readme.index("## Starting with")]
    table = "\n".join(line for line in section.splitlines() if line.startswith("| `"))
    example = (settings.BASE_DIR / "deploy" / "improvement.env.example").read_text()
    variables = variables_read_by_the_settings()
    assert {"SECRET_KEY", "TRUST_X_FORWARDED_PROTO", "DATABASE_URL"} <= variables
    assert sorted(v for v in variables if f"`{v}`" not in table) == []
    assert sorted(v for v in variables if not re.search(rf"^#?{v}=", example, re.M)) == []

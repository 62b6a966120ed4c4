"""A cache of exported PDFs keyed on the data they were built from.

Every change to a plan writes a history row (the project's rule), so the newest history
id and date of each tracked table the appendices read say whether anything changed.
The key joins those (one query), the export's parameters and a hash of the code and
templates that draw the PDF: an unchanged plan is served from the cache, and any write,
whatever date it is back-dated to, makes a new key. Writes to other plans also make a
new key (the tables are not split per plan): a harmless miss, never a stale PDF.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection

# Apps whose data the appendices print (governance feeds Appendix 3).
REPORT_APPS = ("plans", "scorecard", "governance")
KEY_PREFIX = "reports:pdf:v1:"
TIMEOUT = 7 * 24 * 3600

ROOT = Path(settings.BASE_DIR)
# What draws the PDFs: a change to any of these makes new keys.
CODE_FILES = [
    "improvement/reports/appendices.py",
    "improvement/reports/appendix1.py",
    "improvement/reports/appendix2.py",
    "improvement/reports/appendix3.py",
    "improvement/reports/appendix4.py",
    "improvement/reports/printed.py",
    "improvement/reports/pdf.py",
    "improvement/lib/prose.py",
    "improvement/plans/due.py",
    "improvement/plans/status.py",
    "improvement/plans/snapshot.py",
    "improvement/lib/asof.py",
    "improvement/governance/appendix3.py",
    "improvement/scorecard/tables.py",
    "improvement/scorecard/months.py",
    "improvement/scorecard/rag.py",
]
CODE_GLOBS = [
    "templates/reports/*.html",
    "templates/scorecard/*.html",
    "templates/includes/rating.html",
    "improvement/reports/static/reports/*",
]


def pdf_cache():
    """The Django cache the PDFs go in: settings.REPORTS_CACHE if set, else "default"."""
    return caches[getattr(settings, "REPORTS_CACHE", "default")]


def history_models():
    """The history tables of the apps the appendices read, in a stable order."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in REPORT_APPS:
            continue
        if model.__name__.startswith("Historical"):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.db_table)


def data_fingerprint():
    """The newest history id (and date, where the table has one) of every tracked
    table the appendices read. One query; each part is an index lookup."""
    columns = []
    for model in history_models():
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        columns.append(f"(SELECT MAX({pk}) FROM {table})")
        if any(f.name == "history_date" for f in model._meta.fields):
            date = connection.ops.quote_name("history_date")
            columns.append(f"(SELECT MAX({date}) FROM {table})")
    if not columns:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = cursor.fetchone()
    return [str(value) for value in row]


@lru_cache(maxsize=1)
def _weasyprint_version():
    from importlib.metadata import version

    return version("weasyprint")


def code_version():
    """A hash of the code, templates and styles that draw the PDFs. Read afresh on each
    export when DEBUG is on (an edited template never serves an old PDF), once per
    process otherwise (deployed files change only with a restart)."""
    return _code_version() if settings.DEBUG else _code_version_once()


@lru_cache(maxsize=1)
def _code_version_once():
    return _code_version()


def _code_version():
    digest = hashlib.sha256(_weasyprint_version().encode())
    paths = [ROOT / p for p in CODE_FILES]
    for pattern in CODE_GLOBS:
        paths.extend(sorted(ROOT.glob(pattern)))
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        try:
            digest.update(path.read_bytes())
        except FileNotFoundError:
            digest.update(b"-")
    return digest.hexdigest()


def cache_key(plan, key, options):
    parts = {
        "database": [connection.alias, str(connection.settings_dict.get("NAME"))],
        "plan": [plan.pk, plan.slug],
        "appendix": key,
        "options": options.as_query(),
        "data": data_fingerprint(),
        "code": code_version(),
    }
    raw = json.dumps(parts, sort_keys=True, default=str)
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()

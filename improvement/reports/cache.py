"""A cache of exported PDFs keyed on the data they were built from.

Every change to a plan writes a history row (the project's rule), so the newest history
id and date, and the number of history rows, of each tracked table the appendices read,
counted over this plan's rows only, say whether anything in this plan changed. The key
joins those (one query), the export's parameters and a hash of the code and templates
that draw the PDF: an unchanged plan is served from the cache, and any write to it,
whatever date it is back-dated to, makes a new key. A write to another plan leaves the
key alone. The cache is shared by every web and background worker (settings.CACHES).
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F

# Apps whose data the appendices print (governance feeds Appendix 3; evidence, the
# evidence titles Appendix 2 may list).
REPORT_APPS = ("plans", "scorecard", "governance", "evidence")
# The cover report the pack may start with prints its own text (reports), the finance
# table (finance) and the monitoring visit's findings (findings).
REPORT_APPS += ("reports", "finance", "findings")
KEY_PREFIX = "reports:pdf:v1:"
# A PDF built from a plan's older data is dropped when the same choices are built from
# newer data (export.keep); this only bounds how long one nobody asks for again is kept.
TIMEOUT = 90 * 24 * 3600

ROOT = Path(settings.BASE_DIR)
# What draws the PDFs: a change to any of these makes new keys.
CODE_FILES = [
    "improvement/reports/appendices.py",
    "improvement/reports/appendix1.py",
    "improvement/reports/appendix2.py",
    "improvement/plans/signoff.py",  # which ratings Appendices 1 and 2 mark pending
    "improvement/evidence/reading.py",
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
    "improvement/reports/cover.py",
    "improvement/finance/tables.py",
]
CODE_GLOBS = [
    "templates/reports/*.html",
    "templates/scorecard/*.html",
    "templates/includes/rating.html",
    "templates/finance/_table.html",
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


# How a history row reaches its plan, where the table has no plan column of its own.
# Rows of a related object deleted since are not reached through it, but the deletion
# wrote its own history row (counted through its parent). m2m rows follow the history
# row they were written with.
PLAN_PATHS = {
    "HistoricalPlan": "id",
    "HistoricalActionOwner": "action__plan_id",
    "HistoricalActionRow": "action__plan_id",
    "HistoricalEvidence": "action__plan_id",
    "HistoricalArea": "chapter__plan_id",
    "HistoricalImpactCommentary": "area__chapter__plan_id",
    "HistoricalIndicatorValue": "indicator__plan_id",
    "HistoricalSectionNarrative": "section__plan_id",
    "HistoricalOwnerRole_users": "history__plan_id",
    "HistoricalIndicator_areas": "history__plan_id",
    "HistoricalBudget": "line__plan_id",
    "HistoricalFinanceFigure": "line__plan_id",
    "HistoricalFinding": "inspection__plan_id",
    "HistoricalFinding_areas": "history__inspection__plan_id",
    "HistoricalFinding_actions": "history__inspection__plan_id",
}


def plan_path(model):
    """The lookup from a history row to its plan's id."""
    if model.__name__ in PLAN_PATHS:
        return PLAN_PATHS[model.__name__]
    if any(f.name == "plan" for f in model._meta.fields):
        return "plan_id"
    # A new tracked model must say how it reaches its plan, or its writes would be missed.
    raise ImproperlyConfigured(f"reports.cache.PLAN_PATHS has no path to a plan for {model}")


def data_fingerprint(plan):
    """For every tracked table the appendices read: the newest history id and date and
    the number of history rows of ``plan``. One query (each part reads the plan's rows
    through an index on their plan or parent)."""
    parts, params = [], []
    for n, model in enumerate(history_models()):
        fields = {"h": F(model._meta.pk.attname)}
        if any(f.name == "history_date" for f in model._meta.fields):
            fields["d"] = F("history_date")
        rows = model._base_manager.filter(**{plan_path(model): plan.pk}).order_by()
        sql, part_params = rows.values(**fields).query.sql_with_params()
        date = "MAX(t.d)" if "d" in fields else "NULL"
        parts.append(f"SELECT {n}, MAX(t.h), COUNT(*), {date} FROM ({sql}) t")
        params.extend(part_params)
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = sorted(cursor.fetchall())  # UNION ALL promises no order
    return [str(value) for row in rows for value in row[1:]]


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
        "data": data_fingerprint(plan),
        "code": code_version(),
    }
    raw = json.dumps(parts, sort_keys=True, default=str)
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()

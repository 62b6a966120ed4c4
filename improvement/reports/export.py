"""Export one appendix (or the whole pack) as PDF bytes, from the cache when the plan's
data has not changed. Called by the background worker's task (``builds.build_pdf``) and
by ``manage.py export_appendix``; the web views only read what the worker stored."""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection

from .appendices import APPENDICES, render_html
from .cache import TIMEOUT, cache_key, pdf_cache
from .forms import PackOptions
from .pdf import html_to_pdf

LATEST_PREFIX = "reports:latest:v1:"


@dataclass(frozen=True)
class Export:
    pdf: bytes
    filename: str
    from_cache: bool


def export_pdf(plan, key, options: PackOptions, *, use_cache=True, progress=None):
    """The PDF of appendix ``key`` ("1"…"4" or "pack") of ``plan`` with ``options``.
    ``progress(message)``, if given, hears what the render is doing."""
    appendix = APPENDICES[key]
    filename = appendix.filename(plan, options)
    store = pdf_cache() if use_cache else None
    # The key is taken before reading the data: a write during the render moves the
    # data on, so this key is never asked for again and cannot serve a stale PDF.
    ck = cache_key(plan, key, options) if store is not None else None
    if store is not None:
        cached = store.get(ck)
        if cached is not None:
            return Export(cached, filename, True)
    pdf = html_to_pdf(render_html(plan, key, options, progress), progress=progress)
    if store is not None:
        keep(store, plan, key, options, ck, pdf)
    return Export(pdf, filename, False)


def keep(store, plan, key, options, ck, pdf):
    """Store ``pdf`` under ``ck`` and drop the one built for the same choices from
    the plan's earlier data: a finished PDF is kept until the plan changes."""
    raw = json.dumps(
        [connection.alias, str(connection.settings_dict.get("NAME")), plan.pk, key,
         options.as_query()],
        sort_keys=True,
    )  # fmt: skip
    latest = LATEST_PREFIX + hashlib.sha256(raw.encode()).hexdigest()
    previous = store.get(latest)
    if previous and previous != ck:
        store.delete(previous)
    store.set(ck, pdf, TIMEOUT)
    store.set(latest, ck, TIMEOUT)

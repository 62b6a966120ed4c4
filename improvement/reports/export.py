"""Export one appendix (or the whole pack) as PDF bytes, from the cache when the data
has not changed. Called by the views and by ``manage.py export_appendix``."""

from dataclasses import dataclass

from .appendices import APPENDICES, render_html
from .cache import TIMEOUT, cache_key, pdf_cache
from .forms import PackOptions
from .pdf import html_to_pdf


@dataclass(frozen=True)
class Export:
    pdf: bytes
    filename: str
    from_cache: bool


def export_pdf(plan, key, options: PackOptions, *, use_cache=True):
    """The PDF of appendix ``key`` ("1"…"4" or "pack") of ``plan`` with ``options``."""
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
    pdf = html_to_pdf(render_html(plan, key, options))
    if store is not None:
        store.set(ck, pdf, TIMEOUT)
    return Export(pdf, filename, False)

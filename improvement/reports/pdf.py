"""HTML to tagged PDF/UA-1 with WeasyPrint, fetching nothing but the app's static files.

The appendices print user text (commentary, action wording, reasons). Templates escape
it, and as a second wall WeasyPrint is given a URL fetcher that serves only files that
Django's staticfiles finders locate on disk under STATIC_URL; every other address
(file://, http(s)://, data:, anything outside the static files) is refused and noted.
"""

import logging
import mimetypes
import os
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

# Relative addresses in the HTML ("/static/reports/pdf.css") resolve against this
# origin. ".invalid" can never resolve on any network (RFC 2606).
BASE_URL = "http://reports.invalid/"
PDF_VARIANT = "pdf/ua-1"
SERVED_TYPES = {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".woff", ".woff2", ".ttf"}

logger = logging.getLogger(__name__)


def _weasyprint():
    # Imported on first use: loading Pango costs time the web pages do not need.
    import weasyprint

    return weasyprint


class RefusedURL(ValueError):
    pass


def static_prefixes():
    """The address prefixes that mean "a static file of this app"."""
    static_url = settings.STATIC_URL
    prefixes = []
    if urlsplit(static_url).scheme:
        prefixes.append(static_url)
    else:
        prefixes.append(BASE_URL.rstrip("/") + "/" + static_url.lstrip("/"))
    return prefixes


def static_path(url):
    """The file on disk that a static address names, or None."""
    for prefix in static_prefixes():
        if url.startswith(prefix):
            relative = unquote(urlsplit(url[len(prefix) :]).path)
            normalised = posixpath.normpath(relative)
            if normalised.startswith(("..", "/")) or normalised in ("", "."):
                return None
            if posixpath.splitext(normalised)[1].lower() not in SERVED_TYPES:
                return None
            try:
                return finders.find(normalised) or collected_path(normalised)
            except SuspiciousFileOperation:
                return None
    return None


def collected_path(name):
    """Outside demo mode {% static %} names the hashed copy ("reports/pdf.1a2b3c4d5e6f.css")
    that only collectstatic's folder (STATIC_ROOT) holds; the finders know the source."""
    path = staticfiles_storage.path(name)
    return path if os.path.isfile(path) else None


def make_fetcher():
    """A WeasyPrint URL fetcher limited to static files; ``.served``/``.refused`` list
    what it was asked for."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcherResponse

    class StaticFilesOnlyFetcher(weasyprint.URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=())
            self.served = []
            self.refused = []

        def fetch(self, url, headers=None):
            path = static_path(url)
            if path is None:
                self.refused.append(url)
                logger.warning("PDF export refused to fetch %.200s", url)
                raise RefusedURL(f"Refused: {url[:200]}")
            self.served.append(url)
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as fh:
                body = fh.read()
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesOnlyFetcher()


def html_to_pdf(html, *, fetcher=None, progress=None):
    """Render final HTML to tagged PDF/UA-1 bytes. The title and language come from
    the HTML's <title> and <html lang>. ``progress(message)``, if given, hears of the
    two steps (the layout is the long one), for the background worker's status page."""
    weasyprint = _weasyprint()
    fetcher = fetcher if fetcher is not None else make_fetcher()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    # What HTML.write_pdf does, in its two steps, with the same options for both.
    options = {**weasyprint.DEFAULT_OPTIONS, "pdf_variant": PDF_VARIANT}
    if progress:
        progress("Laying out the pages…")
    rendered = document.render(**options)
    if progress:
        progress("Writing the PDF…")
    return rendered.write_pdf(**options)

"""Committee PDFs built off the request by the background worker (``manage.py db_worker``,
django-tasks with its database backend).

No web request waits for WeasyPrint: a view either serves a finished PDF from the shared
cache or calls ``request_build``, which queues ``build_pdf`` once for the plan's current
data and choices, and sends the reader to a status page. The task writes what it is
doing ("Appendix 2 of 4…") into the shared cache, where that page reads it. Everything
is keyed on ``cache.cache_key``, so a finished PDF serves every later request until the
plan itself changes.
"""

import logging
import re
from dataclasses import dataclass

from django_tasks import task

from .cache import KEY_PREFIX, TIMEOUT, cache_key, pdf_cache
from .export import export_pdf
from .forms import PackOptions

STATE_PREFIX = "reports:build:v1:"
# What each requested build is of (plan, appendix, choices): a status page or download
# that names a build by its token is served only for that plan and those choices.
OWNER_PREFIX = "reports:build-of:v1:"
TOKEN = re.compile(r"[0-9a-f]{64}")
# A build neither finished nor failed by then (its worker stopped) is queued again the
# next time someone asks; the task skips the render if another copy finished first.
STATE_TIMEOUT = 15 * 60
QUEUED = "Waiting for the background worker to start…"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Build:
    state: str  # "ready", "queued", "running" or "failed"
    message: str = ""
    task_id: str = ""
    key: str = ""  # the cache key it is for

    @property
    def ready(self):
        return self.state == "ready"

    @property
    def failed(self):
        return self.state == "failed"


def _state_key(ck):
    return STATE_PREFIX + ck.removeprefix(KEY_PREFIX)


def token_of(ck):
    """The part of a cache key a status page's address carries (``?build=``)."""
    return ck.removeprefix(KEY_PREFIX)


def _owner(plan, key, options):
    return [plan.pk, key, options.as_query()]


def requested(plan, key, options: PackOptions, token):
    """The build a reader asked for earlier (its ``token``), as (Build, pdf or None), or
    None when the token is not one of this plan's builds with these choices or is gone.

    A reader waits for the PDF of the data as it was when they asked: saves made since
    (each would key a new build) never send them to the back of the queue again."""
    if not token or not TOKEN.fullmatch(token):
        return None
    store = pdf_cache()
    if store.get(OWNER_PREFIX + token) != _owner(plan, key, options):
        return None
    ck = KEY_PREFIX + token
    pdf = store.get(ck)
    if pdf is not None:
        return Build("ready"), pdf
    state = store.get(_state_key(ck))
    return (Build(**state), None) if state is not None else None


def build_state(plan, key, options: PackOptions, *, enqueue=True, ck=None):
    """Where the PDF of ``key`` with ``options`` stands for the plan's current data
    (cache key ``ck`` if the caller has it); queues its build (once) when there is
    neither a PDF nor a build under way."""
    store = pdf_cache()
    ck = ck or cache_key(plan, key, options)
    if store.has_key(ck):
        return Build("ready", key=ck)
    state = store.get(_state_key(ck))
    if state is not None:
        return Build(**state, key=ck)
    queued = {"state": "queued", "message": QUEUED}
    if enqueue and store.add(_state_key(ck), queued, STATE_TIMEOUT):
        store.set(OWNER_PREFIX + token_of(ck), _owner(plan, key, options), TIMEOUT)
        # add() is atomic in every cache backend: of two requests at once, one queues.
        try:
            build_pdf.enqueue(plan.pk, key, options.as_query(), ck)
        except Exception:
            store.delete(_state_key(ck))
            raise
    return Build(**queued, key=ck)


def retry_build(plan, key, options: PackOptions):
    """Forget a failed build of the plan's current data and queue it again."""
    store = pdf_cache()
    ck = cache_key(plan, key, options)
    state = store.get(_state_key(ck))
    if state is not None and state.get("state") == "failed":
        store.delete(_state_key(ck))
    return build_state(plan, key, options)


class Progress:
    """Writes the task's state under every key someone may be watching: the one the
    request queued it for, and the plan's current one if it has changed since."""

    def __init__(self, keys, task_id):
        self.keys = set(keys)
        self.task_id = task_id

    def _write(self, state, message, timeout=STATE_TIMEOUT):
        record = {"state": state, "message": message, "task_id": self.task_id}
        pdf_cache().set_many({_state_key(k): record for k in self.keys}, timeout)

    def __call__(self, message):
        self._write("running", message)

    def failed(self):
        self._write("failed", "The PDF could not be made. The error has been logged.")

    def finished(self):
        # The PDF itself now says "ready"; a lingering state would only go stale.
        pdf_cache().delete_many([_state_key(k) for k in self.keys])


@task(takes_context=True)
def build_pdf(context, plan_id, key, query, requested_key):
    """Build appendix ``key`` (or the pack) of plan ``plan_id`` with the options in
    ``query`` into the shared cache. ``requested_key`` is the cache key the request saw."""
    from improvement.plans.models import Plan

    options = PackOptions.from_query(query)
    plan = Plan.objects.get(pk=plan_id)
    current = cache_key(plan, key, options)
    progress = Progress({requested_key, current}, str(context.task_result.id))
    try:
        progress("Starting…")
        export = export_pdf(plan, key, options, progress=progress)
    except Exception:
        logger.exception("Building %s of plan %s (%s) failed", key, plan.slug, query)
        progress.failed()
        raise
    if requested_key != current:
        # Saved since it was asked for: the reader gets this build (the plan as it stood
        # when the build began) rather than waiting for one after every later save.
        pdf_cache().set(requested_key, export.pdf, TIMEOUT)
    progress.finished()

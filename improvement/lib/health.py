"""``/healthz`` for a load balancer: 200 "ok" when the default database answers a
``SELECT 1``, 503 when it does not. No sign-in, no session, no template, and logged only
at DEBUG (improvement.lib.requestid.QUIET_PATHS) because it is polled every few seconds.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # A warning each time: a failing database is worth seeing in the log.
        log.warning("Health check failed: the database did not answer (%s)", error)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")

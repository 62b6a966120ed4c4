"""The read-only API for BI tools (django-ninja), mounted at /api/v1/.

Every call carries ``Authorization: Bearer <token>`` (a person's token, ``tokens``); a
session cookie is not accepted, so no call can be made on a signed-in person's behalf by
another site and there is no CSRF question. A token reads what its person may read on
the pages: the plans they have a role in, through ``access`` (no role, or no such plan:
404 alike; a role without the need, such as an officer asking for the change log's CSV,
which the page's export refuses them too: 403). Only GET is routed; anything else is
405. Each list is paginated (``page``, ``page_size`` up to 500) as JSON, and whole as
CSV at the same address ending ``.csv``.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from pydantic import Field as PydanticField

from improvement.accounts.access import ADMIN, check, role_in, visible_plans
from improvement.accounts.models import Membership
from improvement.governance import changes as change_log
from improvement.governance import records
from improvement.governance.records import Field
from improvement.lib.dates import DayError, parse_day
from improvement.plans.models import Plan

from . import changelog, data, tokens
from .csvout import csv_response
from .schemas import (
    ActionOut,
    ChangeLine,
    ChangeOut,
    FinanceLineOut,
    PlanAtDay,
    PlanOut,
    Problem,
    RatingCount,
    RoundOut,
    ScorecardValueOut,
)

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
# The id of no row: an unknown action or person matches nothing (0 would read as "any").
NOBODY = -1
CSV_DOC = {
    "responses": {200: {"description": "CSV with a header row", "content": {"text/csv": {}}}}
}


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is not None:
            # So the request's log line names who called (lib/requestid.py); access is
            # still decided from the token's person (``_user``), never a session.
            request.user = found.user
        return found


api = NinjaAPI(
    title="Improvement plan tracker: data for BI tools",
    version="1",
    description=(
        "Read-only. Send `Authorization: Bearer <token>`; a person makes their tokens "
        "on their API tokens page. Lists are paginated (`page`, `page_size` ≤ 500); the "
        "same address ending `.csv` returns the whole list as CSV."
    ),
    auth=TokenAuth(),
    urls_namespace="api:v1",  # included under the app's "api" namespace
    # The interactive docs load scripts the site's Content-Security-Policy refuses;
    # the description is served as JSON, and docs/api.md explains it.
    docs_url=None,
    openapi_url="/openapi.json",
)


@api.exception_handler(PermissionDenied)
def refused(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


Paged = paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)


def _user(request):
    return request.auth.user


def _plan(request, slug, need="read"):
    """The plan named in the address, if the token's person may ``need`` it; a missing
    plan and one they have no role in are the same 404 (``access.check``)."""
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        raise Http404("No such plan.")
    check(role_in(_user(request), plan), need)
    return plan


def _day(as_at):
    """The product's one rule for "as at" (``lib.dates.parse_day``): not in the future."""
    try:
        return parse_day(as_at, label="as_at")
    except DayError as error:
        raise HttpError(422, str(error)) from None


def _filename(plan, what, day=None):
    return f"{plan.slug}-{what}" + (f"-as-at-{day.isoformat()}" if day else "") + ".csv"


AsAt = Query(
    None, description="YYYY-MM-DD: the plan as it stood at the end of that day (default today)"
)


# -- plans ---------------------------------------------------------------------------------
def _plans(request):
    """The token's person's plans with their role in each. One query."""
    user = _user(request)
    role = Membership.objects.filter(user=user, plan=OuterRef("pk")).values("role")[:1]
    plans = visible_plans(user).annotate(role=Subquery(role)).order_by("name", "pk")
    return [
        {
            "slug": p.slug,
            "name": p.name,
            "organisation": p.organisation,
            "status": p.status,
            "role": ADMIN if user.is_superuser else p.role,
        }
        for p in plans
    ]


@api.get("/plans", response={200: list[PlanOut], **ERRORS}, url_name="plans")
@Paged
def plans(request):
    """The plans the token's person has a role in (every plan for an admin)."""
    return _plans(request)


@api.get("/plans.csv", response=ERRORS, url_name="plans_csv", openapi_extra=CSV_DOC)
def plans_csv(request):
    return csv_response(PlanOut, _plans(request), "plans.csv")


@api.get("/plans/{slug}", response={200: PlanAtDay, **ERRORS}, url_name="plan")
def plan(request, slug: str, as_at: dt.date | None = AsAt):
    """The plan at a day: actions per rating and the committee's percentage complete,
    as ``manage.py plan_status`` prints them."""
    day = _day(as_at)
    return data.plan_at(_plan(request, slug, "history" if day else "read"), day)


@api.get("/plans/{slug}/ratings", response={200: list[RatingCount], **ERRORS}, url_name="ratings")
@Paged
def ratings(request, slug: str, as_at: dt.date | None = AsAt):
    """Actions per rating at a day, in the scale's order."""
    day = _day(as_at)
    return data.plan_at(_plan(request, slug, "history" if day else "read"), day)["by_rating"]


@api.get(
    "/plans/{slug}/ratings.csv", response=ERRORS, url_name="ratings_csv", openapi_extra=CSV_DOC
)
def ratings_csv(request, slug: str, as_at: dt.date | None = AsAt):
    day = _day(as_at)
    plan = _plan(request, slug, "history" if day else "read")
    return csv_response(
        RatingCount, data.plan_at(plan, day)["by_rating"], _filename(plan, "ratings", day)
    )


# -- actions -------------------------------------------------------------------------------
@api.get("/plans/{slug}/actions", response={200: list[ActionOut], **ERRORS}, url_name="actions")
@Paged
def actions(request, slug: str, as_at: dt.date | None = AsAt):
    """Every action as it stood at a day, in the plan's order."""
    day = _day(as_at)
    return data.actions_at(_plan(request, slug, "history" if day else "read"), day)


@api.get(
    "/plans/{slug}/actions.csv", response=ERRORS, url_name="actions_csv", openapi_extra=CSV_DOC
)
def actions_csv(request, slug: str, as_at: dt.date | None = AsAt):
    day = _day(as_at)
    plan = _plan(request, slug, "history" if day else "read")
    return csv_response(ActionOut, data.actions_at(plan, day), _filename(plan, "actions", day))


# -- changes -------------------------------------------------------------------------------
class ChangeFilters(Schema):
    """The change log's filters, as query parameters of both its JSON and CSV."""

    since: dt.date | None = PydanticField(
        None, description="YYYY-MM-DD: changes made on or after that day"
    )
    until: dt.date | None = PydanticField(
        None, description="YYYY-MM-DD: changes made on or before that day"
    )
    action: str | None = PydanticField(
        None, description='An action\'s ref ("SL1"): its changes, rows and owners'
    )
    field: Field | None = PydanticField(
        None, description="What changed, as the change log page's filter"
    )
    person: str | None = PydanticField(None, description="The username of who made the change")


def _changes(request, slug, need, filters):
    plan = _plan(request, slug, need)
    since, until = filters.since, filters.until
    if since and until and until < since:
        raise HttpError(422, "until must be the same as or after since")
    lookups = records.Lookups(plan)
    action_id = None
    if filters.action:
        found = [pk for pk, a in lookups.actions.items() if a["ref"] == filters.action]
        action_id = found[0] if found else NOBODY
    user_id = None
    if filters.person:
        user = get_user_model().objects.filter(username=filters.person).only("pk").first()
        user_id = user.pk if user else NOBODY
    criteria = changelog.criteria(since=since, until=until, user_id=user_id, field=filters.field)
    return plan, lookups, change_log.entries(lookups, action_id=action_id, **criteria)


@api.get("/plans/{slug}/changes", response={200: list[ChangeOut], **ERRORS}, url_name="changes")
@Paged
def changes(request, slug: str, filters: Query[ChangeFilters]):
    """The plan's change log, newest first: each change with who, when, why and every
    field's before and after, filtered as the change log page filters."""
    _, lookups, found = _changes(request, slug, "history", filters)
    return changelog.Paged(found, lookups)


@api.get(
    "/plans/{slug}/changes.csv", response=ERRORS, url_name="changes_csv", openapi_extra=CSV_DOC
)
def changes_csv(request, slug: str, filters: Query[ChangeFilters]):
    """One line per changed field, as the change log's Excel export (needs the same
    role as that export)."""
    plan, lookups, found = _changes(request, slug, "export", filters)
    return csv_response(ChangeLine, changelog.lines(lookups, found), _filename(plan, "changes"))


# -- rounds, scorecard, finance --------------------------------------------------------------
@api.get("/plans/{slug}/rounds", response={200: list[RoundOut], **ERRORS}, url_name="rounds")
@Paged
def rounds(request, slug: str):
    """The plan's update rounds, newest first, with how many actions are in each state."""
    return data.rounds(_plan(request, slug))


@api.get("/plans/{slug}/rounds.csv", response=ERRORS, url_name="rounds_csv", openapi_extra=CSV_DOC)
def rounds_csv(request, slug: str):
    plan = _plan(request, slug)
    return csv_response(RoundOut, data.rounds(plan), _filename(plan, "rounds"))


MonthFrom = Query(None, description="YYYY-MM-DD: from this day's month")
MonthTo = Query(None, description="YYYY-MM-DD: up to this day")


@api.get(
    "/plans/{slug}/scorecard",
    response={200: list[ScorecardValueOut], **ERRORS},
    url_name="scorecard",
)
@Paged
def scorecard(
    request, slug: str, month_from: dt.date | None = MonthFrom, month_to: dt.date | None = MonthTo
):
    """The vital signs: each indicator's stored figure per month, with its target and
    RAG by the scorecard's rule."""
    plan = _plan(request, slug)
    return data.Mapped(data.scorecard_values(plan, month_from, month_to), data.scorecard_row)


@api.get(
    "/plans/{slug}/scorecard.csv", response=ERRORS, url_name="scorecard_csv", openapi_extra=CSV_DOC
)
def scorecard_csv(
    request, slug: str, month_from: dt.date | None = MonthFrom, month_to: dt.date | None = MonthTo
):
    plan = _plan(request, slug)
    values = data.scorecard_values(plan, month_from, month_to)
    rows = (data.scorecard_row(v) for v in values.iterator(chunk_size=500))
    return csv_response(ScorecardValueOut, rows, _filename(plan, "scorecard"))


Point = Query(None, description='A reporting point\'s key ("2025-26-FR3"); default the latest')


def _finance(request, slug, point):
    plan = _plan(request, slug)
    lines = data.finance_lines(plan, point)
    if lines is None:
        raise HttpError(422, f"The plan has no reporting point {point}")
    return plan, lines


@api.get(
    "/plans/{slug}/finance", response={200: list[FinanceLineOut], **ERRORS}, url_name="finance"
)
@Paged
def finance(request, slug: str, point: str | None = Point):
    """The finance table's lines at a reporting point: budget, actual to date, forecast
    and variance, in pence."""
    return _finance(request, slug, point)[1]


@api.get(
    "/plans/{slug}/finance.csv", response=ERRORS, url_name="finance_csv", openapi_extra=CSV_DOC
)
def finance_csv(request, slug: str, point: str | None = Point):
    plan, lines = _finance(request, slug, point)
    return csv_response(FinanceLineOut, lines, _filename(plan, "finance"))

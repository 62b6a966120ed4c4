"""Appendix 3 as the committee reads it (checked on the HTML the PDF is drawn from): each
change agreed through governance names its meeting, and each change made directly says
plainly that it was not agreed, who made it and when. Expected words are the seed's
(003, Appendix 3, lines 3665–3695) or the tests' own."""

import datetime as dt

from django.urls import reverse

from improvement.lib.dates import long_date, today
from improvement.lib.history import save_tracked
from improvement.plans.models import Action, RatingLevel
from tests.plans.support import without_agreement
from tests.reports.conftest import MAY, NOV
from tests.reports.htmltext import rendered, table_rows, text

TIMESCALES = ["Ref", "Action", "Original timescale", "Revised timescale", "Reason"]
# The delayed and revised-wording tables share this header: rows are told apart by ref.
DELAYED = ["Ref", "Action", "Original timescale", "Reason"]
UNDER_REVIEW = ["Ref", "Action", "Reason"]
AGREED = "Agreed: Partnership Oversight Group, 12 November 2025."


def rows(document, headings):
    return {row["Ref"]: row for row in table_rows(document, headings)}


def this_period(plan):
    return rendered(plan, "3", today(), since=today() - dt.timedelta(days=1))


def edit(client, action, **typed):
    """The officer's update form, posted as a browser would (tests/plans/support.py)."""
    from tests.plans.support import form_data

    url = reverse("plans:action_edit", args=[action.plan.slug, action.ref])
    response = client.post(url, form_data(action, **typed))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_every_change_of_the_seeds_appendix_3_names_the_meeting_that_agreed_it(appendix):
    document = appendix("3", NOV, since=MAY)
    printed = {
        **rows(document, TIMESCALES),
        **rows(document, DELAYED),
        **rows(document, UNDER_REVIEW),
    }
    for ref in ("P7", "P10", "W12", "SL17", "SM4", "SL8", "SL18", "P5", "P12", "S5"):
        assert AGREED in printed[ref]["Reason"], ref
        assert "Not agreed" not in printed[ref]["Reason"], ref


def test_the_demo_appendix_prints_the_seeds_changes_and_nothing_unagreed(appendix):
    document = appendix("3", NOV, since=MAY)
    timescales = rows(document, TIMESCALES)
    # The seed's revised timescales (003, Appendix 3): P7, P10 and W12, nothing else.
    assert list(timescales) == ["P7", "P10", "W12"]
    p10 = timescales["P10"]
    assert (p10["Original timescale"], p10["Revised timescale"]) == ("October 2025", "March 2026")
    assert "Not agreed" not in text(document)


def test_moving_a_due_date_on_the_update_form_is_a_revised_timescale_not_agreed(
    client, plan, owner, manager
):
    w6 = Action.objects.get(plan=plan, ref="W6")
    without_agreement(plan, manager)  # the demo proposes officers' due dates to a meeting
    client.force_login(owner)
    edit(client, w6, due_day="31", due_month="3", due_year="2026", reason="New campaign dates.")
    row = rows(this_period(plan), TIMESCALES)["W6"]
    assert row["Original timescale"] == "November 2025"  # fixtures/plan_2025-11-12.json
    assert row["Revised timescale"] == "March 2026"
    assert row["Reason"] == (
        "New campaign dates. Not agreed through governance: changed directly by Olivia "
        f"Officer on {long_date(today())}."
    )


def test_an_officers_own_delay_prints_the_timescale_it_had_and_says_it_was_not_agreed(
    client, plan, owner, manager
):
    sl14 = Action.objects.get(plan=plan, ref="SL14")
    delayed = RatingLevel.objects.get(plan=plan, name="Delayed")
    without_agreement(plan, manager)  # the demo proposes officers' due dates to a meeting
    client.force_login(owner)
    edit(
        client,
        sl14,
        rating=delayed.pk,
        rating_reason="The trainer left.",
        due_day="30",
        due_month="6",
        due_year="2026",
        reason="The trainer left; new dates with HR.",
    )
    document = this_period(plan)
    row = rows(document, DELAYED)["SL14"]
    assert row["Original timescale"] == "February 2025"  # fixtures/plan_2025-11-12.json
    assert row["Reason"] == (
        "The trainer left; new dates with HR. Not agreed through governance: changed "
        f"directly by Olivia Officer on {long_date(today())}."
    )
    moved = rows(document, TIMESCALES)["SL14"]
    assert (moved["Original timescale"], moved["Revised timescale"]) == (
        "February 2025",
        "June 2026",
    )


def test_renaming_the_delayed_level_still_lists_sl17_as_delayed(plan, admin_user):
    level = RatingLevel.objects.get(plan=plan, name="Delayed")
    level.name = level.short_name = "Running late"
    save_tracked(level, user=admin_user, reason="Test: the scale's words change")
    document = rendered(plan, "3", NOV, since=MAY)
    assert "The following action is delayed:" in text(document)
    sl17 = rows(document, DELAYED)["SL17"]
    assert sl17["Original timescale"] == "November 2025"  # seeds/003, Appendix 3
    assert sl17["Reason"].startswith("The audit forms are currently being built")

"""With the pack's "evidence titles" option, Appendix 2 lists each action's evidence of
impact (title and date) under the action, as it stood at the ratings date; in one more
query whatever the plan's size or the amount of evidence."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.evidence.models import Evidence
from improvement.lib.dates import end_of_day
from improvement.lib.history import save_tracked
from improvement.plans.models import Action
from improvement.plans.snapshot import PlanSnapshot
from improvement.reports.appendices import build_context, render_html
from improvement.reports.forms import PackOptions

NOV = dt.date(2025, 11, 12)


def evidence(plan, ref, user, title, day, *, added, removed=None):
    item = Evidence(
        action=Action.objects.get(plan=plan, ref=ref),
        title=title,
        date=day,
        kind="link",
        url="https://www.example.gov.uk/report",
        added_by=user,
        added_at=end_of_day(added),
    )
    save_tracked(item, user=user, reason="Test: evidence.", when=item.added_at)
    if removed:
        item.removed_at, item.removed_by, item.removal_reason = end_of_day(removed), user, "Gone."
        save_tracked(item, user=user, reason="Gone.", when=item.removed_at)
    return item


def action_rows(html, label):
    """The table rows from action ``label``'s first row up to the next action's."""
    start = html.index(f">{label}</td>")
    return html[start : html.index("<tr><td rowspan=", start)]


def test_the_option_lists_titles_and_dates_under_each_action(plan, manager):
    evidence(
        plan,
        "SL14",
        manager,
        "Audit of supervision",
        dt.date(2025, 10, 31),
        added=dt.date(2025, 11, 1),
    )
    evidence(
        plan,
        "SL14",
        manager,
        "Practice week report",
        dt.date(2025, 9, 5),
        added=dt.date(2025, 9, 8),
    )
    evidence(
        plan,
        "SL14",
        manager,
        "Added after the date",
        dt.date(2025, 11, 20),
        added=dt.date(2025, 11, 20),
    )
    evidence(
        plan,
        "SL14",
        manager,
        "Removed before the date",
        dt.date(2025, 10, 1),
        added=dt.date(2025, 10, 1),
        removed=dt.date(2025, 10, 2),
    )
    html = render_html(plan, "2", PackOptions(as_at=NOV, evidence_titles=True))
    rows = action_rows(html, "SL14")
    assert "Evidence of impact:" in rows
    assert (
        "<li>Practice week report (5 September 2025, link)</li><li>Audit of supervision (31 October 2025, link)</li>"
        in rows
    )
    assert "Added after the date" not in html
    assert "Removed before the date" not in html
    # The ref's cell spans the action's row and the evidence row beneath it.
    assert '<td rowspan="2">SL14</td>' in html
    assert html.count("Evidence of impact:") == 1  # only SL14 has any


def test_without_the_option_no_evidence_is_printed(plan, manager):
    evidence(
        plan,
        "SL14",
        manager,
        "Audit of supervision",
        dt.date(2025, 10, 31),
        added=dt.date(2025, 11, 1),
    )
    html = render_html(plan, "2", PackOptions(as_at=NOV))
    assert "Audit of supervision" not in html
    assert "Evidence of impact:" not in html
    assert '<td rowspan="1">SL14</td>' in html


def count_queries(plan, evidence_titles):
    snapshot = PlanSnapshot(plan, NOV)
    build_context(plan, "2", PackOptions(as_at=NOV), snapshot)  # the snapshot's own reads
    with CaptureQueriesContext(connection) as captured:
        build_context(plan, "2", PackOptions(as_at=NOV, evidence_titles=evidence_titles), snapshot)
    return len(captured)


def test_the_titles_cost_one_query_however_much_evidence_there_is(plan, manager):
    without = count_queries(plan, False)
    evidence(
        plan,
        "SL14",
        manager,
        "Audit of supervision",
        dt.date(2025, 10, 31),
        added=dt.date(2025, 11, 1),
    )
    one = count_queries(plan, True)
    for action in Action.objects.filter(plan=plan)[:40]:
        for n in range(3):
            evidence(
                plan,
                action.ref,
                manager,
                f"Report {n}",
                dt.date(2025, 10, 1),
                added=dt.date(2025, 10, 1),
            )
    many = count_queries(plan, True)
    assert (one, many) == (without + 1, without + 1)


def test_new_evidence_makes_a_new_pdf_cache_key(plan, manager):
    from improvement.reports.cache import data_fingerprint

    before = data_fingerprint(plan)
    evidence(
        plan,
        "SL14",
        manager,
        "Audit of supervision",
        dt.date(2025, 10, 31),
        added=dt.date(2025, 11, 1),
    )
    assert data_fingerprint(plan) != before

"""The action page lists the action's evidence of impact (title, date, kind, who added
it; files download, links open); the area page counts it per action. Each in one query
whatever the amount of evidence, and a past day shows the evidence there was then."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.evidence.models import Evidence
from improvement.lib.dates import end_of_day
from improvement.lib.history import save_tracked
from improvement.plans.models import Action

from .conftest import DAY


def queries(client, url):
    """How many queries the page made (its total is pinned in
    tests/plans/test_page_query_counts.py; here, that evidence does not change it)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def link(action, user, title, *, added=None, day=DAY):
    item = Evidence(
        action=action,
        title=title,
        date=day,
        kind="link",
        url="https://www.example.gov.uk/report",
        added_by=user,
    )
    if added:
        item.added_at = added
    return save_tracked(item, user=user, reason="Test: evidence.", when=added)


def evidence_section(body, marker='id="evidence"'):
    return body[body.index(marker) :].split("</section>")[0]


def test_the_action_page_lists_each_item_with_who_added_it(client, add_file, action, manager):
    item = add_file("Supervision audit.pdf", title="Audit of supervision")
    link(action, manager, "Practice week report", day=dt.date(2025, 10, 20))
    client.force_login(manager)
    section = evidence_section(
        client.get(reverse("plans:action", args=[action.plan.slug, "SL14"])).content.decode()
    )
    download = reverse("evidence:download", args=[action.plan.slug, "SL14", item.pk])
    assert f'href="{download}"' in section
    assert "Audit of supervision" in section and "3 November 2025" in section and "PDF" in section
    assert "Practice week report" in section and "20 October 2025" in section and "Link" in section
    full_name = item.added_by.get_full_name() or item.added_by.username
    assert full_name in section
    # Newest evidence first.
    assert section.index("Audit of supervision") < section.index("Practice week report")
    # A manager may remove anyone's evidence.
    assert section.count(">Remove<span") == 2


def test_the_action_page_reads_its_evidence_in_one_query_however_much_there_is(
    client, action, manager, django_assert_num_queries
):
    url = reverse("plans:action", args=[action.plan.slug, "SL14"])
    client.force_login(manager)
    link(action, manager, "First report")
    count = queries(client, url)
    for n in range(10):
        link(action, manager, f"Report {n}")
    with django_assert_num_queries(count):
        body = client.get(url).content.decode()
    assert evidence_section(body).count('<tr class="govuk-table__row">') == 12  # head + 11


def test_a_past_day_shows_the_evidence_there_was_then(client, action, manager):
    link(action, manager, "Added in October", added=end_of_day(dt.date(2025, 10, 1)))
    link(action, manager, "Added in November", added=end_of_day(dt.date(2025, 11, 20)))
    client.force_login(manager)
    url = reverse("plans:action", args=[action.plan.slug, "SL14"])
    section = evidence_section(client.get(url, {"as_at": "2025-11-12"}).content.decode())
    assert "Added in October" in section
    assert "Added in November" not in section
    assert "Remove" not in section and "Add evidence" not in section


def test_the_area_page_counts_evidence_per_action(client, add_file, action, manager):
    add_file()
    link(action, manager, "Practice week report")
    other = Action.objects.get(plan=action.plan, ref="CLB4")  # in area 1-2
    assert other.area_id != action.area_id and other.area.parent_id != action.area_id
    link(other, manager, "Another area's action")
    client.force_login(manager)
    body = client.get(
        reverse("plans:area", args=[action.plan.slug, action.area.key])
    ).content.decode()
    section = evidence_section(body, 'id="area-evidence-heading"')
    assert "2 items of evidence for 1 of this area's actions" in section
    row = section[section.index(">SL14<") :].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:3]] == ["1", "1", "2"]


def test_the_area_page_says_when_there_is_none(client, action, manager):
    client.force_login(manager)
    body = client.get(
        reverse("plans:area", args=[action.plan.slug, action.area.key])
    ).content.decode()
    assert "No evidence of impact has been added to this area's actions." in body


def test_the_area_page_counts_in_one_query_however_much_evidence_there_is(
    client, action, manager, django_assert_num_queries
):
    url = reverse("plans:area", args=[action.plan.slug, "1-2"])  # CLB4's area
    area_actions = Action.objects.filter(plan=action.plan, area__parent__key="1-2")  # sub-areas
    client.force_login(manager)
    count = queries(client, url)
    for other in area_actions[:5]:
        for n in range(3):
            link(other, manager, f"Report {n}")
    with django_assert_num_queries(count):
        body = client.get(url).content.decode()
    assert "15 items of evidence for 5 of this area's actions" in body

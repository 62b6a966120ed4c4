"""A plan manager adds and changes inspections and findings and links findings to areas
and actions: each change one history row with who and why; errors beside the field."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement.findings.models import Finding, Inspection


@pytest.fixture
def visit(plan):
    return Inspection.objects.get(plan=plan, kind=Inspection.Kind.MONITORING_VISIT)


@pytest.fixture
def hobbies(visit):
    """004 lines 153–156: not linked to the plan in the demo."""
    return visit.findings.get(text__startswith="Cared-for children have")


def edit_url(plan, finding):
    return reverse("findings:finding_edit", args=[plan.slug, finding.inspection_id, finding.pk])


def posted(finding, **changes):
    data = {
        "order": finding.order,
        "kind": finding.kind,
        "heading": finding.heading,
        "text": finding.text,
        "action_refs": "",
        "reason": "",
    }
    data.update(changes)
    return data


def test_a_manager_links_a_finding_to_an_area_and_actions(client, plan, manager, hobbies):
    client.force_login(manager)
    area = plan.chapters.get(number=2).areas.get(title="Health of Cared for Children")
    before = hobbies.history.count()
    response = client.post(
        edit_url(plan, hobbies),
        posted(hobbies, areas=[area.pk], action_refs="h7, W11", reason="Board asked for it."),
    )
    assert response.status_code == 302
    assert [a.title for a in hobbies.areas.all()] == ["Health of Cared for Children"]
    assert sorted(hobbies.actions.values_list("ref", flat=True)) == ["H7", "W11"]
    assert hobbies.history.count() == before + 1  # one row for the change, links and all
    record = hobbies.history.latest("history_date")
    assert record.history_user == manager
    assert record.history_change_reason == "Board asked for it."
    assert [row.area_id for row in record.areas.all()] == [area.pk]


def test_a_change_needs_a_reason_shown_beside_the_field(client, plan, manager, hobbies):
    client.force_login(manager)
    before = hobbies.history.count()
    response = client.post(edit_url(plan, hobbies), posted(hobbies, heading="Changed"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reason-error"' in html and "Enter the reason for the change" in html
    assert 'href="#id_reason"' in html  # the error summary points at the field
    assert hobbies.history.count() == before


def test_an_unknown_action_is_named_beside_the_field(client, plan, manager, hobbies):
    client.force_login(manager)
    response = client.post(
        edit_url(plan, hobbies), posted(hobbies, action_refs="MO5, ZZ9", reason="Link.")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_action_refs-error"' in html
    assert "There is no action ZZ9 in this plan" in html
    assert 'value="MO5, ZZ9"' in html  # what was typed is kept
    assert not hobbies.actions.exists()


def test_unlinking_a_finding_is_recorded(client, plan, manager, visit):
    client.force_login(manager)
    tracker = visit.findings.get(text__startswith="Oversight of all children in care")
    client.post(edit_url(plan, tracker), posted(tracker, reason="Not MO5 after all."))
    assert not tracker.areas.exists() and not tracker.actions.exists()
    record = tracker.history.latest("history_date")
    assert record.history_change_reason == "Not MO5 after all."
    assert list(record.areas.all()) == []
    before = tracker.history.filter(history_id__lt=record.history_id).order_by("-history_id")[0]
    assert [row.action.ref for row in before.actions.all()] == ["MO5"]


def test_saving_without_a_change_writes_nothing(client, plan, manager, visit):
    client.force_login(manager)
    finding = visit.findings.get(order=1)
    areas = list(finding.areas.values_list("pk", flat=True))
    before = finding.history.count()
    client.post(edit_url(plan, finding), posted(finding, areas=areas, reason="Same."))
    assert finding.history.count() == before


def test_a_manager_adds_a_finding_numbered_after_the_last(client, plan, manager, visit):
    client.force_login(manager)
    url = reverse("findings:finding_add", args=[plan.slug, visit.pk])
    assert 'value="26"' in client.get(url).content.decode()
    response = client.post(url, {"order": "26", "kind": "finding", "text": "A new finding."})
    assert response.status_code == 302
    finding = visit.findings.get(order=26)
    assert finding.history.get().history_change_reason == "Recorded finding 26."


def test_a_manager_adds_an_inspection_with_its_date(client, plan, manager):
    client.force_login(manager)
    response = client.post(
        reverse("findings:inspection_add", args=[plan.slug]),
        {
            "kind": "monitoring_visit",
            "title": "Second monitoring visit",
            "date_day": "5",
            "date_month": "6",
            "date_year": "2025",
            "held": "June 2025",
            "reason": "From the letter.",
        },
    )
    assert response.status_code == 302
    added = Inspection.objects.get(plan=plan, title="Second monitoring visit")
    assert added.date == dt.date(2025, 6, 5)
    assert added.history.get().history_user == manager


def test_an_inspection_date_that_is_not_real_is_explained(client, plan, manager):
    client.force_login(manager)
    response = client.post(
        reverse("findings:inspection_add", args=[plan.slug]),
        {
            "kind": "inspection",
            "title": "X",
            "date_day": "31",
            "date_month": "2",
            "date_year": "2025",
        },
    )
    assert response.status_code == 400
    assert "The date of the letter must be a real date" in response.content.decode()
    assert not Inspection.objects.filter(plan=plan, title="X").exists()


def test_changing_an_inspection_keeps_the_reason_in_its_history(client, plan, manager, visit):
    client.force_login(manager)
    data = {
        "kind": visit.kind,
        "title": visit.title,
        "date": visit.date.isoformat(),
        "held": visit.held,
        "focus": visit.focus,
        "letter_url": "https://example.org/letter.pdf",
        "reason": "The letter is published.",
    }
    response = client.post(reverse("findings:inspection_edit", args=[plan.slug, visit.pk]), data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.letter_url == "https://example.org/letter.pdf"
    record = visit.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (manager, data["reason"])
    assert Finding.objects.filter(inspection=visit).count() == 25

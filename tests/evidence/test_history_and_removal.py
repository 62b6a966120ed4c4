"""Every addition and removal is in the history with who, when and why. Evidence is
removed by whoever added it or a plan manager, with a reason; the row stays (marked
removed) and the file itself is deleted once that is saved."""

import pytest

from improvement.evidence.checks import impact_evidence_count
from improvement.evidence.models import Evidence

from .conftest import remove_url


def test_adding_evidence_writes_a_history_row_with_who_and_why(add_file, owner):
    item = add_file(title="Audit of supervision")
    record = item.history.get()
    assert record.history_type == "+"
    assert record.history_user == owner
    assert record.history_change_reason == "Evidence of impact added: Audit of supervision"
    assert record.original_name == "audit.pdf"


def test_the_person_who_added_it_removes_it_with_a_reason(
    client, add_file, owner, evidence_dir, django_capture_on_commit_callbacks
):
    item = add_file()
    stored = evidence_dir / item.file.name
    assert stored.exists()
    client.force_login(owner)
    assert client.get(remove_url(item)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(item), {"reason": "The wrong month's audit."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.removed_by, item.removal_reason) == (owner, "The wrong month's audit.")
    assert item.removed_at is not None
    latest = item.history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        owner,
        "The wrong month's audit.",
    )
    assert latest.removed_at == item.removed_at
    assert not stored.exists()  # the file is gone; the row and its history stay
    assert impact_evidence_count(item.action) == 0


def test_a_manager_removes_anyones_evidence(client, add_file, manager):
    item = add_file()
    client.force_login(manager)
    response = client.post(remove_url(item), {"reason": "Names a child."})
    assert response.status_code == 302
    assert Evidence.objects.get(pk=item.pk).removed_by == manager


@pytest.mark.parametrize("who", ["colleague", "clerk", "board"])
def test_someone_else_in_the_plan_cannot_remove_it(client, add_file, who, request):
    item = add_file()
    client.force_login(request.getfixturevalue(who))
    assert client.get(remove_url(item)).status_code == 403
    assert client.post(remove_url(item), {"reason": "No."}).status_code == 403
    assert Evidence.objects.get(pk=item.pk).removed_at is None


def test_someone_outside_the_plan_is_told_nothing_exists(client, add_file, outsider):
    item = add_file()
    client.force_login(outsider)
    assert client.post(remove_url(item), {"reason": "No."}).status_code == 404


def test_a_reason_is_needed_to_remove_evidence(client, add_file, owner):
    item = add_file()
    client.force_login(owner)
    response = client.post(remove_url(item), {"reason": "  "})
    assert response.status_code == 400
    assert "Enter why you are removing the evidence" in response.content.decode()
    assert Evidence.objects.get(pk=item.pk).removed_at is None


def test_removed_evidence_is_no_longer_listed_or_downloaded(client, add_file, owner):
    item = add_file(title="Audit of supervision")
    client.force_login(owner)
    client.post(remove_url(item), {"reason": "Duplicate."})
    body = client.get("/plans/childrens-services/actions/SL14/").content.decode()
    section = body[body.index('id="evidence"') :].split("</section>")[0]
    assert "Audit of supervision" not in section
    assert "No evidence of impact has been added." in section
    download = f"/plans/childrens-services/actions/SL14/evidence/{item.pk}/download/"
    assert client.get(download).status_code == 404
    assert client.get(remove_url(item)).status_code == 404

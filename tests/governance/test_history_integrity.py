"""The record cannot be rewritten, and every write path records who and why.

One test per write path: a form (proposing a change), the admin, a proposal's approval,
a management command (generate_history) and the demo loader.
"""

import datetime as dt

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from improvement.governance import meetings, proposals
from improvement.governance.models import Proposal
from improvement.plans.models import Action, Plan

PLAN_MODELS = [
    m
    for m in apps.get_app_config("plans").get_models()
    if hasattr(m._meta, "simple_history_manager_attribute")
]


def staff_editor():
    """A staff member who may view and change actions in the admin, not a superuser."""
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_action", "change_action"])
    )
    return user


def revert_url(action, record):
    return reverse("admin:plans_action_simple_history", args=[action.pk, record.history_id])


def admin_form(action, **changes):
    data = {
        "plan": action.plan_id,
        "area": action.area_id,
        "ref": action.ref,
        "short_title": action.short_title,
        "text": action.text,
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "due_text": action.due_text,
        "rating": action.rating_id,
        "progress": action.progress,
        "evidence": action.evidence,
        "order": action.order,
        # The admin form carries the stored version it was opened on (a revert form too).
        "opened_version": Action.objects.get(pk=action.pk).version,
    }
    data.update(changes)
    return data


def test_no_history_table_has_an_admin_page():
    registered = {m._meta.label for m in admin.site._registry}
    historical = {m._meta.label for m in apps.get_models() if m.__name__.startswith("Historical")}
    assert historical
    assert not registered & historical


def test_staff_see_an_earlier_version_read_only(client, plan):
    action = Action.objects.get(plan=plan, ref="SL17")
    first = action.history.last()
    client.force_login(staff_editor())
    page = client.get(revert_url(action, first))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Revert" not in html
    assert "View SL17" in html


def test_staff_cannot_post_a_revert(client, plan):
    action = Action.objects.get(plan=plan, ref="SL17")
    first = action.history.last()
    client.force_login(staff_editor())
    response = client.post(
        revert_url(action, first), admin_form(action, change_reason="Put it back")
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.rating.name == "Delayed"


def test_a_superuser_may_revert_and_the_revert_is_a_new_recorded_change(client, plan, admin_user):
    action = Action.objects.get(plan=plan, ref="SL17")
    first = action.history.last()
    rows = action.history.count()
    client.force_login(admin_user)
    assert "Revert" in client.get(revert_url(action, first)).content.decode()
    old = first.instance
    client.post(
        revert_url(action, first),
        admin_form(old, rating=old.rating_id, change_reason="Recorded in error; put back"),
    )
    assert action.history.count() == rows + 1
    latest = action.history.first()
    assert latest.rating.name == "On track"
    assert (latest.history_user, latest.history_change_reason) == (
        admin_user,
        "Recorded in error; put back",
    )


# -- every write path records who and why -----------------------------------------------
def test_form_path_proposing_records_the_officer_and_a_reason(client, plan, owner):
    client.force_login(owner)
    client.post(
        reverse("governance:propose", args=[plan.slug, "SL14"]),
        {"kind": "wording", "new_text": "New words.", "reason": "Partners asked."},
    )
    record = Proposal.history.get(action__ref="SL14")
    assert record.history_user == owner
    assert "Partners asked." in record.history_change_reason


def test_admin_path_records_the_admin_and_the_reason_given(client, plan, admin_user):
    action = Action.objects.get(plan=plan, ref="SL14")
    client.force_login(admin_user)
    client.post(
        reverse("admin:plans_action_change", args=[action.pk]),
        admin_form(action, progress="Checked", change_reason="Typo in the progress note"),
    )
    latest = action.history.first()
    assert latest.progress == "Checked"
    assert (latest.history_user, latest.history_change_reason) == (
        admin_user,
        "Typo in the progress note",
    )


def test_approval_path_records_the_manager_and_the_proposal_with_its_meeting(plan, manager):
    action = Action.objects.get(plan=plan, ref="SL14")
    proposal = proposals.propose(
        action, user=manager, kind="due", reason="New system", new_due=(dt.date(2026, 3, 31), "")
    )
    board = meetings.record(plan, user=manager, name="Improvement Board", date=dt.date(2025, 12, 1))
    proposals.approve(proposal, user=manager, meeting=board)
    latest = action.history.first()
    assert latest.history_user == manager
    assert latest.history_change_reason.startswith("New system")
    assert "Improvement Board, 1 December 2025" in latest.history_change_reason


def test_command_path_generate_history_stamps_every_row(plan):
    from io import StringIO

    call_command(
        "generate_history", plans=1, actions=3, rounds=8, prefix="cmdpath", stdout=StringIO()
    )
    generated = Plan.objects.get(slug="cmdpath-01")
    rows = list(Action.history.filter(plan_id=generated.pk))
    assert len(rows) == 3 * 9
    assert all(r.history_user_id and r.history_change_reason for r in rows)


def test_demo_loader_path_every_history_row_of_the_demo_plan_has_author_and_reason(plan):
    checked = {}
    for model in PLAN_MODELS:
        hist = model.history.model
        fields = {f.name for f in hist._meta.fields}
        if "plan" in fields:
            rows = hist.objects.filter(plan_id=plan.pk)
        elif "action" in fields:
            rows = hist.objects.filter(action__plan=plan)
        elif "area" in fields:
            rows = hist.objects.filter(area__chapter__plan=plan)
        elif "chapter" in fields:
            rows = hist.objects.filter(chapter__plan=plan)
        else:
            continue
        checked[model.__name__] = rows.count()
        assert not rows.filter(history_user__isnull=True).exists(), model
        assert not rows.filter(history_change_reason__isnull=True).exists(), model
        assert not rows.filter(history_change_reason="").exists(), model
    proposals_rows = Proposal.history.filter(plan_id=plan.pk)
    assert proposals_rows.count() == 20  # ten proposals, each proposed then approved
    assert all(r.history_user and r.history_change_reason for r in proposals_rows)
    # The papers record no ratings submitted for sign-off, so the demo has none.
    assert checked.pop("RatingSubmission") == 0
    assert all(checked.values()), checked
    assert {"Action", "ActionOwner", "ActionRow", "Area", "ImpactCommentary"} <= set(checked)

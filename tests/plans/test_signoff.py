"""Ratings that need sign-off: an officer's new rating is submitted, not saved; the plan,
its pages and its appendices keep showing the accepted rating, marked pending sign-off,
until a plan manager accepts it; a returned rating never becomes the plan's rating.
Expected ratings are the demo plan's (fixtures/plan_2025-11-12.json: SL14 is Complete)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.plans import signoff
from improvement.plans.models import Action, RatingSubmission
from tests.reports.htmltext import rendered, table_rows, text

from .support import edit_url, form_data, rating

pytestmark = pytest.mark.django_db

A1 = ["Ref", "Action", "Due by", "RAG"]


@pytest.fixture
def signoff_plan(plan, admin_user):
    plan.ratings_need_signoff = True
    return save_tracked(plan, user=admin_user, reason="Test: ratings need sign-off.")


def submit_on_track(client, owner, action, plan):
    client.force_login(owner)
    data = form_data(
        action,
        rating=rating(plan, "On track").pk,
        progress="Briefings delivered to all teams.",
        reason="Reopened for review.",
    )
    return client.post(edit_url(action), data, follow=True)


def decide(client, manager, submission, **data):
    client.force_login(manager)
    url = reverse("plans:signoff_decide", args=[submission.plan.slug, submission.pk])
    return client.post(url, data)


def plan_row(client, plan, ref):
    page = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    return page.split(f'id="action-{ref}"')[1].split("</tr>")[0]


def test_an_officers_new_rating_is_submitted_and_the_action_keeps_its_accepted_rating(
    client, signoff_plan, owner, owned_action
):
    response = submit_on_track(client, owner, owned_action, signoff_plan)
    body = response.content.decode()
    assert "SL14: On track submitted for sign-off" in body
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "Complete"
    # The other fields of the same form save as usual.
    assert owned_action.progress == "Briefings delivered to all teams."
    submission = RatingSubmission.objects.get(action=owned_action)
    assert submission.status == "submitted"
    assert submission.rating.name == "On track"
    assert submission.old_rating.name == "Complete"
    assert submission.comment == "Reopened for review."
    assert submission.submitted_by == owner


def test_pages_show_the_accepted_rating_marked_pending_sign_off(
    client, signoff_plan, owner, owned_action
):
    submit_on_track(client, owner, owned_action, signoff_plan)
    row = plan_row(client, signoff_plan, "SL14")
    assert "Complete" in row and "Pending sign-off" in row
    assert "On track" not in row
    page = client.get(reverse("plans:action", args=[signoff_plan.slug, "SL14"])).content
    summary = page.decode().split('class="govuk-summary-list"')[1].split("</dl>")[0]
    assert "Pending sign-off" in summary.split("Due by")[0]


def test_appendices_1_and_2_print_the_accepted_rating_marked_pending_sign_off(
    client, signoff_plan, owner, owned_action
):
    submit_on_track(client, owner, owned_action, signoff_plan)
    overview = {r["Ref"]: r for r in table_rows(rendered(signoff_plan, "1", today()), A1)}
    assert overview["SL14"]["RAG"] == "Complete Pending sign-off"
    assert overview["SL13"]["RAG"] == "Complete"
    document = rendered(signoff_plan, "2", today())
    marked = [
        td
        for td in document.iter("td")
        if any(span.get("class") == "pending-signoff" for span in td.iter("span"))
    ]
    assert [text(cell) for cell in marked] == ["Complete Pending sign-off"]
    assert text(document).count("Pending sign-off") == 1


def test_a_returned_rating_is_never_shown_as_the_plans_rating(
    client, signoff_plan, owner, manager, owned_action
):
    client.force_login(owner)
    delayed = rating(signoff_plan, "Delayed")
    data = form_data(
        owned_action,
        rating=delayed.pk,
        rating_reason="The trainer left.",
        reason="Training postponed.",
    )
    client.post(edit_url(owned_action), data)
    submission = RatingSubmission.objects.get(action=owned_action)
    response = decide(client, manager, submission, decision="return", comment="Use Amber E.")
    assert response.status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "Complete"
    assert owned_action.rating_reason == ""
    row = plan_row(client, signoff_plan, "SL14")
    assert "Delayed" not in row and "Pending sign-off" not in row
    overview = {r["Ref"]: r for r in table_rows(rendered(signoff_plan, "1", today()), A1)}
    assert overview["SL14"]["RAG"] == "Complete"
    # The officer sees the manager's comment on the action page and on the form.
    client.force_login(owner)
    for url in (reverse("plans:action", args=[signoff_plan.slug, "SL14"]), edit_url(owned_action)):
        page = client.get(url).content.decode()
        assert "Rating returned" in page
        assert "Use Amber E." in page
    submission.refresh_from_db()
    assert (submission.status, submission.decided_by) == ("returned", manager)


def test_returning_without_a_comment_is_refused_beside_the_comment_box(
    client, signoff_plan, owner, manager, owned_action
):
    submit_on_track(client, owner, owned_action, signoff_plan)
    submission = RatingSubmission.objects.get(action=owned_action)
    response = decide(client, manager, submission, decision="return", comment="")
    body = response.content.decode()
    assert '<a href="#id_comment">Say why the rating is returned</a>' in body
    assert 'id="id_comment-error"' in body
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_accepting_makes_it_the_rating_with_history_naming_officer_and_manager(
    client, signoff_plan, owner, manager, owned_action
):
    submit_on_track(client, owner, owned_action, signoff_plan)
    submission = RatingSubmission.objects.get(action=owned_action)
    assert decide(client, manager, submission, decision="accept").status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "On track"
    record = Action.history.filter(id=owned_action.pk).latest("history_date")
    assert record.history_user == manager
    assert record.history_change_reason.startswith("Reopened for review.")
    assert "Submitted by Olivia Officer" in record.history_change_reason
    assert "accepted by Maya Manager" in record.history_change_reason
    # History keeps both: the submission as submitted and as accepted.
    states = [h.status for h in submission.history.order_by("history_date", "history_id")]
    assert states == ["submitted", "accepted"]
    assert "Pending sign-off" not in plan_row(client, signoff_plan, "SL14")


def test_a_managers_own_rating_change_is_saved_directly(
    client, signoff_plan, manager, owned_action
):
    client.force_login(manager)
    data = form_data(owned_action, rating=rating(signoff_plan, "On track").pk, reason="Reopened.")
    assert client.post(edit_url(owned_action), data).status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "On track"
    assert not RatingSubmission.objects.filter(action=owned_action).exists()


def test_without_the_setting_an_officers_rating_is_saved_directly(
    client, plan, owner, owned_action
):
    submit_on_track(client, owner, owned_action, plan)
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "On track"
    assert not RatingSubmission.objects.filter(action=owned_action).exists()


def test_a_second_submission_before_the_decision_replaces_the_first(
    client, signoff_plan, owner, owned_action
):
    submit_on_track(client, owner, owned_action, signoff_plan)
    owned_action.refresh_from_db()  # its progress was saved: a new version
    data = form_data(
        owned_action,
        rating=rating(signoff_plan, "Complete but need to evidence impact").pk,
        reason="Impact still to be shown.",
    )
    client.post(edit_url(owned_action), data)
    submission = RatingSubmission.objects.get(action=owned_action)
    assert submission.rating.name == "Complete but need to evidence impact"
    assert submission.comment == "Impact still to be shown."
    assert submission.history.count() == 2


def test_accepting_is_refused_when_the_rating_changed_since(
    client, signoff_plan, owner, manager, owned_action
):
    submit_on_track(client, owner, owned_action, signoff_plan)
    owned_action.refresh_from_db()
    owned_action.rating = rating(signoff_plan, "Delayed")
    save_tracked(owned_action, user=manager, reason="Trainer left.")
    submission = RatingSubmission.objects.get(action=owned_action)
    body = decide(client, manager, submission, decision="accept").content.decode()
    assert "SL14&#x27;s rating has changed since this was submitted" in body
    owned_action.refresh_from_db()
    assert owned_action.rating.name == "Delayed"


def test_a_past_day_shows_pending_sign_off_from_the_submissions_dates(
    client, signoff_plan, owner, manager, owned_action
):
    now = timezone.now()
    submission = signoff.submit(
        owned_action,
        rating=rating(signoff_plan, "On track"),
        reason="",
        comment="Reopened.",
        user=owner,
        when=now - dt.timedelta(days=3),
    )
    signoff.accept(submission, user=manager, when=now - dt.timedelta(days=1))
    client.force_login(manager)
    then = (today() - dt.timedelta(days=2)).isoformat()
    url = reverse("plans:action", args=[signoff_plan.slug, "SL14"])
    past = client.get(f"{url}?as_at={then}").content.decode()
    summary = past.split('class="govuk-summary-list"')[1].split("Due by")[0]
    assert "Complete" in summary and "Pending sign-off" in summary
    current = client.get(url).content.decode().split('class="govuk-summary-list"')[1]
    assert "On track" in current.split("Due by")[0]
    assert "Pending sign-off" not in current.split("Due by")[0]


def test_an_officer_cannot_open_the_sign_off_pages(client, signoff_plan, owner, owned_action):
    submit_on_track(client, owner, owned_action, signoff_plan)
    submission = RatingSubmission.objects.get(action=owned_action)
    assert client.get(reverse("plans:signoff", args=[signoff_plan.slug])).status_code == 403
    url = reverse("plans:signoff_decide", args=[signoff_plan.slug, submission.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 403
    submission.refresh_from_db()
    assert submission.status == "submitted"

"""Free text has limits, told next to the field with what was typed kept; reasons lose
their bidirectional control characters; the council's own texts fit the limits."""

import json
from html import escape

import pytest
from django.conf import settings

from improvement.accounts.forms import AddPersonForm, OwnerRoleForm
from improvement.governance.forms import DecisionForm, ProposalForm
from improvement.plans.forms import ActionUpdateForm, CommentaryForm
from improvement.plans.forms_close import ReopenPlanForm
from improvement.plans.forms_scale import LevelForm, PresetForm, ReasonForm
from improvement.plans.forms_signoff import SignoffDecisionForm
from improvement.plans.models import Action, RatingLevel
from improvement.scorecard.forms import CompleteMonthForm

from .support import edit_url, form_data

pytestmark = pytest.mark.django_db

# A paragraph of 120 characters as stored (its CRLF line break is one), typed 100 times,
# then 21 more: 12,021.
PARAGRAPH = "Audits of supervision were completed in all teams and the findings shared with " + (
    "managers at the monthly quality meeting.\r\n"
)


def test_a_progress_commentary_over_the_limit_is_refused_next_to_it_and_kept_as_typed(
    client, owner, owned_action
):
    client.force_login(owner)
    before = Action.history.filter(id=owned_action.pk).count()
    typed = PARAGRAPH * 100 + "Next review in March."
    response = client.post(edit_url(owned_action), form_data(owned_action, progress=typed))
    assert response.status_code == 200
    page = response.content.decode()
    message = "Progress commentary must be 10,000 characters or fewer; you typed 12,021"
    assert page.count(message) == 2  # the error summary and next to the field
    assert escape(typed.replace("\r\n", "\n").strip()) in page.replace("\r\n", "\n")
    assert 'maxlength="' not in page.split('name="progress"')[1].split(">")[0]
    assert Action.history.filter(id=owned_action.pk).count() == before


def test_bidirectional_control_characters_are_dropped_from_a_reason(
    client, plan, owner, owned_action
):
    client.force_login(owner)
    delayed = RatingLevel.objects.get(plan=plan, name="Delayed")
    reason = "\u202eGuidance\u202c delayed \u2066by DfE\u2069 \u200fin\u200e March\u061c."
    data = form_data(
        owned_action, rating=delayed.pk, rating_reason="Waiting for the DfE.", reason=reason
    )
    assert client.post(edit_url(owned_action), data).status_code == 302
    record = Action.history.filter(id=owned_action.pk).latest("history_date")
    assert record.history_change_reason == "Guidance delayed by DfE in March."


def too_long(limit):
    return "a" * (limit + 1)


def forms_with_free_text(plan, action):
    """(form bound with one over-long text, the field, its message) for every form with
    free text a person types."""
    ratings = list(RatingLevel.objects.filter(plan=plan))
    owner_roles = action.owners.none()
    return [
        (lambda d: ActionUpdateForm(d, action=action, ratings=ratings), "progress",
         "Progress commentary must be 10,000 characters or fewer; you typed 10,001"),
        (lambda d: ActionUpdateForm(d, action=action, ratings=ratings), "evidence",
         "Evidence must be 10,000 characters or fewer; you typed 10,001"),
        (lambda d: ActionUpdateForm(d, action=action, ratings=ratings), "reason",
         "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (lambda d: ActionUpdateForm(d, action=action, ratings=ratings), "rating_reason",
         "The reason for the rating must be 2,000 characters or fewer; you typed 2,001"),
        (SignoffDecisionForm, "comment",
         "The comment must be 2,000 characters or fewer; you typed 2,001"),
        (CommentaryForm, "text",
         "Impact commentary must be 10,000 characters or fewer; you typed 10,001"),
        (CommentaryForm, "reason", "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (lambda d: ProposalForm(d, action=action), "new_text",
         "The new wording must be 5,000 characters or fewer; you typed 5,001"),
        (lambda d: ProposalForm(d, action=action), "reason",
         "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (lambda d: DecisionForm(d, plan=plan), "note", "The note must be 2,000 characters or fewer; you typed 2,001"),
        (ReopenPlanForm, "reason", "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (lambda d: LevelForm(d, position=1), "definition",
         "The definition must be 2,000 characters or fewer; you typed 2,001"),
        (lambda d: LevelForm(d, position=1), "overview_definition",
         "The overview definition must be 2,000 characters or fewer; you typed 2,001"),
        (ReasonForm, "reason", "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (PresetForm, "reason", "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (AddPersonForm, "reason", "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (lambda d: OwnerRoleForm(d, roles=owner_roles, label="Owner role"), "reason",
         "The reason must be 2,000 characters or fewer; you typed 2,001"),
        (CompleteMonthForm, "reason",
         "The reason must be 2,000 characters or fewer; you typed 2,001"),
    ]  # fmt: skip


def test_every_free_text_field_refuses_text_over_its_limit_with_a_message(plan):
    action = Action.objects.get(plan=plan, ref="SL14")
    for make, field, message in forms_with_free_text(plan, action):
        limit = int(message.rsplit("you typed ", 1)[1].replace(",", "")) - 1
        form = make({field: too_long(limit)})
        assert not form.is_valid()
        assert message in form.errors[field], (type(form).__name__, field)
        at_limit = make({field: "a" * limit})
        at_limit.is_valid()
        assert field not in at_limit.errors, (type(form).__name__, field)


def test_the_councils_own_texts_fit_the_limits():
    # The longest texts of the demo data (the council's documents, in fixtures/), by
    # what they are, against the limit of the field a person would edit them in.
    longest = {}

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            longest[key] = max(longest.get(key, 0), len(value))

    plan_documents = sorted(settings.FIXTURES_DIR.glob("*.json"))
    findings = settings.FIXTURES_DIR / "findings_2025-11-13.json"
    for path in plan_documents:
        if path != findings:  # its "text" is a finding's, read below
            walk(json.loads(path.read_text(encoding="utf-8")))
    visits = json.loads(findings.read_text(encoding="utf-8"))["inspections"]
    finding_texts = [f["text"] for visit in visits for f in visit.get("findings", [])]
    # The monitoring visit letter's longest paragraph, quoted whole, against the limit of
    # the finding form's text.
    assert max(map(len, finding_texts)) == 827 and max(map(len, finding_texts)) <= 10_000
    assert longest["impact_commentary"] == 1315 and longest["impact_commentary"] <= 10_000
    assert longest["text"] == 649 and longest["text"] <= 5_000  # action wording
    assert longest["reason"] == 343 and longest["reason"] <= 2_000
    assert longest["because"] == 274 and longest["because"] <= 2_000
    assert longest["definition"] == 72 and longest["definition"] <= 2_000

"""Helpers for the plan page and update form tests."""

from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.plans.forms import as_post_data, typed_values
from improvement.plans.models import RatingLevel


def form_data(action, *, version=None, reason="", **changes):
    """What the update form posts for ``action`` (and its further rows) with ``changes``
    typed over it."""
    data = as_post_data(
        typed_values(action, action.extra_rows.all()),
        reason=reason,
        version=action.version if version is None else version,
    )
    data.update({k: str(v) for k, v in changes.items()})
    return data


def rating(plan, name):
    return RatingLevel.objects.get(plan=plan, name=name)


def edit_url(action):
    return reverse("plans:action_edit", args=[action.plan.slug, action.ref])


def without_agreement(plan, user):
    """The plan with ``changes_need_agreement`` off (the demo has it on): an officer's
    new due date then changes the action directly."""
    plan.changes_need_agreement = False
    return save_tracked(plan, user=user, reason="Test: due dates change without a meeting.")

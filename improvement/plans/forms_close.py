"""Closing a plan (or reopening it) and marking an action replaced by one of the next plan.

Choices are limited to what the person manages: a plan can only be said to follow this
one, and an action to carry this one on, in a plan they manage as well.
"""

from django import forms
from django.utils.text import Truncator

from improvement.lib.limits import ReasonField

from .forms import one_line_breaks
from .models import Action, Plan


class _Reason(forms.Form):
    reason = ReasonField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason",
        help_text="Kept in the history with your name and the time.",
        error_messages={"required": "Enter the reason"},
    )

    def clean_reason(self):
        return one_line_breaks(self.cleaned_data["reason"])


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, plan):
        return f"{plan.name} ({plan.organisation})"


class ClosePlanForm(_Reason):
    """Close a plan, optionally naming the plan that replaces it."""

    replaced_by = PlanChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        empty_label="No plan replaces it",
        label="Plan that replaces it (optional)",
        help_text="Only plans you manage are listed.",
    )
    field_order = ("replaced_by", "reason")

    def __init__(self, *args, plan, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["replaced_by"].queryset = managed.exclude(pk=plan.pk).order_by("name")

    def clean_replaced_by(self):
        chosen = self.cleaned_data["replaced_by"]
        # A plan replaced by one that it replaces would send readers round in a circle.
        if chosen is not None and chosen.replaced_by_id == self.plan.pk:
            raise forms.ValidationError(f"{chosen.name} is itself replaced by this plan")
        return chosen


class ReopenPlanForm(_Reason):
    """Reopen a closed plan: it takes changes again (what replaces it is kept)."""


def action_choice_label(action):
    """ "1.1 — Put in place a new …", as a select prints an action."""
    return f"{action.label} — {Truncator(action.text).chars(80)}"


class CloseActionForm(_Reason):
    """Step two: the action of the chosen plan that replaces this one, and why."""

    replaced_by = forms.ModelChoiceField(
        queryset=Action.objects.none(),
        empty_label="Choose an action",
        label="Action that replaces it",
        error_messages={
            "required": "Choose the action that replaces it",
            "invalid_choice": "Choose an action of the plan shown",
        },
    )
    field_order = ("replaced_by", "reason")

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["replaced_by"]
        field.queryset = Action.objects.filter(plan=target).order_by("order")
        field.label_from_instance = action_choice_label

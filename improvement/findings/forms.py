"""A plan manager's forms: an inspection or visit, and a finding with its links.

Every message sits next to its field and a bound form gives back what was typed. A
change needs a reason, kept in the history with the name and time; a new record may
leave it blank (the history then says what was recorded).
"""

import re

from django import forms

from improvement.lib import limits
from improvement.lib.dates import DayField
from improvement.plans.forms import one_line_breaks

from .models import Finding, Inspection

TEXT_LIMIT = 10_000  # far above the longest paragraph of the letter (827 characters)


def _reason_field():
    return limits.ReasonField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for the change",
        help_text="Kept in the history with your name and the time.",
    )


class _ReasonMixin:
    """A reason is needed to change an existing record (not to add one)."""

    def clean_reason(self):
        reason = one_line_breaks(self.cleaned_data.get("reason"))
        if self.instance.pk and not reason:
            raise forms.ValidationError("Enter the reason for the change")
        return reason


class InspectionForm(_ReasonMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        choices=Inspection.Kind.choices,
        widget=forms.RadioSelect,
        label="What kind of visit was it?",
        error_messages={"required": "Select whether it was an inspection or a monitoring visit"},
    )
    title = forms.CharField(
        max_length=300,
        label="Title",
        help_text='As the letter or report heads it, e.g. "Monitoring visit to … children’s '
        'services".',
        error_messages={"required": "Enter the title"},
    )
    date = DayField(
        what="The date of the letter",
        label="Date of the letter or report",
        help_text="For example, 13 11 2025. Leave blank if the documents give no day.",
    )
    held = forms.CharField(
        required=False,
        max_length=200,
        label="When inspectors visited (optional)",
        help_text='As the letter says it, e.g. "14 and 15 October 2025".',
    )
    focus = limits.LimitedText(
        required=False,
        limit=TEXT_LIMIT,
        what="The focus",
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Focus (optional)",
        help_text="What the inspection or visit looked at. Start a line with “- ” for a list.",
    )
    letter_url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=500,
        label="Link to the letter or report (optional)",
        error_messages={"invalid": "Enter the link in full, starting https://"},
    )
    reason = _reason_field()

    class Meta:
        model = Inspection
        fields = ["kind", "title", "date", "held", "focus", "letter_url"]

    def clean_focus(self):
        return one_line_breaks(self.cleaned_data["focus"])


class FindingForm(_ReasonMixin, forms.ModelForm):
    order = forms.IntegerField(
        min_value=1,
        max_value=9999,
        label="Number",
        help_text="Its place in the letter or report: findings are listed in this order.",
        error_messages={
            "required": "Enter the finding’s number",
            "invalid": "The number must be a whole number, like 3",
            "min_value": "The number must be 1 or more",
            "max_value": "The number must be 9999 or less",
        },
    )
    kind = forms.ChoiceField(
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        label="Is it a finding or an area for improvement?",
        error_messages={"required": "Select finding or area for improvement"},
    )
    heading = forms.CharField(
        required=False,
        max_length=300,
        label="Heading (optional)",
        help_text='The heading it sits under in the letter, e.g. "Headline findings".',
    )
    text = limits.LimitedText(
        limit=TEXT_LIMIT,
        what="The finding",
        widget=forms.Textarea(attrs={"rows": 8}),
        label="The finding, as the letter or report words it",
        error_messages={"required": "Enter the finding"},
    )
    areas = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Plan areas that answer it",
        help_text="Leave all unticked if no area answers it yet: it is shown as not yet "
        "linked to the plan.",
    )
    action_refs = forms.CharField(
        required=False,
        max_length=2000,
        label="Actions that answer it (optional)",
        help_text="Their references, separated by commas or spaces, for example MO5, S7.",
    )
    reason = _reason_field()

    class Meta:
        model = Finding
        fields = ["order", "kind", "heading", "text"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.area_choices = list(_areas_in_order(plan))
        self.fields["areas"].choices = [(str(a.pk), _area_label(a)) for a in self.area_choices]
        if self.instance.pk and not self.is_bound:
            self.initial["areas"] = [
                str(pk) for pk in self.instance.areas.values_list("pk", flat=True)
            ]
            self.initial["action_refs"] = ", ".join(
                self.instance.actions.order_by("order", "pk").values_list("ref", flat=True)
            )

    def clean_text(self):
        return one_line_breaks(self.cleaned_data["text"])

    def clean_areas(self):
        chosen = set(self.cleaned_data["areas"])
        return [a for a in self.area_choices if str(a.pk) in chosen]

    def clean_action_refs(self):
        typed = [r for r in re.split(r"[\s,;]+", self.cleaned_data["action_refs"]) if r]
        # Matched without case ("mo5" is MO5); a plan has a few hundred refs at most.
        found = {a.ref.lower(): a for a in self.plan.actions.only("pk", "ref")} if typed else {}
        unknown = [r for r in typed if r.lower() not in found]
        if unknown:
            raise forms.ValidationError(
                f"There is no action {', '.join(unknown)} in this plan: check the reference"
            )
        seen, actions = set(), []
        for ref in typed:
            action = found[ref.lower()]
            if action.pk not in seen:
                seen.add(action.pk)
                actions.append(action)
        return actions


def _areas_in_order(plan):
    from improvement.plans.models import Area

    return Area.objects.for_plan(plan).order_by("chapter__number", "order", "pk")


def _area_label(area):
    where = f"Chapter {area.chapter.number}"
    if area.parent_id:
        return f"{where}, {area.parent.number}{area.number}. {area.title}"
    return f"{where}, {area.number}. {area.title}"

"""Forms for proposing a change, recording meetings and their decisions, and the plan's
governance settings."""

from django import forms
from django.core.validators import URLValidator

from improvement.lib import limits
from improvement.lib.dates import DayField
from improvement.plans.due import format_due, parse_due
from improvement.plans.models import RatingLevel

from .appendix3 import status_levels
from .meetings import decidable
from .models import Meeting, Proposal

# Most specific first: a date input is also a text input.
_CLASSES = [
    (forms.TextInput, "govuk-input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.Select, "govuk-select"),
]


def govuk(form):
    """Give every widget its GOV.UK Frontend class (and the error modifier when bound
    with errors), so templates render fields without repeating markup."""
    for field in form.fields.values():
        css = next((c for widget, c in _CLASSES if isinstance(field.widget, widget)), "")
        if css:
            field.widget.attrs["class"] = css
    return form


def mark_errors(form):
    """Add GOV.UK's error modifier to the widgets of fields with errors (after validation)."""
    for name in form.errors:
        if name in form.fields:
            field = form.fields[name]
            widget = field.widget
            css = widget.attrs.get("class", "")
            if css and not isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = f"{css} {css.split()[0]}--error"
            # The hint (Django's id for help text) and the error message, read with the field.
            auto_id = form[name].auto_id
            described = [f"{auto_id}_helptext"] if field.help_text else []
            widget.attrs["aria-describedby"] = " ".join([*described, f"{auto_id}-error"])
    return form


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you propose to change?",
        choices=Proposal.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you propose to change."},
    )
    new_due = forms.CharField(
        label="New due date",
        required=False,
        max_length=300,
        help_text='As the plan writes it, for example "March 2026" or "7 March 2026".',
    )
    new_text = limits.LimitedText(
        limit=limits.ACTION_TEXT,
        what="The new wording",
        label="New wording of the action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    new_rating = forms.ModelChoiceField(
        label="Delayed or under review",
        queryset=RatingLevel.objects.none(),
        required=False,
        empty_label="Choose…",
    )
    status_due = forms.CharField(
        label="Due date it is delayed against (optional)",
        required=False,
        max_length=300,
        help_text='Leave blank to keep the current due date, or write "TBC".',
    )
    reason = limits.ReasonField(
        label="Why is the change needed?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The committee reads this as the reason for the change.",
        error_messages={"required": "Say why the change is needed."},
    )

    def __init__(self, *args, action, **kwargs):
        self.action = action
        kwargs.setdefault("initial", {}).setdefault("new_text", action.text)
        super().__init__(*args, **kwargs)
        self.fields["new_rating"].queryset = status_levels(action.plan_id)
        self.fields["new_due"].widget.attrs["autocomplete"] = "off"
        govuk(self)

    def _due(self, name):
        value = self.cleaned_data.get(name, "").strip()
        if not value:
            return None
        due = parse_due(value)
        if due[0] is None and name == "new_due":
            self.add_error(name, 'Give a month and year, for example "March 2026".')
            return None
        return due

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Proposal.Kind.DUE:
            due = self._due("new_due")
            if due is None and "new_due" not in self.errors:
                self.add_error("new_due", "Give the new due date.")
            elif due and due == (self.action.due_date, self.action.due_text):
                current = format_due(self.action.due_date, self.action.due_text)
                self.add_error("new_due", f"The action is already due {current}.")
            data["parsed_due"] = due
        elif kind == Proposal.Kind.WORDING:
            text = data.get("new_text", "").strip()
            if not text:
                self.add_error("new_text", "Give the new wording.")
            elif text == self.action.text.strip():
                self.add_error("new_text", "The new wording is the same as the current wording.")
        elif kind == Proposal.Kind.STATUS:
            if data.get("new_rating") is None:
                self.add_error("new_rating", "Choose delayed or under review.")
            elif data["new_rating"].pk == self.action.rating_id:
                self.add_error("new_rating", f"The action is already {data['new_rating'].name}.")
            data["parsed_due"] = self._due("status_due")
        return data


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class DecisionForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label="What did the meeting decide?",
        choices=[(APPROVE, "Approve the change"), (REJECT, "Reject it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or reject."},
    )
    meeting = MeetingChoice(
        label="Which meeting decided?",
        queryset=Meeting.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the meeting that decided.",
            "invalid_choice": "Choose one of the plan's meetings held by today.",
        },
    )
    note = limits.ReasonField(
        what="The note",
        label="Reason for rejecting, or a note on the approval",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when the change is rejected.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Only meetings already held: a decision is never dated in the future.
        self.fields["meeting"].queryset = decidable(plan)
        govuk(self)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not data.get("note", "").strip():
            self.add_error("note", "Say why the change is rejected.")
        return data


# Links to minutes are web pages: no other scheme (ftp, or a script) goes into the record.
_WEB = URLValidator(schemes=["http", "https"], message="Give a web address starting https://")


def _minutes_url(**kwargs):
    """The link to a meeting's minutes, as both meeting forms ask it. The type is given
    to the widget when it is made (it becomes the input's one ``type``); added to its
    attrs later it would be a second ``type`` attribute, which browsers ignore."""
    widget = forms.TextInput(attrs={"type": "url", "spellcheck": "false"})
    return forms.CharField(max_length=500, validators=[_WEB], widget=widget, **kwargs)


class MeetingForm(forms.Form):
    name = forms.CharField(
        label="Name of the meeting",
        max_length=200,
        help_text='For example, "Partnership Oversight Group".',
        error_messages={"required": "Give the name of the meeting."},
    )
    date = DayField(
        label="Date of the meeting",
        what="The date of the meeting",
        required=True,
        allow_future=True,
        help_text="For example, 12 11 2025. A meeting still to come can be recorded, but "
        "decisions are recorded only once it has been held.",
    )
    minutes_url = _minutes_url(
        label="Link to the minutes (optional)",
        required=False,
        help_text="The web address of the published minutes. You can add it later.",
    )

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        govuk(self)

    def clean(self):
        data = super().clean()
        name, day = data.get("name", "").strip(), data.get("date")
        if name and day and Meeting.objects.filter(plan=self.plan, name=name, date=day).exists():
            self.add_error("name", "That meeting on that date is already recorded.")
        return data


class MinutesForm(forms.Form):
    minutes_url = _minutes_url(
        label="Link to the minutes",
        error_messages={"required": "Give the web address of the minutes."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk(self)


class PlanSettingsForm(forms.Form):
    ratings_need_signoff = forms.BooleanField(
        label="New ratings need a plan manager's sign-off",
        required=False,
        help_text="When an officer gives an action a new rating, it waits for a plan manager "
        "to accept it or return it. Until it is accepted, the plan and the appendices show "
        "the rating accepted before.",
    )
    changes_need_agreement = forms.BooleanField(
        label="New due dates and wording need agreeing at a meeting",
        required=False,
        help_text="When an officer changes an action's due date or wording, it becomes a "
        "proposal for the next meeting instead of a change. A plan manager records the "
        "meeting's decision, and Appendix 3 lists only the changes agreed.",
    )
    reason = limits.ReasonField(
        label="Why are you changing these settings?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the plan's history with your name and the time.",
        error_messages={"required": "Say why you are changing the settings."},
    )

    FIELDS = ("ratings_need_signoff", "changes_need_agreement")

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        kwargs.setdefault("initial", {f: getattr(plan, f) for f in self.FIELDS})
        super().__init__(*args, **kwargs)
        govuk(self)

    def clean(self):
        data = super().clean()
        if all(data.get(f) == getattr(self.plan, f) for f in self.FIELDS):
            raise forms.ValidationError("Nothing has changed: the settings are as they were.")
        return data

"""The forms of the rounds' pages: open a round, close it, and one's reminder choice."""

from django import forms

from improvement.lib.dates import DayField, today

from .models import DEFAULT_REMIND_DAYS

MAX_REMIND_DAYS = 28


class OpenRoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round",
        max_length=200,
        help_text="For example, December 2025 update.",
        error_messages={"required": "Enter the name of the round"},
    )
    as_at = DayField(
        label="Ratings as at",
        what="The ratings date",
        allow_future=True,
        required=True,
        help_text="The day the round's ratings will be reported as at, for example 12 12 2025. "
        "You can change it when you close the round.",
    )
    deadline = DayField(
        label="Deadline for updates",
        what="The deadline",
        allow_future=True,
        required=True,
        help_text="Owners are asked to update their actions by the end of this day, "
        "for example 5 12 2025.",
    )
    remind_days_before = forms.IntegerField(
        label="Remind owners this many days before the deadline",
        min_value=0,
        max_value=MAX_REMIND_DAYS,
        initial=DEFAULT_REMIND_DAYS,
        help_text="They are reminded again on the deadline day. 0 reminds them only then.",
        error_messages={
            "required": "Enter how many days before the deadline to remind owners",
            "invalid": "The number of days must be a whole number, like 5",
            "min_value": "The number of days must be 0 or more",
            "max_value": f"The number of days must be {MAX_REMIND_DAYS} or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A deadline already past would send its reminders at once.
        self.fields["deadline"].earliest = today()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class CloseRoundForm(forms.Form):
    as_at = DayField(
        label="Ratings as at",
        what="The ratings date",
        required=True,
        help_text="Closing fixes this day: the committee pack then offers it. "
        "It must be today or in the past, for example 12 12 2025.",
    )
    reason = forms.CharField(
        label="Note for the history (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )


class ReminderPreferenceForm(forms.Form):
    email_reminders = forms.TypedChoiceField(
        label="Do you want reminder e-mails about update rounds?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Owners are reminded of actions not yet updated before a round's deadline "
        "and on it; plan managers get a summary of what is outstanding.",
        error_messages={"required": "Select yes if you want reminder e-mails"},
    )

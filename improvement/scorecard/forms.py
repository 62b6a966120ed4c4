from django import forms

from improvement.lib.limits import ReasonField

from .import_checks import MAX_BYTES

MONTH_CHOICES = [
    (3, "3 months"),
    (6, "6 months"),
    (12, "12 months"),
    (24, "24 months"),
    (36, "36 months"),
    (60, "60 months"),
]


class RangeForm(forms.Form):
    """Which months the scorecard shows: how many, ending when."""

    months = forms.TypedChoiceField(
        label="Months to show", choices=MONTH_CHOICES, coerce=int, initial=12, required=False
    )
    end = forms.TypedChoiceField(label="Ending with", required=False, coerce=str)

    def __init__(self, *args, stored=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].choices = [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in reversed(stored)]
        self.stored = {f"{m:%Y-%m}": m for m in stored}

    def window(self, default_end, default_months=12):
        """(months, end) from valid input, the defaults otherwise."""
        if not self.is_bound or not self.is_valid():
            return default_months, default_end
        months = self.cleaned_data.get("months") or default_months
        end = self.stored.get(self.cleaned_data.get("end") or "", default_end)
        return months, end


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label="Scorecard workbook (.xlsx)",
        help_text=f"An Excel workbook (.xlsx, not .xlsm) of up to {MAX_BYTES // (1024 * 1024)} "
        "MB, laid out like the template.",
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / (1024 * 1024):.1f} MB; the largest workbook "
                f"accepted is {MAX_BYTES // (1024 * 1024)} MB."
            )
        return upload


class CompleteMonthForm(forms.Form):
    """A plan manager marks a stored month complete (or not): the scorecard page and
    Appendix 4 open at the latest month marked complete."""

    month = forms.TypedChoiceField(label="Month", coerce=str)
    complete = forms.TypedChoiceField(
        label="Are this month's figures complete?",
        choices=[("yes", "Yes, show this month by default"), ("no", "No, not complete yet")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        initial="yes",
        error_messages={"required": "Select whether the month's figures are complete"},
    )
    reason = ReasonField(
        label="Reason (optional)",
        required=False,
        help_text="Recorded in the history with your name and the time.",
    )

    def __init__(self, *args, stored=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in reversed(stored)]
        self.fields["month"].error_messages["invalid_choice"] = (
            "Select a month that has figures on the scorecard"
        )
        self.fields["month"].error_messages["required"] = "Select a month"
        self.stored = {f"{m:%Y-%m}": m for m in stored}

    def clean_month(self):
        return self.stored[self.cleaned_data["month"]]

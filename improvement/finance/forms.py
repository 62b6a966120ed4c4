"""A plan manager's change to one budget line: its words, origin and figures."""

import re

from django import forms

from improvement.lib import limits

from .models import BudgetLine
from .tables import pounds

AMOUNT = re.compile(r"^(-|\u2212)?£?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
# Far above any line of a council's improvement budget; keeps a typing slip out.
LIMIT_PENCE = 100_000_000_00


class PoundsField(forms.CharField):
    """An amount in pounds as people type it ("£133,434", "133434", "-1,292", "12.50"),
    cleaned to integer pence."""

    def prepare_value(self, value):
        return pounds(value) if isinstance(value, int) else value

    def to_python(self, value):
        text = "".join((super().to_python(value) or "").split())
        if not text:
            return None
        if text.startswith("£-") or text.startswith("£\u2212"):
            text = "-" + text[2:]  # the seed's own "£-1,292"
        match = AMOUNT.match(text)
        if len(text) > 20 or not match:
            raise forms.ValidationError(
                f"{self.label} must be an amount in pounds, like £133,434 or -1,292",
                code="invalid",
            )
        whole = int(match[2].replace(",", ""))
        part = int((match[4] or ".00")[1:].ljust(2, "0"))
        pence = whole * 100 + part
        if pence > LIMIT_PENCE:
            raise forms.ValidationError(f"{self.label} must be £100,000,000 or less")
        return -pence if match[1] else pence


class BudgetLineForm(forms.Form):
    expenditure_group = forms.CharField(
        label="Expenditure group",
        max_length=300,
        error_messages={"required": "Enter the expenditure group"},
    )
    origin = forms.ChoiceField(
        label="Where the line comes from",
        choices=BudgetLine.Origin.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the line comes from"},
    )
    budget = PoundsField(
        label="Budget",
        error_messages={"required": "Enter the budget (£0 if there is none)"},
    )
    actual = PoundsField(
        label="Actual to date", error_messages={"required": "Enter the actual to date"}
    )
    forecast = PoundsField(
        label="Forecast total", error_messages={"required": "Enter the forecast total"}
    )
    reason = limits.ReasonField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the history with your name and the time.",
        error_messages={"required": "Enter the reason for the change"},
    )

    def __init__(self, *args, year, point, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].label = f"Budget {year}"
        self.fields["actual"].label = f"Actual to date at {point}"
        self.fields["forecast"].label = f"Forecast total at {point}"

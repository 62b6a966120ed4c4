"""The committee pack's choices: which date, which meeting, which report.

One form serves the pack page, the direct PDF links and the export_appendix command, so
a bad date gets the same clear message everywhere.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from improvement.lib.dates import long_date

DATE_HINT = "for example 2025-11-12"


@dataclass(frozen=True)
class PackOptions:
    """What an export prints: ratings as at ``as_at``; changes since ``since``."""

    as_at: dt.date
    since: dt.date | None = None
    meeting_date: dt.date | None = None
    reference: str = ""

    def as_query(self):
        query = {"as_at": self.as_at.isoformat()}
        if self.since:
            query["since"] = self.since.isoformat()
        if self.meeting_date:
            query["meeting_date"] = self.meeting_date.isoformat()
        if self.reference:
            query["reference"] = self.reference
        return query


def today():
    return timezone.localdate()


class IsoDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]

    def __init__(self, *, label, what, **kwargs):
        super().__init__(
            label=label,
            required=False,
            error_messages={"invalid": f"Enter {what} as a real date, {DATE_HINT}"},
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **kwargs,
        )


class CommitteePackForm(forms.Form):
    as_at = IsoDateField(
        label="Ratings as at",
        what="the ratings date",
        help_text="The plan as it stood at the end of this day. Leave blank for the latest.",
    )
    meeting_date = IsoDateField(
        label="Meeting date",
        what="the meeting date",
        help_text="The committee meeting the appendices are for (optional).",
    )
    reference = forms.CharField(
        label="Report reference",
        required=False,
        max_length=40,
        help_text="As the agenda prints it, for example CF/24/25-26 (optional).",
    )
    since = IsoDateField(
        label="Date of the previous report",
        what="the date of the previous report",
        help_text="Appendix 3 lists the changes agreed after this date.",
    )

    def __init__(self, data=None, *, plan, started=None, **kwargs):
        """``started`` is the first day the plan has data (earlier dates are refused)."""
        super().__init__(data, **kwargs)
        self.plan = plan
        self.started = started

    def clean_as_at(self):
        as_at = self.cleaned_data.get("as_at") or today()
        if as_at > today():
            raise forms.ValidationError(
                f"The ratings date must be today ({long_date(today())}) or earlier"
            )
        if self.started and as_at < self.started:
            raise forms.ValidationError(
                f"The plan has no ratings before {long_date(self.started)}: "
                "choose that day or later"
            )
        return as_at

    def clean_reference(self):
        return " ".join(self.cleaned_data.get("reference", "").split())

    def clean(self):
        cleaned = super().clean()
        as_at, since = cleaned.get("as_at"), cleaned.get("since")
        if as_at and since and since >= as_at:
            self.add_error(
                "since",
                f"The date of the previous report must be before the ratings date "
                f"({long_date(as_at)})",
            )
        return cleaned

    def options(self):
        data = self.cleaned_data
        return PackOptions(
            as_at=data["as_at"],
            since=data.get("since"),
            meeting_date=data.get("meeting_date"),
            reference=data.get("reference", ""),
        )

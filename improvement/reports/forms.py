"""The committee pack's choices: which date, which meeting, which report.

One form serves the pack page, the direct PDF links and the export_appendix command, so
a bad date gets the same clear message everywhere. The committee cover report's forms
(``DraftForm``, ``CoverEditForm``) follow.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms

from improvement.lib import limits
from improvement.lib.dates import DayField, long_date, today
from improvement.plans.form_values import one_line_breaks

from .models import SECTIONS


@dataclass(frozen=True)
class PackOptions:
    """What an export prints: ratings as at ``as_at``; changes since ``since``."""

    as_at: dt.date
    since: dt.date | None = None
    meeting_date: dt.date | None = None
    reference: str = ""
    # What the clerk chose to add to the pack (each an option on the pack page).
    reason_column: bool = False  # Appendix 1 prints each rating's reason
    evidence_titles: bool = False  # Appendix 2 lists each action's evidence of impact
    dashboard: bool = False  # the dashboard's charts at the front of the pack
    cover_report: bool = False  # the committee cover report first

    CHOICES = ("reason_column", "evidence_titles", "dashboard", "cover_report")

    def as_query(self):
        query = {"as_at": self.as_at.isoformat()}
        query.update({name: "1" for name in self.CHOICES if getattr(self, name)})
        if self.since:
            query["since"] = self.since.isoformat()
        if self.meeting_date:
            query["meeting_date"] = self.meeting_date.isoformat()
        if self.reference:
            query["reference"] = self.reference
        return query

    @classmethod
    def from_query(cls, query):
        """The options back from ``as_query()`` (how the background task receives them)."""

        def day(name):
            return dt.date.fromisoformat(query[name]) if query.get(name) else None

        return cls(
            as_at=day("as_at"),
            since=day("since"),
            meeting_date=day("meeting_date"),
            reference=query.get("reference", ""),
            **{name: query.get(name) == "1" for name in cls.CHOICES},
        )


class CommitteePackForm(forms.Form):
    as_at = DayField(
        label="Ratings as at",
        what="The ratings date",
        help_text="The plan as it stood at the end of this day, for example 12 11 2025. "
        "Leave blank for today.",
    )
    meeting_date = DayField(
        label="Meeting date",
        what="The meeting date",
        allow_future=True,
        help_text="The committee meeting the appendices are for, for example 19 1 2026 (optional).",
    )
    reference = forms.CharField(
        label="Report reference",
        required=False,
        max_length=40,
        help_text="As the agenda prints it, for example CF/24/25-26 (optional).",
    )
    since = DayField(
        label="Date of the previous report",
        what="The date of the previous report",
        help_text="Appendix 3 lists the changes agreed after this date, for example 8 5 2025.",
    )

    reason_column = forms.BooleanField(
        label="Appendix 1: print the reason for each rating below on track",
        required=False,
    )
    evidence_titles = forms.BooleanField(
        label="Appendix 2: list each action's evidence of impact", required=False
    )
    dashboard = forms.BooleanField(
        label="Start the pack with the dashboard's charts", required=False
    )
    cover_report = forms.BooleanField(
        label="Start the pack with the committee cover report", required=False
    )

    def __init__(self, data=None, *, plan, started=None, **kwargs):
        """``started`` is the first day the plan has data (earlier dates are refused)."""
        super().__init__(data, **kwargs)
        self.plan = plan
        self.started = started

    def clean_as_at(self):
        as_at = self.cleaned_data.get("as_at") or today()
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
            **{name: bool(data.get(name)) for name in PackOptions.CHOICES},
        )


# -- the committee cover report --------------------------------------------------------
SECTION_LIMIT = 20_000


class DraftForm(forms.Form):
    as_at = DayField(
        label="Ratings as at",
        what="The ratings date",
        help_text="The plan as it stood at the end of this day, for example 12 11 2025. "
        "Leave blank for today.",
    )
    since = DayField(
        label="Date of the previous report",
        what="The date of the previous report",
        help_text="Changes since this day are summarised, for example 8 5 2025. Leave "
        "blank for the plan's previous reporting date.",
    )
    committee = forms.CharField(
        label="Committee", required=False, max_length=200,
        help_text="For example, Children and Families Committee (optional).",
    )  # fmt: skip
    meeting_date = DayField(label="Meeting date", what="The meeting date", allow_future=True)
    point = forms.ChoiceField(label="Finance reporting point", required=False)

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        self.fields["point"].choices = [("", "The latest")] + [(p.key, str(p)) for p in points]

    def clean(self):
        cleaned = super().clean()
        as_at, since = cleaned.get("as_at") or today(), cleaned.get("since")
        cleaned["as_at"] = as_at
        if since and since >= as_at:
            self.add_error(
                "since", "The date of the previous report must be before the ratings date"
            )
        cleaned["point"] = next((p for p in self.points if p.key == cleaned.get("point")), None)
        return cleaned


class CoverEditForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the report's title"})  # fmt: skip
    committee = forms.CharField(label="Committee", required=False, max_length=200)
    meeting_date = DayField(label="Meeting date", what="The meeting date", allow_future=True)
    reference = forms.CharField(label="Report reference", required=False, max_length=40)
    report_of = forms.CharField(label="Report of", required=False, max_length=300)
    reason = limits.ReasonField(
        label="Reason for the change", widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the history with your name and the time.",
        error_messages={"required": "Enter the reason for the change"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in SECTIONS:
            self.fields[key] = limits.LimitedText(
                limit=SECTION_LIMIT, what=heading, label=heading, required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
            )  # fmt: skip
        self.fields["reason"] = self.fields.pop("reason")  # last, after the sections

    def clean(self):
        cleaned = super().clean()
        for key, _ in SECTIONS:
            if key in cleaned:
                cleaned[key] = one_line_breaks(cleaned[key])
        return cleaned

    def sections(self):
        return [self[key] for key, _ in SECTIONS]

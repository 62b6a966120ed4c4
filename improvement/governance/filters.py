"""The change log's filters (django-filter).

The log is a union of several history tables, so the filter set does not filter one
queryset field by field: its form validates the choices, and ``changes.entries()``
applies every filter inside each part of the union.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from improvement.lib.dates import DayField, end_of_day, long_date
from improvement.plans.models import Action, Area, Chapter, RatingLevel

from . import changes, records
from .forms import govuk


def start_of_day(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


class ChangeLogForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date.")
        rated = data.get("rating_from") or data.get("rating_to")
        if rated and data.get("field") not in (None, "", records.Field.RATING):
            self.add_error(
                "field", "Rating filters look at rating changes: choose Rating or Anything."
            )
        return data


class DayFilter(django_filters.DateFilter):
    """A date filter typed in GOV.UK's day, month and year boxes (``lib.dates.DayField``)."""

    field_class = DayField


class ChangeLogFilter(django_filters.FilterSet):
    start = DayFilter(
        label="From", what="The start date", allow_future=True, help_text="For example, 8 5 2025."
    )
    end = DayFilter(
        label="To", what="The end date", allow_future=True, help_text="For example, 12 11 2025."
    )
    chapter = django_filters.ModelChoiceFilter(
        label="Chapter", queryset=Chapter.objects.none(), empty_label="Any chapter"
    )
    area = django_filters.ModelChoiceFilter(
        label="Area", queryset=Area.objects.none(), empty_label="Any area"
    )
    person = django_filters.ModelChoiceFilter(
        label="Changed by", queryset=get_user_model().objects.none(), empty_label="Anyone"
    )
    field = django_filters.ChoiceFilter(
        label="What changed", choices=records.Field.choices, empty_label="Anything"
    )
    rating_from = django_filters.ModelChoiceFilter(
        label="Rating changed from", queryset=RatingLevel.objects.none(), empty_label="Any"
    )
    rating_to = django_filters.ModelChoiceFilter(
        label="Rating changed to", queryset=RatingLevel.objects.none(), empty_label="Any"
    )

    class Meta:
        form = ChangeLogForm

    def __init__(self, data=None, *, plan, lookups, **kwargs):
        self.plan = plan
        self.lookups = lookups
        super().__init__(data, queryset=Action.objects.none(), **kwargs)
        fields = self.form.fields
        fields["chapter"].queryset = Chapter.objects.filter(plan=plan)
        fields["area"].queryset = Area.objects.for_plan(plan).order_by("chapter__number", "order")
        fields["area"].label_from_instance = records.area_label
        # Anyone with a role in the plan, and the administrators.
        fields["person"].queryset = (
            get_user_model()
            .objects.filter(Q(memberships__plan=plan) | Q(is_superuser=True))
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        fields["person"].label_from_instance = records.person
        levels = RatingLevel.objects.filter(plan=plan).order_by("order")
        fields["rating_from"].queryset = levels
        fields["rating_to"].queryset = levels
        govuk(self.form)

    @property
    def qs(self):
        """The matching entries (a lazy union query); none while the form has errors."""
        if not hasattr(self, "_qs"):
            if self.is_bound and not self.form.is_valid():
                self._qs = changes.Entries([])
            else:
                self._qs = changes.entries(self.lookups, **self.criteria())
        return self._qs

    def _data(self):
        return self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}

    def criteria(self):
        data = self._data()
        areas = None
        if data.get("area"):
            area = data["area"]
            subs = [a.pk for a in self.lookups.areas.values() if a.parent_id == area.pk]
            areas = [area.pk, *subs]
        elif data.get("chapter"):
            chapter = data["chapter"].pk
            areas = [a.pk for a in self.lookups.areas.values() if a.chapter_id == chapter]
        return {
            "start": start_of_day(data["start"]) if data.get("start") else None,
            "end": end_of_day(data["end"]) if data.get("end") else None,
            "user": data["person"].pk if data.get("person") else None,
            "areas": areas,
            "field": data.get("field") or None,
            "rating_from": data["rating_from"].pk if data.get("rating_from") else None,
            "rating_to": data["rating_to"].pk if data.get("rating_to") else None,
        }

    def description(self):
        """The filters in words, for the page and the export."""
        data = self._data()
        shown = {
            "start": long_date,
            "end": long_date,
            "chapter": str,
            "area": records.area_label,
            "person": records.person,
            "field": lambda v: records.Field(v).label,
            "rating_from": str,
            "rating_to": str,
        }
        parts = [
            f"{self.form.fields[name].label}: {show(data[name])}"
            for name, show in shown.items()
            if data.get(name)
        ]
        return "; ".join(parts) if parts else "All changes"

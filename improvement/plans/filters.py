"""The filters of My actions (django-filter)."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q

from .flags import finished_q, overdue_q
from .models import Area, Chapter, RatingLevel

DUE_SOON_DAYS = 30


class AreaChoice(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_class = _AreaField


class _AreaField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, area):
        if area.parent_id:
            return f"{area.chapter.number}.{area.parent.number}{area.number} {area.title}"
        return f"{area.chapter.number}.{area.number} {area.title}"


class MyActionsFilter(django_filters.FilterSet):
    rating = django_filters.ModelChoiceFilter(
        queryset=RatingLevel.objects.none(), label="Rating", empty_label="Any rating"
    )
    chapter = django_filters.ModelChoiceFilter(
        field_name="area__chapter",
        queryset=Chapter.objects.none(),
        label="Chapter",
        empty_label="Any chapter",
    )
    area = AreaChoice(
        queryset=Area.objects.none(), label="Area", empty_label="Any area", method="in_area"
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="only_overdue", widget=forms.CheckboxInput
    )
    due_soon = django_filters.BooleanFilter(
        label=f"Due within {DUE_SOON_DAYS} days",
        method="only_due_soon",
        widget=forms.CheckboxInput,
    )

    def __init__(self, data=None, queryset=None, *, plans, today, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.today = today
        self.filters["rating"].queryset = RatingLevel.objects.filter(plan__in=plans).order_by(
            "plan", "order"
        )
        self.filters["chapter"].queryset = Chapter.objects.filter(plan__in=plans)
        self.filters["area"].queryset = Area.objects.for_plans(plans)

    def in_area(self, queryset, name, area):
        if not area:
            return queryset
        return queryset.filter(Q(area=area) | Q(area__parent=area))

    def only_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(self.today)) if value else queryset

    def only_due_soon(self, queryset, name, value):
        if not value:
            return queryset
        soon = self.today + dt.timedelta(days=DUE_SOON_DAYS)
        return queryset.filter(due_date__gte=self.today, due_date__lte=soon).exclude(finished_q())

"""The day: the product's one "today", the end of a day, one parser and one form field.

Every page, form and command that asks "as at which day?" reads the day here, with one
rule: blank means today; a malformed or (where the past is asked for) a future day is a
message next to the field, and the page answers HTTP 400, never a trace. Dates are typed
the GOV.UK way, in day, month and year boxes; an address may also carry the ISO form
people paste (``?as_at=2025-11-12``), which the same field reads.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.utils import timezone

PARTS = ("day", "month", "year")


def today():
    """Today in the council's time zone (settings.TIME_ZONE): the product's only "today".

    ``datetime.date.today()`` reads the server's clock zone, which differs from the
    council's around midnight; every page, form, flag and command asks here instead.
    """
    return timezone.localdate()


def end_of_day(day):
    """The last instant of a calendar day in the council's time zone."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=ZoneInfo(settings.TIME_ZONE))


def long_date(day):
    """12 November 2025 (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


class DayError(ValueError):
    """A day that cannot be read; the message is GOV.UK's wording for the field."""


def parse_day(value, *, label="The date", allow_future=False, earliest=None):
    """A date from what was typed: three boxes (a ``(day, month, year)`` tuple of
    strings) or one ISO string. None when blank; ``DayError`` with a message when it is
    not a real date, is in the future (unless ``allow_future``) or before ``earliest``.
    """
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        day = _from_iso(value.strip(), label)
    else:
        day = _from_parts([(p or "").strip() for p in (value or ("", "", ""))], label)
    if day is None:
        return None
    if not allow_future and day > today():
        raise DayError(f"{label} must be today or in the past")
    if earliest is not None and day < earliest:
        raise DayError(f"{label} must be {long_date(earliest)} or later")
    return day


def _from_iso(text, label):
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DayError(
            f"{label} must be a real date written YYYY-MM-DD, for example 2025-11-12 "
            f"(not “{text[:40]}”)"
        ) from None


def _from_parts(parts, label):
    if not any(parts):
        return None
    missing = [p for p, v in zip(PARTS, parts, strict=True) if not v]
    if missing:
        raise DayError(f"{label} must include a {' and a '.join(missing)}")
    if not all(v.isdigit() for v in parts):
        raise DayError(f"{label} must be a real date, in numbers")
    day, month, year = (int(v) for v in parts)
    if year < 1000:
        raise DayError(f"Year must include 4 numbers, for example {today().year}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DayError(f"{label} must be a real date") from None


class DayInput(forms.MultiWidget):
    """GOV.UK's three boxes, posted as ``<name>_day``, ``<name>_month`` and
    ``<name>_year``; a lone ``<name>`` in ISO form (a pasted address) is read too."""

    def __init__(self, attrs=None):
        super().__init__({p: forms.TextInput(attrs={"inputmode": "numeric"}) for p in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        parts = tuple((data.get(f"{name}_{p}") or "").strip() for p in PARTS)
        if any(parts):
            return parts
        return (data.get(name) or "").strip()

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{p}" in data for p in PARTS)


class DayBoundField(BoundField):
    @property
    def parts(self):
        """What the three boxes show: exactly what was typed, or the day's numbers."""
        value = self.value()
        if isinstance(value, tuple):
            return dict(zip(PARTS, value, strict=True))
        if isinstance(value, str):
            # An address's ISO day goes into the boxes, even one that is not a real day
            # (2025-02-30), so it can be corrected there.
            numbers = value.split("-")
            if len(numbers) == 3 and all(n.isdigit() for n in numbers):
                return dict(
                    zip(PARTS, reversed([n.lstrip("0") or "0" for n in numbers]), strict=True)
                )
            return {"day": "", "month": "", "year": ""}
        return dict(zip(PARTS, self.field.widget.decompress(value), strict=True))


class DayField(forms.Field):
    """One day, typed in GOV.UK's boxes (rendered by ``includes/day_field.html``).

    Blank cleans to None (the view reads that as today, or as "none"). Errors read
    "<label> must …" with ``what`` as the label, next to the field.
    """

    widget = DayInput

    def __init__(self, *, what="The date", allow_future=False, required=False, **kwargs):
        super().__init__(required=required, **kwargs)
        self.what = what
        self.allow_future = allow_future
        self.earliest = None

    def get_bound_field(self, form, field_name):
        return DayBoundField(form, self, field_name)

    def to_python(self, value):
        try:
            return parse_day(
                value, label=self.what, allow_future=self.allow_future, earliest=self.earliest
            )
        except DayError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(f"Enter {self.what.lower()}", code="required")


class AsAtForm(forms.Form):
    """The day a reading page is asked for: ``?as_at=`` or its day, month and year boxes.
    Blank is today (the live, editable page)."""

    as_at = DayField(
        what="The date",
        label="The date",
        help_text="For example, 12 11 2025 (the day of a committee report).",
    )

    def day(self):
        """The past day asked for, or None for today (also for a blank form)."""
        day = self.cleaned_data.get("as_at") if self.is_valid() else None
        return day if day is not None and day < today() else None

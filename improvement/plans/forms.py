"""The officer's update form and the plan manager's impact commentary form.

Dates are entered the GOV.UK way (day, month and year boxes). Every message names what
is wrong and sits next to its field; a bound form gives back exactly what was typed.
"""

import datetime as dt

from django import forms

from improvement.lib.dates import long_date

# The fields an update may change, in the order the form and the conflict page show them.
UPDATE_FIELDS = ("rating", "due_date", "due_text", "progress", "evidence")
# Changing any of these needs a reason, which the history records.
NEEDS_REASON = ("rating", "due_date", "due_text")
LABELS = {
    "rating": "Rating",
    "due_date": "Due date",
    "due_text": "Due date as written",
    "progress": "Progress commentary",
    "evidence": "Evidence",
}
DATE_PARTS = ("day", "month", "year")


def one_line_breaks(text):
    """Browsers send a textarea's line breaks as CRLF; store them as the database does."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def read_date(prefix, data, label):
    """A date from GOV.UK's three boxes: (date or None, error message or None)."""
    parts = [(data.get(f"{prefix}_{p}") or "").strip() for p in DATE_PARTS]
    if not any(parts):
        return None, None
    missing = [p for p, v in zip(DATE_PARTS, parts, strict=True) if not v]
    if missing:
        return None, f"{label} must include a {' and a '.join(missing)}"
    if not all(v.isdigit() for v in parts):
        return None, f"{label} must be a real date, in numbers"
    day, month, year = (int(v) for v in parts)
    if year < 1000:
        return None, f"Year must include 4 numbers, for example {dt.date.today().year}"
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, f"{label} must be a real date"


def date_parts(day):
    if day is None:
        return {"day": "", "month": "", "year": ""}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def typed_values(action):
    """What the form shows for an action (live or historical), as the strings it posts."""
    parts = date_parts(action.due_date)
    return {
        "rating": str(action.rating_id),
        "due_date": (parts["day"], parts["month"], parts["year"]),
        "due_text": action.due_text or "",
        "progress": one_line_breaks(action.progress),
        "evidence": one_line_breaks(action.evidence),
    }


def posted_values(data):
    """What a submitted form holds, in the shape of ``typed_values``."""
    return {
        "rating": (data.get("rating") or "").strip(),
        "due_date": tuple((data.get(f"due_{p}") or "").strip().lstrip("0") for p in DATE_PARTS),
        "due_text": (data.get("due_text") or "").strip(),
        "progress": one_line_breaks(data.get("progress")),
        "evidence": one_line_breaks(data.get("evidence")),
    }


def as_post_data(values, *, reason="", version=None):
    """Turn ``typed_values``-shaped values back into form data (for hidden fields)."""
    data = {
        "rating": values["rating"],
        "due_text": values["due_text"],
        "progress": values["progress"],
        "evidence": values["evidence"],
        "reason": reason,
    }
    for part, value in zip(DATE_PARTS, values["due_date"], strict=True):
        data[f"due_{part}"] = value
    if version is not None:
        data["version"] = str(version)
    return data


def describe(key, value, ratings):
    """A value from ``typed_values``/``posted_values`` in words, for the conflict page."""
    if key == "rating":
        level = ratings.get(int(value)) if value.isdigit() else None
        return level or value
    if key == "due_date":
        day, error = read_date(
            "due", dict(zip(("due_day", "due_month", "due_year"), value, strict=True)), "Due date"
        )
        if error:
            return " / ".join(value)
        return long_date(day) if day else ""
    return value


class ActionUpdateForm(forms.Form):
    """Rating, due date and text, progress commentary, evidence, and a reason.

    ``action`` is the action as stored now: the reason is required when the rating or
    due date differs from it, and ``changes()`` lists only what differs, so an unchanged
    save writes nothing.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rating = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label="Rating",
        error_messages={"required": "Choose a rating", "invalid_choice": "Choose a rating"},
    )
    due_day = forms.CharField(required=False, max_length=2, label="Day")
    due_month = forms.CharField(required=False, max_length=2, label="Month")
    due_year = forms.CharField(required=False, max_length=4, label="Year")
    due_text = forms.CharField(
        required=False,
        max_length=300,
        label="Due date as written (optional)",
        help_text='Only when the due date is not a plain month, for example "TBC" or '
        '"Quarterly review". Leave it empty and the plan prints the month.',
        error_messages={"max_length": "Due date as written must be 300 characters or fewer"},
    )
    progress = forms.CharField(required=False, widget=forms.Textarea, label="Progress commentary")
    evidence = forms.CharField(required=False, widget=forms.Textarea, label="Evidence")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Reason for the change",
        help_text="Needed when you change the rating or the due date. It is kept in the "
        "action's history with your name and the time.",
    )

    def __init__(self, *args, action, ratings, **kwargs):
        self.action = action
        self.ratings = ratings
        if not args and "initial" not in kwargs:
            values = typed_values(action)
            kwargs["initial"] = {**as_post_data(values), "version": action.version}
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [(r.pk, r.name) for r in ratings]

    def clean_progress(self):
        return one_line_breaks(self.cleaned_data["progress"])

    def clean_evidence(self):
        return one_line_breaks(self.cleaned_data["evidence"])

    def clean_reason(self):
        return one_line_breaks(self.cleaned_data["reason"])

    def clean(self):
        cleaned = super().clean()
        due_date, error = read_date("due", self.data, "Due date")
        if error:
            self.add_error("due_day", error)
        else:
            cleaned["due_date"] = due_date
            if due_date is None and not cleaned.get("due_text"):
                self.add_error("due_day", "Enter a due date, or write when it is due")
        if not cleaned.get("reason"):
            needing = self._needing_reason()
            if needing:
                words = " and the ".join(dict.fromkeys(_reason_word(f) for f in needing))
                self.add_error("reason", f"Enter a reason for changing the {words}")
        return cleaned

    def _needing_reason(self):
        """The fields needing a reason that the input changes, judged from what was
        typed, so the reason is asked for at once even when another field is wrong."""
        stored, typed = typed_values(self.action), posted_values(self.data)
        return [f for f in NEEDS_REASON if typed[f] != stored[f]]

    def new_values(self):
        data = self.cleaned_data
        return {
            "rating_id": data["rating"],
            "due_date": data["due_date"],
            "due_text": data["due_text"],
            "progress": data["progress"],
            "evidence": data["evidence"],
        }

    def changes(self):
        """The names (from UPDATE_FIELDS) whose new value differs from the stored one."""
        old = {
            "rating_id": self.action.rating_id,
            "due_date": self.action.due_date,
            "due_text": self.action.due_text,
            "progress": one_line_breaks(self.action.progress),
            "evidence": one_line_breaks(self.action.evidence),
        }
        names = {"rating_id": "rating"}
        return [names.get(k, k) for k, v in self.new_values().items() if old[k] != v]

    def reason_for(self, changed):
        """The history reason: the officer's words, or what changed when none are needed."""
        if self.cleaned_data.get("reason"):
            return self.cleaned_data["reason"]
        return " and ".join(LABELS[f] for f in changed) + " updated."

    def due_error(self):
        return self.errors.get("due_day")


def _reason_word(field):
    return "rating" if field == "rating" else "due date"


class CommentaryForm(forms.Form):
    """Impact commentary for one area and one reporting date."""

    date_day = forms.CharField(required=False, max_length=2, label="Day")
    date_month = forms.CharField(required=False, max_length=2, label="Month")
    date_year = forms.CharField(required=False, max_length=4, label="Year")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Key improvement activities delivered and their impact",
        error_messages={"required": "Enter the impact commentary"},
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason (optional)",
        help_text="Kept in the history with your name and the time.",
    )

    def clean_text(self):
        return one_line_breaks(self.cleaned_data["text"])

    def clean_reason(self):
        return one_line_breaks(self.cleaned_data["reason"])

    def clean(self):
        cleaned = super().clean()
        day, error = read_date("date", self.data, "Reporting date")
        if error:
            self.add_error("date_day", error)
        elif day is None:
            self.add_error("date_day", "Enter the reporting date")
        else:
            cleaned["reporting_date"] = day
        return cleaned

"""The officer's update form and the plan manager's impact commentary form.

Dates are entered the GOV.UK way (day, month and year boxes). Every message names what
is wrong and sits next to its field; a bound form gives back exactly what was typed.
The form's values as strings (for the conflict page and tests) are in ``form_values``.
"""

from django import forms

from improvement.lib import limits

from . import cycle
from .form_values import (
    as_post_data,
    field_keys,
    label,
    needs_reason,
    one_line_breaks,
    posted_values,
    read_date,
    split_key,
    typed_values,
)
from .labels import FIELD_LABELS


class ActionUpdateForm(forms.Form):
    """Rating, due date and text, progress commentary, evidence, and a reason; and for an
    action printing further rows (CLB4), each further row's rating, due date and text.

    ``action`` is the action as stored now and ``rows`` its further rows (ActionRow, as
    ``ActionRow.objects.for_update_form`` gives them, with ``owner_titles``): the reason
    is required when any row's rating or due date differs from them, and ``changes()``
    lists only what differs, so an unchanged save writes nothing.

    A rating needing a reason (``RatingLevel.needs_reason``) needs ``rating_reason``;
    moving to complete from finished-but-not-complete needs evidence of impact; with
    ``governed`` (an officer, in a plan whose changes need agreement) a further row's due
    date cannot change here (the action's own goes to a meeting: ``updating``). The
    rules are in ``cycle``.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rating = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label=FIELD_LABELS["rating"],
        error_messages={"required": "Choose a rating", "invalid_choice": "Choose a rating"},
    )
    rating_reason = limits.ReasonField(
        what="The reason for the rating",
        required=False,
        widget=forms.Textarea,
        label=FIELD_LABELS["rating_reason"],
    )
    due_day = forms.CharField(required=False, max_length=2, label="Day")
    due_month = forms.CharField(required=False, max_length=2, label="Month")
    due_year = forms.CharField(required=False, max_length=4, label="Year")
    due_text = forms.CharField(
        required=False,
        max_length=300,
        label=f"{FIELD_LABELS['due_text']} (optional)",
        help_text='Only when the due date is not a plain month, for example "TBC" or '
        '"Quarterly review". Leave it empty and the plan prints the month.',
        error_messages={
            "max_length": f"{FIELD_LABELS['due_text']} must be 300 characters or fewer"
        },
    )
    progress = limits.LimitedText(
        limit=limits.PROGRESS,
        what=FIELD_LABELS["progress"],
        required=False,
        widget=forms.Textarea,
        label=FIELD_LABELS["progress"],
    )
    evidence = limits.LimitedText(
        limit=limits.EVIDENCE,
        what=FIELD_LABELS["evidence"],
        required=False,
        widget=forms.Textarea,
        label=FIELD_LABELS["evidence"],
    )
    reason = limits.ReasonField(
        required=False,
        widget=forms.Textarea,
        label="Reason for the change",
        help_text="Needed when you change a rating or a due date. It is kept in the "
        "action's history with your name and the time.",
    )

    def __init__(self, *args, action, ratings, rows=(), governed=False, **kwargs):
        self.action = action
        self.ratings = ratings
        self.level_by_id = {r.pk: r for r in ratings}
        self.rows = list(rows)
        self.governed = governed
        self.evidence_needed = False
        if not args and "initial" not in kwargs:
            values = typed_values(action, self.rows)
            kwargs["initial"] = {**as_post_data(values), "version": action.version}
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [(r.pk, r.name) for r in ratings]
        self._label_rating_reason()
        for row in self.rows:
            self._add_row_fields(row.row)
        # Further rows' fields come straight after the first row's (and so does the
        # error summary's order).
        first = ["version", "rating", "rating_reason", "due_day", "due_month", "due_year"]
        first.append("due_text")
        further = [n for n in self.fields if n.startswith("row")]
        self.order_fields([*first, *further])

    def _label_rating_reason(self):
        """ "Reason for Delayed" when the chosen (or stored) rating needs a reason."""
        field = self.fields["rating_reason"]
        field.help_text = cycle.reason_hint(self.ratings)
        chosen = self["rating"].value()
        level = self.level_by_id.get(int(chosen)) if str(chosen).isdigit() else None
        if level is not None and level.needs_reason:
            field.label = cycle.reason_label(level)

    @property
    def evidence_url(self):
        return cycle.evidence_add_url(self.action) if self.evidence_needed else ""

    def _add_row_fields(self, n):
        choose = f"Choose a rating for row {n}"
        self.fields[f"row{n}_rating"] = forms.TypedChoiceField(
            coerce=int,
            widget=forms.RadioSelect,
            label=label(f"row{n}_rating"),
            choices=[(r.pk, r.name) for r in self.ratings],
            error_messages={"required": choose, "invalid_choice": choose},
        )
        for part, size in (("day", 2), ("month", 2), ("year", 4)):
            self.fields[f"row{n}_due_{part}"] = forms.CharField(
                required=False, max_length=size, label=part.capitalize()
            )
        self.fields[f"row{n}_due_text"] = forms.CharField(
            required=False,
            max_length=300,
            label=f"{label(f'row{n}_due_text')} (optional)",
            error_messages={
                "max_length": f"{label(f'row{n}_due_text')} must be 300 characters or fewer"
            },
        )

    @property
    def further_rows(self):
        """What the template prints for each further row: its number, owners and fields."""
        return [
            {
                "number": row.row,
                "prefix": f"row{row.row}",
                "owner_titles": getattr(row, "owner_titles", []),
                "rating": self[f"row{row.row}_rating"],
                "due_day": self[f"row{row.row}_due_day"],
                "due_month": self[f"row{row.row}_due_month"],
                "due_year": self[f"row{row.row}_due_year"],
                "due_text": self[f"row{row.row}_due_text"],
                "due_error": self.errors.get(f"row{row.row}_due_day"),
            }
            for row in self.rows
        ]

    def clean_progress(self):
        return one_line_breaks(self.cleaned_data["progress"])

    def clean_evidence(self):
        return one_line_breaks(self.cleaned_data["evidence"])

    def clean_reason(self):
        return one_line_breaks(self.cleaned_data["reason"])

    def clean_rating_reason(self):
        return one_line_breaks(self.cleaned_data["rating_reason"])

    def clean(self):
        cleaned = super().clean()
        cycle.check_rating_reason(self, cleaned)
        cycle.check_impact_evidence(self, cleaned)
        self._clean_due(
            cleaned, "due", label("due_date"), "Enter a due date, or write when it is due"
        )
        for row in self.rows:
            n = row.row
            self._clean_due(
                cleaned,
                f"row{n}_due",
                label(f"row{n}_due_date"),
                f"Enter a due date for row {n}, or write when it is due",
            )
        cycle.check_governed_rows(self)
        if not cleaned.get("reason"):
            needing = self._needing_reason()
            if needing:
                words = " and the ".join(dict.fromkeys(_reason_word(f) for f in needing))
                self.add_error("reason", f"Enter a reason for changing the {words}")
        return cleaned

    def _clean_due(self, cleaned, prefix, name, missing):
        due_date, error = read_date(prefix, self.data, name)
        if error:
            self.add_error(f"{prefix}_day", error)
        else:
            cleaned[f"{prefix}_date"] = due_date
            if due_date is None and not cleaned.get(f"{prefix}_text"):
                self.add_error(f"{prefix}_day", missing)

    def _needing_reason(self):
        """The fields needing a reason that the input changes, judged from what was
        typed, so the reason is asked for at once even when another field is wrong."""
        stored = typed_values(self.action, self.rows)
        typed = posted_values(self.data, self.rows)
        return [k for k in field_keys(self.rows) if needs_reason(k) and typed[k] != stored[k]]

    def new_values(self):
        """The action's own new values (its first row and commentary)."""
        data = self.cleaned_data
        return {
            "rating_id": data["rating"],
            "rating_reason": data["rating_reason"],
            "due_date": data["due_date"],
            "due_text": data["due_text"],
            "progress": data["progress"],
            "evidence": data["evidence"],
        }

    def row_values(self, row):
        """A further row's new values."""
        data, n = self.cleaned_data, row.row
        return {
            "rating_id": data[f"row{n}_rating"],
            "due_date": data[f"row{n}_due_date"],
            "due_text": data[f"row{n}_due_text"],
        }

    def changes(self):
        """The value keys (see ``field_keys``) whose new value differs from the stored one."""
        old = {
            "rating_id": self.action.rating_id,
            "rating_reason": one_line_breaks(self.action.rating_reason),
            "due_date": self.action.due_date,
            "due_text": self.action.due_text,
            "progress": one_line_breaks(self.action.progress),
            "evidence": one_line_breaks(self.action.evidence),
        }
        names = {"rating_id": "rating"}
        changed = [names.get(k, k) for k, v in self.new_values().items() if old[k] != v]
        for row in self.rows:
            for key, value in self.row_values(row).items():
                if getattr(row, key) != value:
                    changed.append(f"row{row.row}_{names.get(key, key)}")
        order = field_keys(self.rows)
        return sorted(changed, key=order.index)

    def reason_for(self, changed):
        """The history reason: the officer's words, or what changed when none are needed."""
        if self.cleaned_data.get("reason"):
            return self.cleaned_data["reason"]
        return " and ".join(label(f) for f in changed) + " updated."

    def due_error(self):
        return self.errors.get("due_day")


def _reason_word(field):
    number, base = split_key(field)
    word = "rating" if base == "rating" else "due date"
    return word if number is None else f"row {number} {word}"


class CommentaryForm(forms.Form):
    """Impact commentary for one area and one reporting date."""

    date_day = forms.CharField(required=False, max_length=2, label="Day")
    date_month = forms.CharField(required=False, max_length=2, label="Month")
    date_year = forms.CharField(required=False, max_length=4, label="Year")
    text = limits.LimitedText(
        limit=limits.COMMENTARY,
        what=FIELD_LABELS["commentary"],
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Key improvement activities delivered and their impact",
        error_messages={"required": "Enter the impact commentary"},
    )
    reason = limits.ReasonField(
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

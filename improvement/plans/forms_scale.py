"""The rating scale editor's forms: one form per level, one for a new level, a reason.

``ScaleEditor`` holds them and checks what only the whole scale can tell (names unique
in the plan, a level counting as complete, a level in use not removed), then saves each
changed level through the history with the manager's reason. Every message sits next to
its field and a refused form gives back exactly what was typed.
"""

import math
import re
from itertools import pairwise

from django import forms
from django.db import transaction

from improvement.lib import limits
from improvement.lib.history import assign_changed, delete_tracked, save_tracked
from improvement.planfiles.data import MEANINGS

from .forms import one_line_breaks
from .models import RatingLevel
from .models.plan import contrast_ratio, text_colour_on
from .scales import PRESETS, uses_in_words

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5
TEXT_FIELDS = ("name", "short_name", "colour", "hex_colour", "definition", "overview_definition")


def contrast_words(ratio):
    # Rounded down, so a fill just short of 4.5:1 never reads as "4.5:1" when refused.
    return f"{math.floor(ratio * 10) / 10:g}:1"


class LevelForm(forms.Form):
    """One level's words, colours, position and meanings (``level`` None: a new one)."""

    name = forms.CharField(
        max_length=80,
        label="Name",
        help_text="The status word the plan prints (Appendix 2), for example “Delayed”.",
        error_messages={
            "required": "Enter the level's name",
            "max_length": "The name must be 80 characters or fewer",
        },
    )
    short_name = forms.CharField(
        required=False,
        max_length=30,
        label="Short name",
        help_text="The word the RAG overview prints (Appendix 1), for example “Amber E”. "
        "Leave it empty to print the name.",
        error_messages={"max_length": "The short name must be 30 characters or fewer"},
    )
    colour = forms.ChoiceField(
        choices=RatingLevel.Colour.choices,
        label="Colour in the key",
        help_text="The colour the plan's key gives this level.",
        error_messages={
            "required": "Choose the colour in the key",
            "invalid_choice": "Choose the colour in the key",
        },
    )
    hex_colour = forms.CharField(
        max_length=7,
        label="Fill colour",
        help_text="A hex colour like #00703c. Words on it are printed in black or white, "
        "whichever stands out more; the fill must give them a contrast of at least 4.5:1.",
        error_messages={
            "required": "Enter the fill colour, like #00703c",
            "max_length": "Enter the fill colour as # and six letters or digits, like #00703c",
        },
    )
    definition = limits.LimitedText(
        limit=limits.DEFINITION,
        what="The definition",
        required=False,
        widget=forms.Textarea,
        label="Definition (optional)",
        help_text="The plan's key for this level.",
    )
    overview_definition = limits.LimitedText(
        limit=limits.DEFINITION,
        what="The overview definition",
        required=False,
        widget=forms.Textarea,
        label="Overview definition (optional)",
        help_text="The RAG overview's (Appendix 1) key for this level.",
    )
    position = forms.IntegerField(
        min_value=1,
        label="Position",
        help_text="1 is first. Give another level's number to put this one in its place.",
        error_messages={
            "required": "Enter the position as a whole number, like 3",
            "invalid": "Enter the position as a whole number, like 3",
            "min_value": "The position must be 1 or more",
        },
    )
    counts_as_complete = forms.BooleanField(
        required=False,
        label="Counts as complete",
        help_text="Actions at this level count as done in the committee's percentage complete.",
    )
    is_finished = forms.BooleanField(
        required=False,
        label="Finished",
        help_text="The work is done or no longer asked for: actions at this level are never "
        "shown as overdue and are not asked for a new rating.",
    )
    is_delayed = forms.BooleanField(
        required=False,
        label="Delayed",
        help_text="Actions at this level are listed as delayed in Appendix 3.",
    )
    is_under_review = forms.BooleanField(
        required=False,
        label="Under review",
        help_text="Actions at this level are listed as under review or scoping in Appendix 3.",
    )
    needs_reason = forms.BooleanField(
        required=False,
        label="Needs a reason",
        help_text="Below “on track”: an officer choosing this rating writes a short reason "
        "(“Reason for Amber”), shown on the action's page and in Appendix 1.",
    )
    remove = forms.BooleanField(required=False, label="Remove the level")

    def __init__(self, *args, level=None, position, **kwargs):
        self.level = level
        self.start_position = position
        initial = {"position": position}
        if level is not None:
            initial.update({f: getattr(level, f) for f in (*TEXT_FIELDS, *MEANINGS)})
        super().__init__(*args, initial=initial, **kwargs)
        if level is None:
            del self.fields["remove"]
            self.fields["colour"].choices = [("", "Choose a colour"), *RatingLevel.Colour.choices]

    @property
    def meaning_fields(self):
        return [self[m] for m in MEANINGS]

    @property
    def meaning_errors(self):
        return [field for field in self.meaning_fields if field.errors]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_short_name(self):
        return " ".join(self.cleaned_data["short_name"].split())

    def clean_definition(self):
        return one_line_breaks(self.cleaned_data["definition"])

    def clean_overview_definition(self):
        return one_line_breaks(self.cleaned_data["overview_definition"])

    def clean_hex_colour(self):
        value = self.cleaned_data["hex_colour"].strip()
        if not HEX.match(value):
            raise forms.ValidationError(
                "Enter the fill colour as # and six letters or digits, like #00703c"
            )
        ratio = contrast_ratio(value, text_colour_on(value))
        if ratio < MIN_CONTRAST:
            raise forms.ValidationError(
                f"This fill gives text a contrast of {contrast_words(ratio)}; choose a darker "
                "or lighter colour so it is at least 4.5:1"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("short_name"):
            cleaned["short_name"] = cleaned["name"]
        return cleaned

    def full_clean(self):
        super().full_clean()
        # A level being removed is not saved, so only its removal can be wrong.
        if self.removing and self._errors:
            for name in [n for n in self._errors if n != "remove"]:
                del self._errors[name]

    @property
    def removing(self):
        return self.level is not None and self["remove"].value() is True

    def values(self):
        """The level's new stored values (after ``is_valid``)."""
        return {f: self.cleaned_data[f] for f in (*TEXT_FIELDS, *MEANINGS)}

    def typed_differs(self):
        """Whether what was typed differs from the stored level, judged from the input
        itself so a missing reason is asked for at once even when a field is wrong."""
        if self.level is None:
            return self.has_changed()
        for name in (*TEXT_FIELDS, *MEANINGS):
            typed, stored = self[name].value(), getattr(self.level, name)
            if name in MEANINGS:
                if bool(typed) != stored:
                    return True
            elif one_line_breaks(str(typed or "")) != one_line_breaks(stored):
                if not (name == "short_name" and not str(typed or "").strip()):
                    return True
        return str(self["position"].value()).strip() != str(self.start_position)


class ReasonForm(forms.Form):
    reason = limits.ReasonField(
        required=False,
        widget=forms.Textarea,
        label="Reason for the change",
        help_text="Needed for any change to the scale. It is kept in each changed level's "
        "history with your name and the time.",
    )

    def clean_reason(self):
        return one_line_breaks(self.cleaned_data["reason"])


class PresetForm(forms.Form):
    """For a plan with no scale yet: which common scale to start from, and why."""

    preset = forms.ChoiceField(
        choices=[(key, label) for key, (label, _levels) in PRESETS.items()],
        widget=forms.RadioSelect,
        label="Start from",
        error_messages={
            "required": "Choose a scale to start from",
            "invalid_choice": "Choose a scale to start from",
        },
    )
    reason = limits.ReasonField(
        widget=forms.Textarea,
        label="Reason",
        help_text="Kept in each level's history with your name and the time.",
        error_messages={"required": "Enter a reason for choosing this scale"},
    )

    def clean_reason(self):
        return one_line_breaks(self.cleaned_data["reason"])


class ScaleEditor:
    """Every level's form, the new level's and the reason, checked as one scale.

    ``levels`` come from ``levels_with_uses``. After ``is_valid()``, ``changes`` lists
    the levels to save with their new values (only those that differ), ``removals`` the
    levels to delete, ``new_values`` the added level's values (or None).
    """

    def __init__(self, plan, levels, data=None):
        self.plan, self.levels = plan, levels
        self.level_forms = [
            LevelForm(data, level=level, position=i, prefix=f"level{level.pk}")
            for i, level in enumerate(levels, 1)
        ]
        self.new_form = LevelForm(
            data,
            position=len(levels) + 1,
            prefix="new",
            empty_permitted=True,
            use_required_attribute=False,
        )
        self.reason_form = ReasonForm(data)
        self.scale_errors = {}  # anchor -> message, for what no single field holds
        self.changes, self.removals, self.new_values = [], [], None

    @property
    def forms(self):
        return [*self.level_forms, self.new_form, self.reason_form]

    @property
    def adding(self):
        return self.new_form.is_bound and self.new_form.has_changed()

    @property
    def reason(self):
        return self.reason_form.cleaned_data.get("reason", "")

    def is_valid(self):
        fields_valid = all([form.is_valid() for form in self.forms])
        self._check_removals()
        if fields_valid and not self._has_errors():
            self._check_scale()
        if not self._has_errors():
            changed = bool(self.changes or self.removals or self.new_values)
        else:
            changed = self.adding or any(f.removing or f.typed_differs() for f in self.level_forms)
        if changed and not self.reason_form.cleaned_data.get("reason"):
            self.reason_form.add_error("reason", "Enter a reason for changing the rating scale")
        return not self._has_errors()

    def _has_errors(self):
        return bool(self.scale_errors) or any(form.errors for form in self.forms)

    def _check_removals(self):
        for form in self.level_forms:
            level = form.level
            if form.removing and (level.action_uses or level.row_uses):
                form.add_error(
                    "remove",
                    f"“{level.name}” is the rating of {uses_in_words(level)}, so it cannot "
                    "be removed; give them another rating first",
                )

    def _check_scale(self):
        kept = [f for f in self.level_forms if not f.removing]
        if self.adding:
            kept.append(self.new_form)
        by_name = {}
        for form in kept:
            by_name.setdefault(form.cleaned_data["name"].casefold(), []).append(form)
        for same in by_name.values():
            # Told at the name just typed, not at the level that already had it.
            typed = [f for f in same if f.level is None or f.level.name != f.cleaned_data["name"]]
            for form in (typed or same[1:]) if len(same) > 1 else ():
                name = form.cleaned_data["name"]
                form.add_error(
                    "name", f"Another level is already called “{name}”; give each its own name"
                )
        if not any(f.cleaned_data["counts_as_complete"] for f in kept):
            # Told next to the first level's box, where a manager would tick it.
            first = kept[0] if kept else self.level_forms[0]
            first.add_error(
                "counts_as_complete",
                "At least one level must count as complete: the committee's percentage "
                "complete needs it",
            )
        if self._has_errors():
            return
        self.removals = [f.level for f in self.level_forms if f.removing]
        orders = _orders(kept)
        for form, order in zip(kept, orders, strict=True):
            values = {**form.values(), "order": order}
            if form.level is None:
                self.new_values = values
            elif any(getattr(form.level, k) != v for k, v in values.items()):
                self.changes.append((form, values))
        self.changes = self._in_saving_order(self.changes)

    def _in_saving_order(self, changes):
        """Save a level taking another's name after that one is renamed (the database
        keeps names unique at every save); names swapped in a circle cannot be saved."""
        held = {f.level.name: f.level.pk for f in self.level_forms if not f.removing}
        pending, ordered = list(changes), []
        while pending:
            ready = [c for c in pending if held.get(c[1]["name"], c[0].level.pk) == c[0].level.pk]
            if not ready:
                form = pending[0][0]
                form.add_error(
                    "name",
                    f"“{form.cleaned_data['name']}” is still another level's name: rename "
                    "that level to a name no level has, save, then come back to this one",
                )
                return []
            for form, values in ready:
                del held[form.level.name]
                held[values["name"]] = form.level.pk
                ordered.append((form, values))
                pending.remove((form, values))
        return ordered

    @transaction.atomic
    def save(self, user):
        """Delete, change and add levels, each with the reason in its history. Returns
        (changed names, added name or None, removed names)."""
        reason = self.reason
        for level in self.removals:
            delete_tracked(level, user=user, reason=reason)
        for form, values in self.changes:
            assign_changed(form.level, values)
            save_tracked(form.level, user=user, reason=reason)
        added = None
        if self.new_values is not None:
            added = RatingLevel(plan=self.plan, **self.new_values)
            save_tracked(added, user=user, reason=reason)
        return (
            [form.level.name for form, _values in self.changes],
            added.name if added else None,
            [level.name for level in self.removals],
        )

    def error_links(self):
        """The error summary's links: each field's first message, then the scale's."""
        links = {}
        for form in self.forms:
            for field in form:
                if field.errors:
                    links[field.auto_id] = field.errors[0]
        return {**links, **self.scale_errors}


def _orders(forms_in_page_order):
    """The stored order of each level after the typed positions: a level given a new
    position goes before the one that held it. Stored orders already in sequence are
    kept (removing a level renumbers nothing); otherwise the levels are numbered 1 up."""
    ranked = sorted(
        enumerate(forms_in_page_order),
        key=lambda item: (
            item[1].cleaned_data["position"],
            item[1].cleaned_data["position"] == item[1].start_position,
            item[0],
        ),
    )
    stored = [f.level.order if f.level else None for _i, f in ranked]
    if None not in stored and all(a < b for a, b in pairwise(stored)):
        numbers = stored
    else:
        numbers = list(range(1, len(ranked) + 1))
    orders = [0] * len(ranked)
    for (index, _form), number in zip(ranked, numbers, strict=True):
        orders[index] = number
    return orders

"""The new-plan wizard's forms: the file and the plan's particulars, then the mapping of
the file's columns and rating words onto the product's fields and rating scale."""

import re

from django import forms
from django.utils.text import slugify
from openpyxl.utils import get_column_letter

from improvement.lib.dates import DayField
from improvement.plans.models import Plan
from improvement.scorecard.import_checks import MAX_BYTES

# The product's fields a tracker's columns can fill, in the order the mapping page asks.
FIELDS = [
    ("ref", "Reference", "The action's number as the plan prints it, for example 1.2.3."),
    ("action", "Action", "The action itself. Every plan needs this column."),
    ("owner", "Owner", "Who owns the action: one or more role titles."),
    ("due", "Due date", "A date, or words such as “Ongoing”."),
    ("rating", "Rating", "The action's rating, for example “Green” or “On track”."),
    ("level1", "Chapter (level 1)", "The top level of the plan, such as a theme or chapter."),
    ("level2", "Area (level 2)", "The area for improvement within a chapter."),
    ("level3", "Sub-area (level 3)", "Leave as “Not in this file” for a two-level plan."),
    ("progress", "Progress", "The latest progress commentary."),
    ("evidence", "Evidence", "Where the evidence of impact is."),
]
WORDS_SCALE = "words"
# Addresses under /plans/ that are pages, not plans.
RESERVED_SLUGS = {"new"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def scale_choices():
    """(key, label, levels) for each starting scale: the file's own words, then the
    presets (improvement.plans.scales.PRESETS)."""
    from improvement.plans.scales import PRESETS

    choices = [(WORDS_SCALE, "Create it from the rating words in the file", [])]
    return choices + [(key, label, levels) for key, (label, levels) in PRESETS.items()]


def preset_levels(key):
    """The levels of a preset scale, or None for the file's own words."""
    from improvement.plans.scales import PRESETS

    return None if key == WORDS_SCALE else PRESETS[key][1]


class NewPlanForm(forms.Form):
    file = forms.FileField(
        label="The plan's file (.xlsx or .csv)",
        help_text="A tracker with one row per action and a heading row, or a plan workbook "
        f"downloaded from this service. Up to {MAX_BYTES // (1024 * 1024)} MB.",
        required=False,  # a file kept from the last try stands in for it (the view checks)
    )
    kept = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Plan title",
        max_length=200,
        error_messages={"required": "Enter the plan's title"},
    )
    slug = forms.CharField(
        label="Web address (optional)",
        max_length=80,
        required=False,
        help_text="The end of the plan's address, /plans/<address>/: lower-case letters, "
        "numbers and hyphens. Leave blank to make it from the title.",
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text="For example, Example Borough Council.",
        error_messages={"required": "Enter the organisation the plan belongs to"},
    )
    as_at = DayField(
        what="The date the ratings stood",
        label="The date the ratings in the file stood (optional)",
        help_text="For example, 12 11 2025, the day of the last committee report. Leave "
        "blank for today. The plan's history starts on this day.",
    )
    scale = forms.ChoiceField(
        label="Starting rating scale",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the starting rating scale"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scales = scale_choices()
        self.fields["scale"].choices = [(key, label) for key, label, _levels in self.scales]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / (1024 * 1024):.1f} MB; the largest file "
                f"accepted is {MAX_BYTES // (1024 * 1024)} MB."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        typed = (cleaned.get("slug") or "").strip().lower()
        title = cleaned.get("title") or ""
        if "slug" in self.errors or (not typed and not title):
            return cleaned
        slug = typed or slugify(title)[:80].strip("-")
        made = "" if typed else " (made from the title)"
        if not SLUG.match(slug):
            self.add_error(
                "slug",
                "Enter an address of lower-case letters, numbers and hyphens, for example "
                "childrens-services",
            )
        elif slug in RESERVED_SLUGS or Plan.objects.filter(slug=slug).exists():
            self.add_error(
                "slug", f"The address “{slug}”{made} is already used: enter another address"
            )
        else:
            cleaned["slug"] = slug
        return cleaned


def columns(headers):
    """(letter, heading) of each column."""
    return [(get_column_letter(i + 1), heading) for i, heading in enumerate(headers)]


def column_choices(headers):
    """Each column as "B: Action", after "Not in this file"."""
    return [("", "Not in this file")] + [
        (str(i), f"{letter}: {heading or '(no heading)'}")
        for i, (letter, heading) in enumerate(columns(headers))
    ]


def word_label(word):
    return word if word else "(blank cell)"


def guess_level(word, levels):
    """The level whose name or short name is the word, ignoring case, or ""."""
    wanted = word.strip().casefold()
    for level in levels:
        if wanted in {level.name.casefold(), level.short_name.casefold()}:
            return level.name
    return ""


class MappingForm(forms.Form):
    """A select of the file's columns for each product field (``col_<field>``) and, for a
    preset scale, a select of its levels for each rating word (``rating_<n>``, in the
    order of ``words``)."""

    def __init__(self, *args, headers, words, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.words = words
        choices = column_choices(headers)
        for name, label, hint in FIELDS:
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=label,
                help_text=hint,
                choices=choices,
                required=name == "action",
                error_messages={"required": "Select the column that holds the actions"},
            )
        self.levels = levels
        level_choices = [("", "Choose a level")] + [(lv.name, lv.name) for lv in levels or []]
        for n, (word, _count) in enumerate(words if levels is not None else []):
            self.fields[f"rating_{n}"] = forms.ChoiceField(
                label=word_label(word),
                choices=level_choices,
                error_messages={"required": f"Choose a level for “{word_label(word)}”"},
            )

    @classmethod
    def initial_for(cls, mapping, words, levels, ratings):
        """What the selects show first: the mapping as kept, and each word's level as
        chosen before or, failing that, the level of the same name."""
        initial = {f"col_{name}": str(i) for name, i in (mapping or {}).items() if i is not None}
        for n, (word, _count) in enumerate(words if levels is not None else []):
            initial[f"rating_{n}"] = (ratings or {}).get(word) or guess_level(word, levels)
        return initial

    def column_fields(self):
        return [self[f"col_{name}"] for name, _label, _hint in FIELDS]

    def rating_fields(self):
        return [
            (self[f"rating_{n}"], count)
            for n, (_word, count) in enumerate(self.words)
            if f"rating_{n}" in self.fields
        ]

    def column_errors(self):
        return any(name.startswith("col_") for name in self.errors)

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for name, label, _hint in FIELDS:
            column = cleaned.get(f"col_{name}")
            if not column:
                continue
            if column in seen:
                letter = get_column_letter(int(column) + 1)
                self.add_error(
                    f"col_{name}",
                    f"Column {letter} is already chosen for {seen[column]}: choose another "
                    f"column for {label}, or “Not in this file”",
                )
            else:
                seen[column] = label
        return cleaned

    def mapping(self):
        """{field: column index} for the fields given a column (read before ``clean``
        finishes when only the ratings are wrong)."""
        data = self.cleaned_data
        return {
            name: int(data[f"col_{name}"])
            for name, _label, _hint in FIELDS
            if data.get(f"col_{name}")
        }

    def ratings(self):
        return {
            word: self.cleaned_data[f"rating_{n}"]
            for n, (word, _count) in enumerate(self.words)
            if f"rating_{n}" in self.fields
        }

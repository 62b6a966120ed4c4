"""The plan page's filters (rating, owner, chapter, area, overdue, slipping, waiting for
evidence), and the addresses of the filtered lists the dashboard's figures link to.

The plan page is read from one ``PlanSnapshot`` (today or a past day), so the filters
are a plain form whose choices come from that snapshot (the scale, roles, chapters and
areas of that day, already read for the page: no extra query) and are applied to the
snapshot's actions in Python. django-filter (``plans/filters.py``, My actions) filters a
live queryset, which a past day's page does not have.
"""

from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from improvement.plans import flags
from improvement.plans.models import RatingLevel

# "Slipping": the due date has moved at least this many times (as at the day).
SLIPPING_MOVES = 2

# How long an Amber E action has waited for its evidence of impact, in days since its
# rating last changed: (key, label, from, to), the last open-ended.
WAIT_BUCKETS = (
    ("0-30", "Up to 30 days", 0, 30),
    ("31-90", "31 to 90 days", 31, 90),
    ("91-180", "91 to 180 days", 91, 180),
    ("181-", "Over 180 days", 181, None),
)
FILTER_NAMES = ("rating", "owner", "chapter", "area", "overdue", "slipping", "waiting")


def waiting_levels(levels):
    """The levels whose actions wait for evidence of impact: done, not yet counted as
    complete, and in the key's Amber E colour ("Completed but we need to embed and
    evidence impact"). Closed is done and not complete too, but waits for nothing."""
    return [
        level
        for level in levels
        if level.is_finished
        and not level.counts_as_complete
        and level.colour == RatingLevel.Colour.AMBER_E
    ]


def waited_days(action, day):
    """Days from the action's last rating change to ``day`` (None when not known)."""
    if action.rating_changed_at is None:
        return None
    return (day - timezone.localtime(action.rating_changed_at).date()).days


def bucket_of(days):
    if days is None:
        return None
    for key, _label, low, high in WAIT_BUCKETS:
        if days >= low and (high is None or days <= high):
            return key
    return None


def is_slipping(action):
    return action.due_moves >= SLIPPING_MOVES


def plan_url(plan, as_at=None, **filters):
    """The plan page, as at ``as_at`` (None: today), filtered: ``rating`` may be a list."""
    query = []
    if as_at:
        query.append(("as_at", as_at.isoformat()))
    for name in FILTER_NAMES:
        value = filters.get(name)
        if value in (None, False, "", []):
            continue
        for one in value if isinstance(value, list | tuple) else [value]:
            query.append((name, "1" if one is True else str(one)))
    base = reverse("plans:detail", args=[plan.slug])
    return f"{base}?{urlencode(query)}#actions" if query else base


def area_label(area, snapshot):
    parent = snapshot.parent_of(area) if area.parent_id else None
    chapter = next((c for c in snapshot.chapters if c.pk == area.chapter_id), None)
    number = f"{chapter.number}." if chapter else ""
    if parent is not None:
        return f"{number}{parent.number}{area.number} {area.title}"
    return f"{number}{area.number} {area.title}"


class PlanFilterForm(forms.Form):
    rating = forms.TypedMultipleChoiceField(
        label="Rating", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    chapter = forms.TypedChoiceField(label="Chapter", required=False, coerce=int, empty_value=None)
    area = forms.TypedChoiceField(label="Area", required=False, coerce=int, empty_value=None)
    waiting = forms.ChoiceField(label="Amber E waiting for evidence", required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)
    slipping = forms.BooleanField(
        label=f"Slipping only (due date moved {SLIPPING_MOVES} or more times)", required=False
    )

    def __init__(self, data, *, snapshot):
        # Only the filters' own keys: the page's ?as_at= is the as-at form's.
        given = QueryDict(mutable=True)
        for name in FILTER_NAMES:
            if data and data.getlist(name):
                given.setlist(name, data.getlist(name))
        super().__init__(given or None)
        self.snapshot = snapshot
        self.day = snapshot.day
        self.fields["rating"].choices = [(lv.pk, lv.name) for lv in snapshot.levels]
        roles = sorted(snapshot.role_titles.items(), key=lambda item: item[1].lower())
        self.fields["owner"].choices = [("", "Any owner"), *roles]
        self.fields["chapter"].choices = [("", "Any chapter")] + [
            (c.pk, c.title) for c in snapshot.chapters
        ]
        self.fields["area"].choices = [("", "Any area")] + [
            (a.pk, area_label(a, snapshot)) for a in snapshot.areas
        ]
        self.fields["waiting"].choices = [("", "Any time")] + [
            (key, label) for key, label, _low, _high in WAIT_BUCKETS
        ]
        self.waiting_ids = {lv.pk for lv in waiting_levels(snapshot.levels)}

    @cached_property
    def ui(self):
        """Each field's options for the template's own GOV.UK markup: value (text),
        label and whether it was chosen."""
        options = {}
        for name, field in self.fields.items():
            given = self.data.getlist(name) if self.is_bound else []
            if isinstance(field, forms.BooleanField):
                options[name] = bool(given and given[-1] not in ("", "0", "false", "False"))
                continue
            options[name] = [
                {"value": str(v), "label": label, "selected": str(v) in given and v != ""}
                for v, label in field.choices
            ]
        return options

    @property
    def selects(self):
        """The drop-down filters, in order, with their options (waiting only when the
        scale has an Amber E level)."""
        names = ["owner", "chapter", "area"] + (["waiting"] if self.waiting_ids else [])
        return [{"name": n, "label": self.fields[n].label, "options": self.ui[n]} for n in names]

    @property
    def ignored(self):
        """Filters given but not valid (a rating of another plan, say): shown, not used."""
        return self.is_bound and not self.is_valid()

    @cached_property
    def chosen(self):
        """The valid filters given, {} when none (or when the form is not valid); read
        once per action by ``keep``, so worked out once."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, False, "", [])}

    def keep(self, action):
        """Whether ``action`` (decorated by PlanReader) passes every chosen filter."""
        chosen, snap = self.chosen, self.snapshot
        if "rating" in chosen and action.rating_id not in chosen["rating"]:
            return False
        if "owner" in chosen and chosen["owner"] not in action.owner_role_ids:
            return False
        area = snap.area_by_id.get(action.area_id)
        if "chapter" in chosen and (area is None or area.chapter_id != chosen["chapter"]):
            return False
        if "area" in chosen and (area is None or chosen["area"] not in (area.pk, area.parent_id)):
            return False
        if chosen.get("overdue") and not flags.is_overdue(action, action.rating_level, self.day):
            return False
        if chosen.get("slipping") and not is_slipping(action):
            return False
        if "waiting" not in chosen:
            return True
        return (
            action.rating_id in self.waiting_ids
            and bucket_of(waited_days(action, self.day)) == chosen["waiting"]
        )

    def apply(self, page):
        """Keep only the matching actions in the plan page's chapters → areas (→
        sub-areas), dropping areas and chapters left empty. Returns how many match."""
        if not self.chosen:
            return len(page["actions"])
        matched = 0
        chapters = []
        for part in page["chapters"]:
            areas = []
            for block in part["areas"]:
                block.actions = [a for a in block.actions if self.keep(a)]
                for sub in block.sub_areas:
                    sub.actions = [a for a in sub.actions if self.keep(a)]
                block.sub_areas = [s for s in block.sub_areas if s.actions]
                count = len(block.actions) + sum(len(s.actions) for s in block.sub_areas)
                if count:
                    areas.append(block)
                    matched += count
            if areas:
                chapters.append({**part, "areas": areas})
        page["chapters"] = chapters
        return matched

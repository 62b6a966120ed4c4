"""The plan itself, its front matter and its rating scale."""

import re

from django.core.validators import RegexValidator
from django.db import models

from improvement.lib.history import tracked


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    plan_on_a_page_intro = models.TextField(blank=True)
    glossary_intro = models.TextField(blank=True)
    timeline_intro = models.TextField(blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        help_text="The plan that follows this one, once it is closed.",
    )
    # How the monthly cycle is governed. Both are the plan managers' choice (plan
    # settings page) and tracked, so the history says when a plan started to need them.
    ratings_need_signoff = models.BooleanField(
        default=False,
        help_text="An officer's new rating is submitted, and becomes the plan's rating only "
        "once a plan manager accepts it.",
    )
    changes_need_agreement = models.BooleanField(
        default=False,
        help_text="An officer's new due date or wording is proposed to the next meeting "
        "instead of changing the action.",
    )

    history = tracked()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class PlanPart(models.Model):
    """An ordered piece of a plan's front matter."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["plan", "order"]


class FrontMatterSection(PlanPart):
    """Introduction, Context, Coproduction … as the plan prints them, in order."""

    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    history = tracked()

    class Meta(PlanPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="front_matter_title_once")
        ]

    def __str__(self):
        return self.title


class GlossaryEntry(PlanPart):
    term = models.CharField(max_length=60)
    meaning = models.TextField()

    history = tracked()

    class Meta(PlanPart.Meta):
        verbose_name_plural = "glossary entries"
        constraints = [models.UniqueConstraint(fields=["plan", "term"], name="glossary_term_once")]

    def __str__(self):
        return self.term


class PlanOnAPageEntry(PlanPart):
    """One row of the "plan on a page": what the inspection found, what we will do."""

    area = models.CharField(max_length=200)
    found = models.TextField(blank=True)
    will_do = models.TextField(blank=True)

    history = tracked()

    class Meta(PlanPart.Meta):
        verbose_name = "plan on a page entry"
        verbose_name_plural = "plan on a page entries"

    def __str__(self):
        return self.area


class TimelineEntry(PlanPart):
    """An achievement in the timeline, grouped by its printed period heading."""

    period = models.CharField(max_length=200)
    text = models.TextField()

    history = tracked()

    class Meta(PlanPart.Meta):
        verbose_name_plural = "timeline entries"

    def __str__(self):
        return f"{self.period}: {self.text[:60]}"


class RatingLevel(models.Model):
    """One level of a plan's rating scale.

    ``name`` is the plan's long status word (Appendix 2: "Complete but need to evidence
    impact"); ``short_name`` is what the RAG overview prints (Appendix 1: "Amber E").
    """

    class Colour(models.TextChoices):
        GREY = "grey", "Grey"
        BLUE = "blue", "Blue"
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        AMBER_E = "amber_e", "Amber E"
        GREEN = "green", "Green"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rating_levels")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=80)
    short_name = models.CharField(max_length=30)
    colour = models.CharField(max_length=10, choices=Colour.choices)
    hex_colour = models.CharField(
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #00703c.")],
    )
    definition = models.TextField(blank=True, help_text="The plan's key for this colour.")
    overview_definition = models.TextField(
        blank=True, help_text="The RAG overview's (Appendix 1) key for this colour."
    )
    # What a level means is data, never read from its words or colour: renaming
    # "Delayed" or recolouring "Amber E" changes no flag and no appendix.
    counts_as_complete = models.BooleanField(
        default=False, help_text="Counted as complete in the committee's percentage."
    )
    is_finished = models.BooleanField(
        default=False,
        help_text="The action's work is done or no longer asked for: never overdue, and "
        "its rating is not expected to move (Complete, Amber E, Closed).",
    )
    is_delayed = models.BooleanField(default=False, help_text="Listed as delayed in Appendix 3.")
    is_under_review = models.BooleanField(
        default=False, help_text="Listed as under review/ scoping in Appendix 3."
    )
    needs_reason = models.BooleanField(
        default=False,
        help_text='Below "on track": an update to this rating gives a short reason '
        '("Reason for Amber").',
    )

    history = tracked()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="rating_name_once"),
        ]

    def __str__(self):
        return self.name

    @property
    def text_colour(self):
        """White or near-black, whichever contrasts more with the fill (WCAG ratio)."""
        return text_colour_on(self.hex_colour)


HEX = re.compile(r"#[0-9a-fA-F]{6}")
DARK_TEXT = "#0b0c0c"
LIGHT_TEXT = "#ffffff"


def _luminance(hex_colour):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(hex_a, hex_b):
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    a, b = sorted((_luminance(hex_a), _luminance(hex_b)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour_on(hex_colour):
    """The text colour for words printed on a fill: the one with the higher contrast."""
    if not HEX.fullmatch(hex_colour or ""):  # a bad stored colour never breaks a page
        return DARK_TEXT
    dark = contrast_ratio(hex_colour, DARK_TEXT)
    light = contrast_ratio(hex_colour, LIGHT_TEXT)
    return LIGHT_TEXT if light > dark else DARK_TEXT

"""The common rating scales a new plan starts from, and create_scale, which writes one."""

import datetime as dt

import pytest
from django.utils import timezone

from improvement.planfiles.data import LevelData
from improvement.plans.models import Plan, RatingLevel
from improvement.plans.models.plan import contrast_ratio, text_colour_on
from improvement.plans.scales import PRESETS, apply_scale_preset, create_scale

MEANINGS = ("counts_as_complete", "is_finished", "is_delayed", "is_under_review", "needs_reason")
EVERY_LEVEL = [
    pytest.param(level, id=f"{key}: {level.name}")
    for key, (_label, levels) in PRESETS.items()
    for level in levels
]


@pytest.mark.parametrize("level", EVERY_LEVEL)
def test_every_preset_fill_gives_its_printed_text_a_contrast_of_at_least_4_5(level):
    assert contrast_ratio(level.hex_colour, text_colour_on(level.hex_colour)) >= 4.5


@pytest.mark.parametrize("key", ["demo", "bgar", "gar"])
def test_exactly_one_level_of_each_preset_counts_as_complete(key):
    complete = [level.name for level in PRESETS[key][1] if level.counts_as_complete]
    assert complete == ["Complete"]


@pytest.mark.parametrize("key", ["demo", "bgar", "gar"])
def test_each_preset_names_its_levels_once_with_key_colours_the_product_knows(key):
    names = [level.name for level in PRESETS[key][1]]
    assert len(set(names)) == len(names)
    assert {level.colour for level in PRESETS[key][1]} <= set(RatingLevel.Colour.values)


def test_the_demo_preset_is_the_scale_the_demo_plan_is_loaded_with(plan):
    # The demo plan's key (fixtures/plan_*.json) in the plan's order, with GOV.UK's
    # palette and the meanings docs/reading.md describes; the levels below "on track"
    # need a reason with each update.
    expected = [
        ("Not started", "Not started", "grey", "#b1b4b6", ("needs_reason",)),
        ("Delayed", "Delayed", "red", "#d4351c", ("is_delayed", "needs_reason")),
        ("On track", "On track", "amber", "#f47738", ()),
        ("Complete but need to evidence impact", "Amber E", "amber_e", "#ffdd00", ("is_finished",)),
        ("Complete", "Complete", "green", "#00703c", ("counts_as_complete", "is_finished")),
        ("Reviewing", "Reviewing", "grey", "#b1b4b6", ("is_under_review", "needs_reason")),
        ("Closed", "Closed", "grey", "#b1b4b6", ("is_finished",)),
    ]

    def described(level):
        meanings = tuple(m for m in MEANINGS if getattr(level, m))
        return (level.name, level.short_name, level.colour, level.hex_colour, meanings)

    assert [described(level) for level in PRESETS["demo"][1]] == expected
    loaded = RatingLevel.objects.filter(plan=plan).order_by("order")
    assert [described(level) for level in loaded] == expected


def test_blue_green_amber_red_means_blue_is_complete_and_red_is_delayed():
    levels = {level.short_name: level for level in PRESETS["bgar"][1]}
    assert list(levels) == ["Blue", "Green", "Amber", "Red"]
    assert levels["Blue"].counts_as_complete and levels["Blue"].is_finished
    assert levels["Red"].is_delayed
    assert not any(levels[word].is_finished for word in ("Green", "Amber", "Red"))
    assert all(level.definition for level in levels.values())


def test_green_amber_red_keeps_complete_apart_from_on_track():
    levels = {level.name: level for level in PRESETS["gar"][1]}
    assert list(levels) == ["Complete", "On track", "At risk", "Off track"]
    assert levels["On track"].short_name == "Green"
    assert not levels["On track"].counts_as_complete
    assert levels["Off track"].is_delayed


@pytest.fixture
def new_plan(db, manager):
    plan = Plan(name="Next plan", organisation="Testshire", slug="next-plan")
    plan._history_user, plan._change_reason = manager, "Test set-up."
    plan.save()
    return plan


def test_create_scale_writes_each_level_in_order_with_who_when_and_why(new_plan, manager):
    when = timezone.make_aware(dt.datetime(2026, 1, 5, 9, 30))
    levels = [
        LevelData("Done", "Done", "green", "#00703c", counts_as_complete=True),
        LevelData("Going", "Going", "amber", "#f47738"),
    ]
    create_scale(new_plan, levels, user=manager, reason="Imported from the tracker.", when=when)
    saved = list(RatingLevel.objects.filter(plan=new_plan).order_by("order"))
    assert [(level.order, level.name) for level in saved] == [(1, "Done"), (2, "Going")]
    for level in saved:
        record = level.history.get()
        assert record.history_user == manager
        assert record.history_change_reason == "Imported from the tracker."
        assert record.history_date == when


def test_a_plan_that_has_a_scale_is_not_given_another(plan, manager):
    before = RatingLevel.objects.filter(plan=plan).count()
    with pytest.raises(ValueError, match="already has a rating scale"):
        apply_scale_preset(plan, "bgar", user=manager, reason="Again.")
    assert RatingLevel.objects.filter(plan=plan).count() == before

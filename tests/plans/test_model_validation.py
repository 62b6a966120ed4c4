import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from improvement.plans.models import Action, Plan, RatingLevel


def test_a_ref_cannot_repeat_within_a_plan(plan):
    sl1 = Action.objects.get(plan=plan, ref="SL1")
    copy = Action(plan=plan, area=sl1.area, ref="SL1", text="x", rating=sl1.rating, due_text="TBC")
    with pytest.raises(ValidationError) as error:
        copy.full_clean()
    assert "__all__" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_the_same_ref_is_fine_in_another_plan(plan):
    other = Plan.objects.create(name="Other", organisation="Elsewhere", slug="other")
    level = RatingLevel.objects.create(
        plan=other, name="On track", short_name="On track", colour="amber", hex_colour="#f47738"
    )
    sl1 = Action.objects.get(plan=plan, ref="SL1")
    area = sl1.area
    action = Action(plan=other, area=area, ref="SL1", text="x", rating=level, due_text="TBC")
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    # Unique per plan is satisfied; what is wrong is the area from another plan.
    assert set(error.value.message_dict) == {"area"}


def test_a_rating_from_another_plans_scale_is_refused(plan):
    other = Plan.objects.create(name="Other", organisation="Elsewhere", slug="other")
    foreign = RatingLevel.objects.create(
        plan=other, name="Done", short_name="Done", colour="green", hex_colour="#00703c"
    )
    action = Action.objects.get(plan=plan, ref="SL1")
    action.rating = foreign
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert error.value.message_dict["rating"] == ["Choose a rating from this plan's scale."]


def test_an_unknown_rating_is_refused_by_the_database(plan):
    action = Action.objects.get(plan=plan, ref="SL1")
    action.rating_id = 999_999
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "rating" in error.value.message_dict


def test_an_action_needs_a_due_date_or_words(plan):
    action = Action.objects.get(plan=plan, ref="SL1")
    action.due_date, action.due_text = None, ""
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "due_date" in error.value.message_dict


def test_a_rating_colour_must_be_a_hex_colour(plan):
    level = RatingLevel.objects.get(plan=plan, name="Complete")
    level.hex_colour = "green"
    with pytest.raises(ValidationError) as error:
        level.full_clean()
    assert "hex_colour" in error.value.message_dict

"""A plan manager changes the plan's rating scale in the product: every changed level is
saved with who, when and why; a plan with no scale starts from a common one."""

import pytest
from django.urls import reverse

from improvement.accounts.models import Membership
from improvement.lib.history import save_tracked
from improvement.plans.models import Plan, RatingLevel

pytestmark = pytest.mark.django_db

# The demo plan's scale as its documents print it (fixtures/plan_*.json, Appendix 2).
DEMO_NAMES = [
    "Not started",
    "Delayed",
    "On track",
    "Complete but need to evidence impact",
    "Complete",
    "Reviewing",
    "Closed",
]
FIELDS = ("name", "short_name", "colour", "hex_colour", "definition", "overview_definition")
MEANINGS = ("counts_as_complete", "is_finished", "is_delayed", "is_under_review", "needs_reason")


def url(plan):
    return reverse("plans:rating_scale", args=[plan.slug])


def scale_data(plan, changes=None, *, reason="", new=None):
    """What the page posts for the plan's scale as stored, with ``changes`` (level name
    -> {field: typed value}) typed over it and ``new`` the added level's fields."""
    data = {"reason": reason}
    levels = list(RatingLevel.objects.filter(plan=plan).order_by("order"))
    for position, level in enumerate(levels, 1):
        typed = {f: getattr(level, f) for f in FIELDS}
        typed.update({m: "on" for m in MEANINGS if getattr(level, m)})
        typed["position"] = str(position)
        typed.update((changes or {}).get(level.name, {}))
        for field, value in typed.items():
            if value is not None:
                data[f"level{level.pk}-{field}"] = value
    data["new-position"] = str(len(levels) + 1)
    for field, value in (new or {}).items():
        data[f"new-{field}"] = value
    return data


def level(plan, name):
    return RatingLevel.objects.get(plan=plan, name=name)


def history_counts(plan):
    return {lvl.name: lvl.history.count() for lvl in RatingLevel.objects.filter(plan=plan)}


def test_a_manager_renames_delayed_and_the_history_keeps_who_and_why(client, plan, manager):
    client.force_login(manager)
    delayed = level(plan, "Delayed")
    before = history_counts(plan)
    data = scale_data(
        plan,
        {"Delayed": {"name": "Behind schedule"}},
        reason="The committee asked for a gentler word.",
    )
    response = client.post(url(plan), data)
    assert response.status_code == 302
    delayed.refresh_from_db()
    assert delayed.name == "Behind schedule"
    record = delayed.history.latest()
    assert record.history_user == manager
    assert record.history_change_reason == "The committee asked for a gentler word."
    # What it means is unchanged: still Appendix 3's delayed list.
    assert delayed.is_delayed and not delayed.counts_as_complete
    # The levels left as they were are not saved again.
    after = history_counts(plan)
    assert {n: after[n] - before[n] for n in DEMO_NAMES if n != "Delayed"} == {
        n: 0 for n in DEMO_NAMES if n != "Delayed"
    }
    page = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    assert "Behind schedule" in page


def test_a_fill_with_too_little_contrast_is_refused_and_what_was_typed_is_kept(
    client, plan, manager
):
    client.force_login(manager)
    delayed = level(plan, "Delayed")
    data = scale_data(
        plan,
        {"Delayed": {"hex_colour": "#777777", "name": "Slipping"}},
        reason="Softer colour.",
    )
    response = client.post(url(plan), data)
    assert response.status_code == 200
    body = response.content.decode()
    # #777777 gives white text 4.48:1 (and near-black 4.37:1): just short of 4.5:1.
    message = (
        "This fill gives text a contrast of 4.4:1; choose a darker or lighter colour so it "
        "is at least 4.5:1"
    )
    assert f'<a href="#id_level{delayed.pk}-hex_colour">{message}</a>' in body
    assert f'id="id_level{delayed.pk}-hex_colour-error"' in body
    assert f'name="level{delayed.pk}-hex_colour" type="text" value="#777777"' in body
    assert f'name="level{delayed.pk}-name" type="text" value="Slipping"' in body
    assert "<title>Error: Rating scale" in body
    delayed.refresh_from_db()
    assert (delayed.name, delayed.hex_colour) == ("Delayed", "#d4351c")


def test_a_name_another_level_has_is_refused(client, plan, manager):
    client.force_login(manager)
    delayed = level(plan, "Delayed")
    data = scale_data(plan, {"Delayed": {"name": "on track"}})
    body = client.post(url(plan), data).content.decode()
    message = "Another level is already called “on track”; give each its own name"
    assert f'<a href="#id_level{delayed.pk}-name">{message}</a>' in body
    # The missing reason is asked for at the same time, not after a second try.
    assert '<a href="#id_reason">Enter a reason for changing the rating scale</a>' in body
    assert level(plan, "Delayed").history.count() == delayed.history.count()


def test_any_change_needs_a_reason(client, plan, manager):
    client.force_login(manager)
    data = scale_data(plan, {"Delayed": {"short_name": "Late"}})
    body = client.post(url(plan), data).content.decode()
    assert '<a href="#id_reason">Enter a reason for changing the rating scale</a>' in body
    assert level(plan, "Delayed").short_name == "Delayed"


def test_saving_the_scale_unchanged_writes_no_history(client, plan, manager):
    client.force_login(manager)
    before = history_counts(plan)
    response = client.post(url(plan), scale_data(plan), follow=True)
    assert "Nothing had changed, so nothing was saved." in response.content.decode()
    assert history_counts(plan) == before


def test_at_least_one_level_must_count_as_complete(client, plan, manager):
    client.force_login(manager)
    complete = level(plan, "Complete")
    data = scale_data(plan, reason="Try it.")
    del data[f"level{complete.pk}-counts_as_complete"]
    body = client.post(url(plan), data).content.decode()
    first = level(plan, "Not started")
    assert (
        f'<a href="#id_level{first.pk}-counts_as_complete">At least one level must count '
        "as complete: the committee&#x27;s percentage complete needs it</a>"
    ) in body
    assert level(plan, "Complete").counts_as_complete


@pytest.mark.parametrize("who", ["owner", "clerk", "board"])
def test_members_who_do_not_manage_the_plan_are_refused(client, plan, who, request):
    client.force_login(request.getfixturevalue(who))
    before = history_counts(plan)
    assert client.get(url(plan)).status_code == 403
    data = scale_data(plan, {"Delayed": {"name": "Behind schedule"}}, reason="No.")
    assert client.post(url(plan), data).status_code == 403
    assert history_counts(plan) == before


def test_someone_with_no_role_in_the_plan_is_told_nothing_of_it(client, plan, outsider):
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_an_admin_may_change_the_scale(client, plan, admin_user):
    client.force_login(admin_user)
    assert client.get(url(plan)).status_code == 200


def test_a_level_actions_are_rated_at_cannot_be_removed(client, plan, manager):
    client.force_login(manager)
    delayed = level(plan, "Delayed")
    page = client.get(url(plan)).content.decode()
    # The 12 November 2025 plan rates one action Delayed (fixtures/plan_2025-11-12.json).
    assert "Rating of 1 action, so it cannot be removed." in page
    assert f'name="level{delayed.pk}-remove"' not in page
    data = scale_data(plan, {"Delayed": {"remove": "on"}}, reason="Not used.")
    body = client.post(url(plan), data).content.decode()
    message = (
        "“Delayed” is the rating of 1 action, so it cannot be removed; give them another "
        "rating first"
    )
    assert f'<a href="#id_level{delayed.pk}-remove">{message}</a>' in body
    assert RatingLevel.objects.filter(pk=delayed.pk).exists()


def test_a_level_nothing_uses_is_removed_with_its_reason(client, plan, manager):
    client.force_login(manager)
    unused = level(plan, "Not started")
    before = history_counts(plan)
    page = client.get(url(plan)).content.decode()
    assert f'name="level{unused.pk}-remove"' in page
    data = scale_data(plan, {"Not started": {"remove": "on"}}, reason="Every action has begun.")
    assert client.post(url(plan), data).status_code == 302
    assert not RatingLevel.objects.filter(pk=unused.pk).exists()
    record = RatingLevel.history.filter(id=unused.pk).latest()
    assert record.history_type == "-"
    assert (record.history_user, record.history_change_reason) == (
        manager,
        "Every action has begun.",
    )
    # The others keep their places: nothing else is saved.
    after = history_counts(plan)
    assert {n: after[n] - before[n] for n in after} == {n: 0 for n in DEMO_NAMES[1:]}


def test_a_level_moved_to_position_two_goes_before_the_one_there(client, plan, manager):
    client.force_login(manager)
    before = history_counts(plan)
    data = scale_data(plan, {"Closed": {"position": "2"}}, reason="Closed ones next.")
    assert client.post(url(plan), data).status_code == 302
    names = list(RatingLevel.objects.filter(plan=plan).order_by("order").values_list("name"))
    assert [n for (n,) in names] == [
        "Not started",
        "Closed",
        "Delayed",
        "On track",
        "Complete but need to evidence impact",
        "Complete",
        "Reviewing",
    ]
    # Not started kept its place and was not saved again; the others moved.
    after = history_counts(plan)
    assert {n: after[n] - before[n] for n in after} == {
        "Not started": 0,
        **{n: 1 for n in DEMO_NAMES[1:]},
    }


def test_a_manager_adds_a_level_with_its_meanings(client, plan, manager):
    client.force_login(manager)
    new = {
        "name": "Paused",
        "short_name": "",
        "colour": "grey",
        "hex_colour": "#b1b4b6",
        "definition": "Paused by the board.",
        "is_under_review": "on",
        "position": "8",
    }
    data = scale_data(plan, reason="The board pauses some actions.", new=new)
    assert client.post(url(plan), data).status_code == 302
    paused = level(plan, "Paused")
    assert (paused.short_name, paused.order, paused.is_under_review, paused.is_finished) == (
        "Paused",
        8,
        True,
        False,
    )
    assert paused.history.latest().history_change_reason == "The board pauses some actions."


def test_a_new_plan_with_no_scale_starts_from_blue_green_amber_red(client, manager, plan):
    new_plan = save_tracked(
        Plan(name="Next plan", organisation="Testshire", slug="next-plan"),
        user=manager,
        reason="Test set-up.",
    )
    save_tracked(
        Membership(user=manager, plan=new_plan, role=Membership.Role.MANAGER),
        user=manager,
        reason="Test set-up.",
    )
    client.force_login(manager)
    page = client.get(url(new_plan)).content.decode()
    assert "This plan has no rating scale yet." in page
    assert 'type="radio" value="bgar"' in page
    refused = client.post(url(new_plan), {"preset": "bgar"}).content.decode()
    assert '<a href="#id_reason">Enter a reason for choosing this scale</a>' in refused
    response = client.post(url(new_plan), {"preset": "bgar", "reason": "Our usual key."})
    assert response.status_code == 302
    levels = RatingLevel.objects.filter(plan=new_plan).order_by("order")
    assert [(lv.name, lv.short_name, lv.hex_colour) for lv in levels] == [
        ("Complete", "Blue", "#1d70b8"),
        ("On track", "Green", "#00703c"),
        ("At risk", "Amber", "#f47738"),
        ("Off track", "Red", "#d4351c"),
    ]
    assert [lv.name for lv in levels if lv.counts_as_complete] == ["Complete"]
    record = levels[0].history.latest()
    assert (record.history_user, record.history_change_reason) == (manager, "Our usual key.")
    # From then on the page is the editor.
    assert "Save the rating scale" in client.get(url(new_plan)).content.decode()


def test_the_editor_page_reads_the_scale_in_a_fixed_number_of_queries(
    client, plan, manager, django_assert_num_queries
):
    client.force_login(manager)
    # Session, user, plan, role, the levels with how many actions use each, and the
    # header's counts of proposed changes and sign-offs.
    with django_assert_num_queries(6):
        response = client.get(url(plan))
    assert response.status_code == 200

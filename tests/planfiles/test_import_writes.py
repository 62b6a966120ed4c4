"""Saving an imported plan: all or nothing, only what differs, every write in the history."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook

from improvement.accounts.models import Membership
from improvement.planfiles.apply import apply_plan
from improvement.planfiles.data import (
    ActionData,
    AreaData,
    ChapterData,
    LevelData,
    PlanData,
    RowData,
)
from improvement.planfiles.reading import read_plan_file
from improvement.plans.models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    Chapter,
    OwnerRole,
    Plan,
    RatingLevel,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TRACKER = [
    ["Ref", "Priority", "Workstream", "Action", "Lead officer", "Due date", "RAG", "Progress"],
    ["1.1", "Leadership", "Governance", "Set up a board", "DCS\nHead of HR", "March 2026", "Green", "Met"],
    ["1.1", None, None, "Write terms", "DCS", "Ongoing", "Amber", ""],
    ["1.2", None, "Data", "Build dashboards", "BI Manager", "June 2025 / Sept 2025", "Blue", ""],
    ["2.1", "Practice", "Audit", "Audit case files", "PSW; DCS", "TBC", "Red", ""],
    ["2.2", None, None, "Hold practice weeks", "PSW", "May 2026", "Green", ""],
]  # fmt: skip
HISTORIES = [Plan, RatingLevel, Chapter, Area, OwnerRole, Action, ActionOwner, Membership]


def xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def tracker_plan(rows=TRACKER):
    result = read_plan_file("tracker.xlsx", xlsx(rows), title="Our plan", organisation="A Council")
    assert result.problems == []
    return result.plan


@pytest.fixture
def importer(db):
    return get_user_model().objects.create_user("importer", first_name="Ida", last_name="Importer")


def history_rows():
    return sum(model.history.count() for model in HISTORIES)


def test_the_imported_plan_has_the_files_levels_actions_and_ratings(importer):
    result = apply_plan(tracker_plan(), slug="imported", user=importer, source_name="tracker.xlsx")
    plan = Plan.objects.get(slug="imported")
    assert result.created and result.plan == plan
    assert (plan.name, plan.organisation) == ("Our plan", "A Council")
    assert list(plan.chapters.values_list("number", "title")) == [
        (1, "Leadership"),
        (2, "Practice"),
    ]
    assert Area.objects.filter(chapter__plan=plan).count() == 3
    per_rating = {
        level.name: Action.objects.filter(plan=plan, rating=level).count()
        for level in plan.rating_levels.all()
    }
    assert per_rating == {"Red": 1, "Amber": 1, "Green": 2, "Blue": 1}
    action = Action.objects.get(plan=plan, ref="1.1-2")
    assert (action.label, action.text, action.due_date, action.due_text) == (
        "1.1",
        "Write terms",
        None,
        "Ongoing",
    )
    first = Action.objects.get(plan=plan, ref="1.1-1")
    assert first.progress == "Met"
    assert list(first.owners.values_list("role__title", "row", "order")) == [
        ("DCS", 1, 1),
        ("Head of HR", 1, 2),
    ]
    assert OwnerRole.objects.filter(plan=plan).count() == 4
    assert first.saved_from == Action.Source.DOCUMENT


def test_importing_the_same_file_twice_writes_nothing_the_second_time(importer):
    first = apply_plan(tracker_plan(), slug="twice", user=importer, source_name="tracker.xlsx")
    # 1 plan, 4 levels, 2 chapters, 3 areas, 4 roles, 5 actions, 7 owner links.
    assert first.writes == 26
    before = history_rows()
    again = apply_plan(tracker_plan(), slug="twice", user=importer, source_name="tracker.xlsx")
    assert (again.created, again.writes, again.left_alone) == (False, 0, 0)
    assert history_rows() == before


def test_every_write_says_who_imported_which_file_and_on_which_day(importer):
    apply_plan(
        tracker_plan(),
        slug="dated",
        user=importer,
        source_name="tracker.xlsx",
        when=dt.date(2025, 11, 12),
    )
    plan = Plan.objects.get(slug="dated")
    rows = [
        *Plan.history.filter(slug="dated"),
        *Action.history.filter(plan_id=plan.pk),
        *Area.history.filter(chapter__plan=plan),
    ]
    assert len(rows) == 1 + 5 + 3
    for row in rows:
        assert row.history_change_reason == "Imported from tracker.xlsx by Ida Importer"
        assert row.history_user == importer
        assert row.history_date.astimezone(LONDON).date() == dt.date(2025, 11, 12)
    action = Action.objects.get(plan=plan, ref="2.1")
    assert action.rating_changed_at.astimezone(LONDON).date() == dt.date(2025, 11, 12)


def test_a_changed_file_changes_only_what_differs_and_deletes_nothing(importer):
    apply_plan(tracker_plan(), slug="changed", user=importer, source_name="tracker.xlsx")
    rows = [list(row) for row in TRACKER[:5]]  # 2.2 is gone from the file
    rows[4][6] = "Amber"  # 2.1: Red -> Amber
    rows[3][6] = "Red"  # 1.2: Blue -> Red, so the file no longer uses Blue
    result = apply_plan(tracker_plan(rows), slug="changed", user=importer, source_name="v2.xlsx")
    assert result.writes == 2
    assert result.left_alone_kinds == {"rating levels": 1, "actions": 1}
    action = Action.objects.get(plan__slug="changed", ref="2.1")
    assert action.rating.name == "Amber"
    assert action.history.first().history_change_reason == "Imported from v2.xlsx by Ida Importer"
    assert Action.objects.filter(plan__slug="changed", ref="2.2").exists()


def history_of(model, slug, history_type):
    """The plan's history rows of owner links or further rows (the demo plan has its own)."""
    return model.history.filter(action__plan__slug=slug, history_type=history_type)


def owners_of(slug, ref):
    action = Action.objects.get(plan__slug=slug, ref=ref)
    return list(action.owners.values_list("row", "role__title", "order"))


def test_an_owner_the_file_no_longer_lists_is_deleted_with_the_imports_reason(importer):
    apply_plan(tracker_plan(), slug="owners", user=importer, source_name="tracker.xlsx")
    assert owners_of("owners", "2.1") == [(1, "PSW", 1), (1, "DCS", 2)]
    rows = [list(row) for row in TRACKER]
    rows[4][4] = "DCS"  # 2.1 was "PSW; DCS"
    result = apply_plan(
        tracker_plan(rows),
        slug="owners",
        user=importer,
        source_name="v2.xlsx",
        when=dt.date(2025, 12, 1),
    )
    # PSW's link deleted, DCS moved from second to first.
    assert (result.writes, result.left_alone) == (2, 0)
    assert owners_of("owners", "2.1") == [(1, "DCS", 1)]
    deleted = history_of(ActionOwner, "owners", "-").get()
    assert (deleted.role.title, deleted.action.ref) == ("PSW", "2.1")
    assert deleted.history_change_reason == "Imported from v2.xlsx by Ida Importer"
    assert deleted.history_user == importer
    assert deleted.history_date.astimezone(LONDON).date() == dt.date(2025, 12, 1)
    moved = history_of(ActionOwner, "owners", "~").get()
    assert (moved.role.title, moved.order) == ("DCS", 1)
    # PSW still owns 2.2, so the role stays; the other actions' owners are untouched.
    assert owners_of("owners", "2.2") == [(1, "PSW", 1)]
    assert owners_of("owners", "1.1-1") == [(1, "DCS", 1), (1, "Head of HR", 2)]
    again = apply_plan(tracker_plan(rows), slug="owners", user=importer, source_name="v2.xlsx")
    assert again.writes == 0


def test_owners_given_in_a_new_order_are_saved_in_that_order(importer):
    apply_plan(tracker_plan(), slug="order", user=importer, source_name="tracker.xlsx")
    rows = [list(row) for row in TRACKER]
    rows[1][4] = "Head of HR\nDCS"  # 1.1-1 was "DCS\nHead of HR"
    result = apply_plan(tracker_plan(rows), slug="order", user=importer, source_name="v2.xlsx")
    assert result.writes == 2
    assert owners_of("order", "1.1-1") == [(1, "Head of HR", 1), (1, "DCS", 2)]
    assert not history_of(ActionOwner, "order", "-").exists()


def two_row_plan(*, second_row):
    """CLB4's shape: an action printing a second row with its own due, rating, owner."""
    action = ActionData(
        ref="CLB4",
        area="1-1",
        text="Open the hub",
        rating="Green",
        due_date=dt.date(2025, 3, 31),
        owners=["Head of Service"],
    )
    if second_row:
        action.rows = [RowData(2, None, "Ongoing", "Amber", owners=["Youth Voice Lead"])]
    return PlanData(
        name="Two rows",
        organisation="A Council",
        scale=[
            LevelData("Green", "G", "green", "#00703c"),
            LevelData("Amber", "A", "amber", "#ffdd00"),
        ],
        chapters=[ChapterData(1, "Care leavers")],
        areas=[AreaData("1-1", 1, "1", "Hub")],
        actions=[action],
    )


def test_a_further_row_the_file_no_longer_gives_is_deleted_with_its_owners(importer):
    apply_plan(two_row_plan(second_row=True), slug="rows", user=importer, source_name="a.xlsx")
    assert owners_of("rows", "CLB4") == [(1, "Head of Service", 1), (2, "Youth Voice Lead", 1)]
    assert ActionRow.objects.filter(action__plan__slug="rows").count() == 1
    result = apply_plan(
        two_row_plan(second_row=False), slug="rows", user=importer, source_name="b.xlsx"
    )
    assert (result.writes, result.left_alone) == (2, 0)
    assert not ActionRow.objects.filter(action__plan__slug="rows").exists()
    assert owners_of("rows", "CLB4") == [(1, "Head of Service", 1)]
    row = history_of(ActionRow, "rows", "-").get()
    owner = history_of(ActionOwner, "rows", "-").get()
    assert (row.row, row.due_text, owner.row, owner.role.title) == (
        2,
        "Ongoing",
        2,
        "Youth Voice Lead",
    )
    for deleted in (row, owner):
        assert deleted.history_change_reason == "Imported from b.xlsx by Ida Importer"
        assert deleted.history_user == importer


def test_owners_and_rows_of_actions_not_in_the_file_are_left_alone(importer):
    plan = two_row_plan(second_row=True)
    apply_plan(plan, slug="kept", user=importer, source_name="a.xlsx")
    plan.actions[0].ref = "CLB5"  # CLB4 is no longer in the file
    result = apply_plan(plan, slug="kept", user=importer, source_name="b.xlsx")
    assert result.left_alone_kinds == {"actions": 1}
    assert owners_of("kept", "CLB4") == [(1, "Head of Service", 1), (2, "Youth Voice Lead", 1)]
    assert ActionRow.objects.filter(action__plan__slug="kept", action__ref="CLB4").count() == 1
    assert not history_of(ActionOwner, "kept", "-").exists()


def test_a_file_with_one_bad_row_gives_no_plan_and_saves_nothing(importer):
    rows = [*TRACKER, ["3.1", "Practice", "Audit", None, "PSW", "May 2026", "Green", "words"]]
    result = read_plan_file("tracker.xlsx", xlsx(rows), title="Our plan")
    assert result.plan is None
    assert [(p.row, p.column) for p in result.problems] == [(7, "Action")]
    assert not Plan.objects.filter(name="Our plan").exists()


def test_data_no_reader_should_make_is_refused_before_any_write(importer):
    data = tracker_plan()
    data.actions[3].rating = "Purple"
    before = history_rows()
    with pytest.raises(ValueError, match="rated 'Purple', which is not in the scale"):
        apply_plan(data, slug="refused", user=importer, source_name="tracker.xlsx")
    data = tracker_plan()
    data.actions[1].ref = data.actions[0].ref
    with pytest.raises(ValueError, match="repeated"):
        apply_plan(data, slug="refused", user=importer, source_name="tracker.xlsx")
    assert not Plan.objects.filter(slug="refused").exists()
    assert history_rows() == before


def test_a_manager_who_is_not_an_admin_manages_the_plan_they_create(importer):
    apply_plan(
        tracker_plan(), slug="managed", user=importer, source_name="t.xlsx", manager=importer
    )
    membership = Membership.objects.get(plan__slug="managed", user=importer)
    assert membership.role == Membership.Role.MANAGER
    assert (
        membership.history.first().history_change_reason == "Imported from t.xlsx by Ida Importer"
    )

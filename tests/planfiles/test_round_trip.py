"""Round trip: the demo plan's workbook brought in as a new plan is the same plan.

Both plans are read straight from the database here (not through the export), field by
field: the scale, chapters, areas, actions with their rows and owners, and commentary.
"""

from improvement.lib.dates import today
from improvement.lib.history import save_tracked
from improvement.planfiles.export import plan_data_at
from improvement.planfiles.workbook import read_workbook, write_workbook
from improvement.plans.models import (
    Action,
    ActionOwner,
    ActionRow,
    Area,
    Chapter,
    ImpactCommentary,
    RatingLevel,
)

SCALE_FIELDS = (
    "name",
    "short_name",
    "colour",
    "hex_colour",
    "definition",
    "overview_definition",
    "counts_as_complete",
    "is_finished",
    "is_delayed",
    "is_under_review",
)
AREA_FIELDS = (
    "key",
    "chapter__number",
    "number",
    "title",
    "parent__key",
    "order",
    "what_needs_to_improve",
    "inspectors_found",
    "source",
    "areas_for_improvement",
    "how_we_assess",
    "what_we_will_see",
    "notes",
)
ACTION_FIELDS = (
    "ref",
    "printed_ref",
    "area__key",
    "area__number",
    "area__title",
    "short_title",
    "text",
    "due_date",
    "due_text",
    "rating__name",
    "progress",
    "evidence",
    "order",
)


def stored(plan):
    """Everything the plan workbook carries, as the database holds it."""
    plan.refresh_from_db()
    rows, owners = {}, {}
    for r in ActionRow.objects.filter(action__plan=plan).order_by("row"):
        rows.setdefault(r.action.ref, []).append((r.row, r.due_date, r.due_text, r.rating.name))
    for o in ActionOwner.objects.filter(action__plan=plan).order_by("row", "order"):
        owners.setdefault(o.action.ref, []).append((o.row, o.order, o.role.title))
    actions = [
        (*values, rows.get(values[0], []), owners.get(values[0], []))
        for values in Action.objects.filter(plan=plan).order_by("order").values_list(*ACTION_FIELDS)
    ]
    return {
        "plan": (plan.name, plan.organisation),
        "scale": list(
            RatingLevel.objects.filter(plan=plan).order_by("order").values_list(*SCALE_FIELDS)
        ),
        "chapters": list(
            Chapter.objects.filter(plan=plan)
            .order_by("number")
            .values_list("number", "title", "introduction")
        ),
        "areas": list(
            Area.objects.filter(chapter__plan=plan)
            .order_by("order", "key")
            .values_list(*AREA_FIELDS)
        ),
        "actions": actions,
        "commentary": list(
            ImpactCommentary.objects.filter(area__chapter__plan=plan)
            .order_by("area__key", "reporting_date")
            .values_list("area__key", "reporting_date", "text")
        ),
    }


def test_the_demo_plans_workbook_brought_in_as_a_new_plan_is_the_same_plan(plan, admin_user):
    from improvement.planfiles.apply import apply_plan

    # The demo's documents give no progress, evidence or printed refs: give two actions
    # some, including text a spreadsheet would take for a formula.
    for ref, printed, progress, evidence in [
        ("SL14", "1.14", "- Audits done\n- Panel set up", "=Audit report, March 2025"),
        ("CLB4", "CLB 4", "@Hub open in Crewe", "+ Feedback from young people"),
    ]:
        action = Action.objects.get(plan=plan, ref=ref)
        action.printed_ref, action.progress, action.evidence = printed, progress, evidence
        save_tracked(action, user=admin_user, reason="Round trip test")
    body = write_workbook(plan_data_at(plan, None), as_at=today())
    data, problems = read_workbook("x.xlsx", body)
    assert problems == []
    result = apply_plan(data, slug="round-trip", user=admin_user, source_name="x.xlsx")
    assert result.created
    assert result.plan.slug == "round-trip"
    original, copy = stored(plan), stored(result.plan)
    for part in ("plan", "scale", "chapters", "areas", "commentary"):
        assert copy[part] == original[part], part
    assert len(copy["actions"]) == 143
    sl14 = next(a for a in copy["actions"] if a[0] == "SL14")
    assert sl14[1] == "1.14" and sl14[10:12] == (
        "- Audits done\n- Panel set up",
        "=Audit report, March 2025",
    )
    for ours, theirs in zip(original["actions"], copy["actions"], strict=True):
        assert theirs == ours


def test_bringing_in_the_same_workbook_again_writes_nothing(plan, admin_user):
    from improvement.planfiles.apply import apply_plan

    body = write_workbook(plan_data_at(plan, None), as_at=today())
    data, _problems = read_workbook("x.xlsx", body)
    apply_plan(data, slug="round-trip", user=admin_user, source_name="x.xlsx")
    again, _problems = read_workbook("x.xlsx", body)
    result = apply_plan(again, slug="round-trip", user=admin_user, source_name="x.xlsx")
    assert not result.created
    assert result.writes == 0

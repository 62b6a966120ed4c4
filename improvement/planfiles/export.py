"""The plan as at a day, as data and as the downloads people take away.

``plan_data_at`` reads the day's plan through ``PlanSnapshot`` (today from the live
tables, a past day from the history) into a ``PlanData``, the same shape every reader
produces, so the plan workbook written from it can be brought back in unchanged.
"""

import csv
import io

from improvement.governance.xlsx import safe
from improvement.lib.dates import today
from improvement.plans.due import format_due
from improvement.plans.snapshot import PlanSnapshot

from .data import (
    AREA_TEXTS,
    ActionData,
    AreaData,
    ChapterData,
    CommentaryData,
    LevelData,
    PlanData,
    RowData,
)

CSV_HEADERS = [
    "Ref",
    "Printed ref",
    "Chapter",
    "Area",
    "Action",
    "Owners",
    "Due",
    "Rating",
    "Progress",
    "Evidence",
]


def plan_data_at(plan, day=None):
    """The plan at the end of ``day`` (None or today: as it is now) as a ``PlanData``:
    that day's rating scale, chapters, areas, actions with their further rows and
    owners, and the impact commentary as it stood."""
    snap = PlanSnapshot(plan, day)
    then = snap.plan_then
    chapter_numbers = {c.pk: c.number for c in snap.chapters}
    area_keys = {a.pk: a.key for a in snap.areas}
    rating_names = {level.pk: level.name for level in snap.levels}
    areas = [
        AreaData(
            key=a.key,
            chapter=chapter_numbers.get(a.chapter_id),
            number=a.number,
            title=a.title,
            parent=area_keys.get(a.parent_id, ""),
            order=a.order,
            **{field: getattr(a, field) for field in AREA_TEXTS},
        )
        for a in snap.areas
    ]
    actions = [
        ActionData(
            ref=a.ref,
            area=area_keys.get(a.area_id, ""),
            text=a.text,
            rating=rating_names.get(a.rating_id, ""),
            due_date=a.due_date,
            due_text=a.due_text,
            printed_ref=a.printed_ref,
            short_title=a.short_title,
            progress=a.progress,
            evidence=a.evidence,
            order=a.order,
            owners=snap.owners(a.pk, 1),
            rows=[
                RowData(
                    row=r.row,
                    due_date=r.due_date,
                    due_text=r.due_text,
                    rating=rating_names.get(r.rating_id, ""),
                    owners=snap.owners(a.pk, r.row),
                )
                for r in snap.further_rows[a.pk]
            ],
        )
        for a in snap.actions
    ]
    # Area by area in the plan's order, oldest reporting date first.
    area_order = {a.pk: index for index, a in enumerate(snap.areas)}
    commentary = sorted(
        (c for c in snap.commentary if c.area_id in area_keys),
        key=lambda c: (area_order[c.area_id], c.reporting_date),
    )
    return PlanData(
        name=then.name,
        organisation=then.organisation,
        scale=[LevelData.of(level) for level in snap.levels],
        chapters=[ChapterData(c.number, c.title, c.introduction) for c in snap.chapters],
        areas=areas,
        actions=actions,
        commentaries=[
            CommentaryData(area_keys[c.area_id], c.reporting_date, c.text) for c in commentary
        ],
    )


def _owners(action):
    """Every owner of the action, any row, in printed order, each once."""
    titles = [*action.owners, *(title for row in action.rows for title in row.owners)]
    return "; ".join(dict.fromkeys(titles))


def actions_csv(data):
    """One line per action (its first row's due date and rating, every row's owners).
    Text a spreadsheet would run is written as text, as in the change log's export."""
    chapters = {c.number: c for c in data.chapters}
    areas = {a.key: a for a in data.areas}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    for action in data.actions:
        area = areas.get(action.area)
        chapter = chapters.get(area.chapter) if area else None
        line = [
            action.ref,
            action.printed_ref,
            chapter.title if chapter else "",
            f"{area.number}. {area.title}" if area else "",
            action.text,
            _owners(action),
            format_due(action.due_date, action.due_text),
            action.rating,
            action.progress,
            action.evidence,
        ]
        writer.writerow([safe(value) for value in line])
    return out.getvalue()


def filename(plan, day, extension):
    """``childrens-services-plan-as-at-2025-11-12.xlsx``; the actions list is
    ``…-actions-as-at-….csv``."""
    what = "plan" if extension == "xlsx" else "actions"
    return f"{plan.slug}-{what}-as-at-{(day or today()).isoformat()}.{extension}"

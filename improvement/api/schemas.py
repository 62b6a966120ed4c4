"""What each endpoint returns: typed schemas, from which ninja writes the OpenAPI
description and the CSV exports take their header rows (``csvout``)."""

import datetime as dt

from ninja import Schema
from pydantic import Field


class Problem(Schema):
    detail: str


class PlanOut(Schema):
    slug: str
    name: str
    organisation: str
    status: str = Field(description='"active" or "closed"')
    role: str = Field(description="The token's person's role in the plan")


class RatingCount(Schema):
    rating: str = Field(description="The rating's words on that day")
    short_name: str
    colour: str
    counts_as_complete: bool
    count: int


class PlanAtDay(Schema):
    slug: str
    name: str
    organisation: str
    as_at: dt.date = Field(description="The plan as it stood at the end of this day")
    total: int
    complete: int = Field(description="Actions whose rating counts as complete")
    percent_complete: int = Field(
        description="Complete ÷ all actions, rounded, as committees count it"
    )
    overdue: int = Field(description="Past their due date and not finished")
    by_rating: list[RatingCount]


class ActionOut(Schema):
    ref: str = Field(description="Unique in the plan; used in addresses")
    label: str = Field(description="The ref as the plan document prints it")
    short_title: str
    text: str
    chapter: int
    chapter_title: str
    area: str = Field(description='"1. Title"; a sub-area with its parent first')
    owners: list[str] = Field(description="Owner roles, every printed row, in printed order")
    due_date: dt.date | None
    due_text: str = Field(description='The due date as written when it is not a month: "TBC"')
    rating: str
    rating_reason: str
    progress: str


class FieldChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class ChangeOut(Schema):
    when: dt.datetime
    who: str
    person: str = Field(description="The username of who made it (empty if not recorded)")
    kind: str = Field(
        description='"action", "row" (a further printed row), "owner" or "commentary"'
    )
    ref: str
    subject: str
    area: str
    note: str = Field(description='"Action added", "Action deleted", …')
    reason: str
    fields: list[FieldChangeOut]


class ChangeLine(Schema):
    """The CSV's shape of the change log: one line per changed field."""

    when: dt.datetime
    who: str
    person: str
    kind: str
    ref: str
    subject: str
    area: str
    what_changed: str
    field: str
    before: str
    after: str
    reason: str


class RoundOut(Schema):
    name: str
    as_at: dt.date
    deadline: dt.date
    status: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    updated: int
    unchanged: int
    not_updated: int


class ScorecardValueOut(Schema):
    section: str
    indicator: str = Field(description='The ID as printed: "1", "7a"')
    title: str
    unit: str
    month: dt.date = Field(description="First day of the month")
    text: str = Field(description="The figure as printed")
    value: float | None
    count: int | None
    status: str = Field(description='"value", "missing" (blank) or "nya" (not yet available)')
    target: str = Field(description="The target as printed")
    target_kind: str
    rag: str | None = Field(description='"on_target", "within_15", "beyond_15" or none')
    rag_label: str


class FinanceLineOut(Schema):
    point: str = Field(description='The reporting point: "2025-26-FR3"')
    expenditure_group: str
    origin: str
    origin_label: str
    budget_pence: int
    actual_pence: int
    forecast_pence: int
    variance_pence: int = Field(description="Forecast − budget: positive is an overspend")
    has_figures: bool

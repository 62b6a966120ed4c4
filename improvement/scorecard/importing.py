"""Importing the month's figures from an Excel workbook: check, read, plan, apply.

1. ``import_checks.check_file`` refuses anything that is not a plain .xlsx workbook of
   sensible size before openpyxl sees it: the extension, the size, the zip's entry count
   and declared uncompressed size, encrypted entries, macros, and XML document type
   declarations (billion laughs). openpyxl then reads in read-only mode with defusedxml
   installed.
2. ``plan_import`` reads the "Scorecard" sheet (``import_cells``) and compares every
   figure with what is stored: new, changed (old → new) or unchanged. Every problem is
   reported per cell (sheet, cell, value, why); a plan with errors cannot be applied.
3. ``apply_import`` writes the plan in one transaction, each value's history carrying
   the importing user and the file name as the reason. Re-importing writes nothing.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from improvement.lib import dates
from improvement.lib.history import assign_changed

from .import_cells import (
    FORMULA_ID,
    CellError,
    coordinate,
    display,
    first_id,
    id_is_formula,
    month_columns_of,
    read_figure,
    read_rows,
)
from .import_checks import ImportRefused, check_file
from .models import Indicator, IndicatorValue
from .parsing import ParseError
from .tables import add_months, month_label, stored_months
from .workbook import ID_HEADER, SHEET

MAX_MONTHS_BACK = 60

FIELDS = ["text", "value", "count", "status"]


@dataclass(slots=True)
class Change:
    indicator: Indicator
    month: dt.date
    row: int
    column: int
    old: str
    new: str
    kind: str  # "new", "changed" or "unchanged"
    fields: dict | None = None
    current_pk: int | None = None

    @property
    def cell(self):
        return coordinate(self.row, self.column)

    @property
    def month_label(self):
        return month_label(self.month)


@dataclass
class ImportPlan:
    filename: str
    digest: str = ""
    months: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    indicators_read: int = 0

    def of_kind(self, kind):
        return [c for c in self.changes if c.kind == kind]

    @property
    def new(self):
        return self.of_kind("new")

    @property
    def changed(self):
        return self.of_kind("changed")

    @property
    def unchanged(self):
        return self.of_kind("unchanged")

    @property
    def writes(self):
        return [c for c in self.changes if c.kind != "unchanged"]

    def fingerprint(self):
        """What applying would do, so a confirm can tell if the data moved on since."""
        h = hashlib.sha256(self.digest.encode())
        for c in self.writes:
            h.update(f"{c.indicator.pk}|{c.month}|{c.old}|{c.new}\n".encode())
        return h.hexdigest()


def plan_import(plan, name, data, *, today=None):
    """Read a workbook and work out what importing it would change. Refusals of the file
    itself raise ImportRefused; everything else is an error on the plan, per cell."""
    check_file(name, data)
    result = ImportPlan(filename=name, digest=hashlib.sha256(data).hexdigest())
    try:
        sheetnames, rows = read_rows(data)
    except Exception as exc:  # openpyxl and the XML parser raise many kinds
        raise ImportRefused(
            f"{name} could not be read as an Excel workbook ({type(exc).__name__}: {exc})."
        ) from exc
    errors = result.errors
    if rows is None:
        errors.append(
            CellError(
                sheet=", ".join(sheetnames),
                cell="",
                value="",
                why=f"The workbook has no sheet called “{SHEET}” (it has "
                f"{', '.join('“' + s + '”' for s in sheetnames)}). Use the template's sheet.",
            )
        )
        return result

    header_index = next(
        (i for i, cells in enumerate(rows) if first_id(cells) == ID_HEADER),
        None,
    )
    if header_index is None:
        errors.append(
            CellError(SHEET, "A", "", f"No heading row starting with “{ID_HEADER}” was found.")
        )
        return result

    # -- the heading row: which column is which month ---------------------------------
    today = today or dates.today()
    this_month = dt.date(today.year, today.month, 1)
    first_stored, _ = stored_months(plan)
    earliest = first_stored or add_months(this_month, -(MAX_MONTHS_BACK - 1))
    month_columns, bad_columns = month_columns_of(rows[header_index], earliest, this_month, errors)
    result.months = sorted(month_columns.values())

    # -- the indicator rows, compared as they are read with what is stored -----------
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    ordered_columns = sorted(month_columns.items(), key=lambda item: item[1])
    existing = _stored(plan, result.months) if month_columns else {}
    seen_codes = {}
    for cells in rows[header_index + 1 :]:
        r = cells[0][0]
        code = first_id(cells)
        in_months = [x for x in cells if x[1] in month_columns or x[1] in bad_columns]
        if id_is_formula(cells):
            errors.append(CellError(SHEET, coordinate(r, 1), code, FORMULA_ID))
            continue
        if not code:
            for _r, c, value, _fmt in in_months:
                errors.append(
                    CellError(
                        SHEET,
                        coordinate(r, c),
                        display(value),
                        f"A figure in a row with no ID in column A (row {r}).",
                    )
                )
            continue
        id_cell = coordinate(r, 1)
        indicator = indicators.get(code)
        if indicator is None:
            errors.append(
                CellError(SHEET, id_cell, code, f"There is no indicator {code} in this plan.")
            )
            continue
        if code in seen_codes:
            errors.append(
                CellError(
                    SHEET,
                    id_cell,
                    code,
                    f"Indicator {code} appears twice: first on row {seen_codes[code]}.",
                )
            )
            continue
        seen_codes[code] = r
        given = {c: (value, fmt) for _r, c, value, fmt in in_months}
        for c, (value, _fmt) in given.items():
            if c in bad_columns:
                month, why = bad_columns[c]
                errors.append(
                    CellError(
                        SHEET,
                        coordinate(r, c),
                        display(value),
                        f"{code} for {month_label(month)}: {why} Only "
                        f"{month_label(earliest)} to {month_label(this_month)} can be imported.",
                    )
                )
        _compare_row(indicator, r, ordered_columns, given, existing, result)
    result.indicators_read = len(seen_codes)
    if not month_columns and not errors:
        header_row = rows[header_index][0][0]
        errors.append(
            CellError(SHEET, f"A{header_row}", ID_HEADER, "The heading row has no months.")
        )
    if errors:
        result.changes = []  # nothing may be applied from a workbook with a problem
    return result


def _stored(plan, months):
    """{(indicator id, month): (value pk, (text, count, status))}: one query.

    The figure itself is not fetched: it is read from the text by the same parser on
    every write path, so the same text, count and status mean the same figure (and
    fetching 6,000 decimals costs more than reading the workbook's cells).
    """
    rows = (
        IndicatorValue.objects.filter(indicator__plan=plan, month__in=months)
        .order_by()
        .values_list("pk", "indicator_id", "month", "text", "count", "status")
    )
    return {(row[1], row[2]): (row[0], row[3:]) for row in rows}


def _compare_row(indicator, r, columns, given, existing, result):
    """Read one indicator's figures and record each as new, changed or unchanged."""
    code, unit, pk = indicator.code, indicator.unit, indicator.pk
    changes, errors = result.changes, result.errors
    for c, month in columns:
        value, fmt = given.get(c, (None, None))
        try:
            text, parsed = read_figure(value, fmt, unit)
        except ParseError as exc:
            errors.append(CellError(SHEET, coordinate(r, c), display(value), f"{code}: {exc}"))
            continue
        fields = (text, parsed.value, parsed.count, parsed.status)
        stored = existing.get((pk, month))
        if stored is None:
            if parsed.status != "missing":  # a blank where nothing is stored: nothing to do
                changes.append(
                    Change(
                        indicator,
                        month,
                        r,
                        c,
                        "",
                        text,
                        "new",
                        dict(zip(FIELDS, fields, strict=True)),
                    )
                )
        elif stored[1] == (text, parsed.count, parsed.status):
            changes.append(Change(indicator, month, r, c, text, text, "unchanged"))
        else:
            changes.append(
                Change(
                    indicator,
                    month,
                    r,
                    c,
                    stored[1][0],
                    text,
                    "changed",
                    dict(zip(FIELDS, fields, strict=True)),
                    stored[0],
                )
            )


# -- 3. applying ------------------------------------------------------------------------
def import_reason(filename):
    return f"Scorecard import from {filename}"


@transaction.atomic
def apply_import(result, *, user, when=None):
    """Write the plan's new and changed values; returns how many were written."""
    if result.errors:
        raise ValueError("An import with errors cannot be applied.")
    reason = import_reason(result.filename)
    when = when or timezone.now()
    created = [IndicatorValue(indicator=c.indicator, month=c.month, **c.fields) for c in result.new]
    changes = {c.current_pk: c for c in result.changed}
    updated = [
        current
        for current in IndicatorValue.objects.select_for_update().filter(pk__in=list(changes))
        if assign_changed(current, changes[current.pk].fields)
    ]
    if created:
        bulk_create_with_history(
            created,
            IndicatorValue,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
    if updated:
        bulk_update_with_history(
            updated,
            IndicatorValue,
            FIELDS,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
    return len(created) + len(updated)

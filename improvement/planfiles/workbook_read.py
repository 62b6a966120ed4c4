"""Reading the product's plan workbook back (``workbook.read_workbook`` is the way in).

Every cell is checked where it is read, and every bad one is a ``Problem`` naming its
sheet, row and column header: a formula, a blank required cell, a text too long for
its column, a date or number that is not one, an unknown rating, colour or area key, a
repeated ref or key. Text is kept exactly as the cell holds it (the plan's bullet lists
start with "- "); refs, keys, names and titles lose surrounding spaces.
"""

import datetime as dt
import re

from improvement.plans.models import RatingLevel

from .data import (
    ActionData,
    AreaData,
    ChapterData,
    CommentaryData,
    LevelData,
    PlanData,
    Problem,
    RowData,
)

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")  # area keys are in addresses (<slug:key>)
REF = re.compile(r"^[^\s/?#%\\]+$")  # action refs are in addresses (<str:ref>)
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
COLOURS = {
    **{label.lower(): value for value, label in RatingLevel.Colour.choices},
    **{value: value for value in RatingLevel.Colour.values},
}
COLOUR_NAMES = ", ".join(RatingLevel.Colour.labels)
AREA_TEXTS = {
    "what_needs_to_improve": "What needs to improve",
    "inspectors_found": "Inspectors found",
    "source": "Source",
    "areas_for_improvement": "Areas for improvement",
    "how_we_assess": "How we assess",
    "what_we_will_see": "What we will see",
    "notes": "Notes",
}
LENGTHS = {"Plan name": 200, "Organisation": 200, "Chapter title": 200}


def _norm(value):
    return " ".join(str(value).split()).lower() if value is not None else ""


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _blank(cell):
    return (
        cell is None
        or cell.value is None
        or (isinstance(cell.value, str) and not cell.value.strip())
    )


class Row:
    """One row of a sheet: typed reads of its cells, each reporting its own problem."""

    def __init__(self, reader, sheet, number, cells, columns):
        self.reader, self.sheet, self.number = reader, sheet, number
        self.cells, self.columns = cells, columns

    def problem(self, header, message):
        self.reader.problems.append(Problem(self.number, header, message, self.sheet))

    def _value(self, header):
        """The cell's value, or ``(None, False)`` for a formula (reported)."""
        cell = self.cells.get(header)
        if cell is None:
            return None, True
        if cell.data_type == "f":
            self.problem(header, "This cell is a formula; type the value itself.")
            return None, False
        return cell.value, True

    def text(self, header, *, required=False, strip=False, max_length=None):
        value, ok = self._value(header)
        text = _as_text(value)
        if strip or not text.strip():
            text = text.strip()
        if not ok:
            return text
        if required and not text:
            self.problem(header, "This cell is blank; it must be filled in.")
        limit = max_length or getattr(self.columns.get(header), "max_length", None)
        if limit and len(text) > limit:
            self.problem(
                header, f"This is {len(text):,} characters long; the most it can be is {limit:,}."
            )
        return text

    def date(self, header, *, required=False):
        value, ok = self._value(header)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = _as_text(value).strip()
        if not text:
            if required and ok:
                self.problem(header, "This cell is blank; it must be a date.")
            return None
        for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d/%m/%Y").date()):
            try:
                return parse(text)
            except ValueError:
                pass
        self.problem(header, f"“{text[:40]}” is not a date; enter a date such as 12/11/2025.")
        return None

    def integer(self, header, *, default=None, minimum=0):
        value, ok = self._value(header)
        text = _as_text(value).strip()
        if not text:
            if default is None and ok:
                self.problem(header, "This cell is blank; it must be a whole number.")
            return default
        if isinstance(value, bool) or not text.lstrip("-").isdigit():
            self.problem(header, f"“{text[:40]}” is not a whole number.")
            return default
        if int(text) < minimum:
            self.problem(header, f"This must be {minimum} or more.")
        return int(text)

    def yesno(self, header):
        value, _ok = self._value(header)
        text = _norm(_as_text(value))
        if text in YES or text in NO:
            return text in YES
        self.problem(header, f"“{text[:40]}” is not Yes or No.")
        return False

    def choice(self, header, known, what):
        """A name that must be one of ``known`` (ratings, area keys, refs)."""
        name = self.text(header, required=True, strip=True)
        if name and known and name not in known:
            self.problem(header, f"“{name[:60]}” is not {what}.")
        return name


class Reader:
    def __init__(self, book, sheets):
        self.book, self.sheets = book, sheets
        self.problems = []

    def whole(self, sheet, message, row=0, column=""):
        self.problems.append(Problem(row, column, message, sheet))

    def rows(self, title, *, required=True):
        """The sheet's rows that are not blank, once its header row has every required
        column (found by header, in any order)."""
        if title not in self.book.sheetnames:
            if required:
                self.whole(title, f"The workbook has no “{title}” sheet.")
            return
        sheet = self.book[title]
        sheet.reset_dimensions()  # files from other tools may state wrong dimensions
        columns = {c.header: c for c in self.sheets[title]}
        wanted = {_norm(header): header for header in columns}
        lines = sheet.iter_rows()
        where = {}
        for index, cell in enumerate(next(lines, ())):
            header = wanted.get(_norm(cell.value))
            if header and header not in where:
                where[header] = index
        missing = [h for h, column in columns.items() if column.required and h not in where]
        for header in missing:
            self.whole(title, f"The first row has no “{header}” column.", row=1, column=header)
        if missing:
            return
        for number, cells in enumerate(lines, 2):
            found = {h: cells[i] for h, i in where.items() if i < len(cells)}
            if not all(_blank(cell) for cell in found.values()):
                yield Row(self, title, number, found, columns)

    def about(self, labels, version):
        """The plan's name and organisation from the About sheet (label, value rows)."""
        if "About" not in self.book.sheetnames:
            self.whole("About", "The workbook has no “About” sheet giving the plan's name.")
            return "", ""
        cells = {}
        for number, line in enumerate(self.book["About"].iter_rows(max_col=2), 1):
            if len(line) == 2 and _norm(line[0].value) in map(_norm, labels):
                cells.setdefault(_norm(line[0].value), (number, line[1]))

        def value(label, **kwargs):
            number, cell = cells.get(_norm(label), (0, None))
            row = Row(self, "About", number, {label: cell}, {})
            return row, row.text(label, max_length=LENGTHS.get(label), **kwargs)

        name = value("Plan name", required=True, strip=True)[1]
        organisation = value("Organisation", strip=True)[1]
        row, found = value("Format version", strip=True)
        if found and (not found.isdigit() or int(found) > version):
            row.problem(
                "Format version",
                f"This workbook is format version {found[:20]}; this product reads versions "
                f"up to {version}. Download the plan again from this product.",
            )
        return name, organisation

    def scale(self):
        levels, seen = [], {}
        for row in self.rows("Rating scale"):
            name = row.text("Name", required=True, strip=True)
            if name in seen:
                row.problem("Name", f"“{name}” is already a rating, in row {seen[name]}.")
            seen.setdefault(name, row.number)
            colour = row.text("Colour", required=True, strip=True)
            if colour and colour.lower() not in COLOURS:
                row.problem("Colour", f"“{colour[:40]}” is not a colour; use {COLOUR_NAMES}.")
            hex_colour = row.text("Hex colour", required=True, strip=True)
            if hex_colour and not HEX.match(hex_colour):
                row.problem("Hex colour", f"“{hex_colour[:40]}” is not a colour like #00703c.")
            levels.append(
                LevelData(
                    name=name,
                    short_name=row.text("Short name", strip=True) or name,
                    colour=COLOURS.get(colour.lower(), ""),
                    hex_colour=hex_colour,
                    definition=row.text("Definition"),
                    overview_definition=row.text("Overview definition"),
                    counts_as_complete=row.yesno("Counts as complete"),
                    is_finished=row.yesno("Finished"),
                    is_delayed=row.yesno("Delayed"),
                    is_under_review=row.yesno("Under review"),
                    # Blank in workbooks exported before ratings could need a reason.
                    needs_reason=row.yesno("Needs a reason"),
                )
            )
        if not levels and "Rating scale" in self.book.sheetnames:
            self.whole("Rating scale", "The Rating scale sheet has no ratings.")
        return levels

    def structure(self):
        chapters, areas, rows = {}, {}, {}
        for row in self.rows("Structure"):
            kind = row.text("Type", required=True, strip=True).lower()
            number = row.integer("Chapter", minimum=1)
            if kind == "chapter":
                if number in chapters:
                    row.problem("Chapter", f"Chapter {number} is already in this sheet.")
                title = row.text("Title", required=True, strip=True, max_length=200)
                intro = row.text("Introduction")
                chapters.setdefault(number, ChapterData(number, title, intro))
            elif kind == "area":
                key = row.text("Key", required=True, strip=True)
                if key and not SLUG.match(key):
                    row.problem("Key", "A key may hold only letters, numbers, - and _.")
                if key in areas:
                    row.problem(
                        "Key", f"“{key}” is already an area's key, in row {rows[key].number}."
                    )
                area = AreaData(
                    key=key,
                    chapter=number,
                    number=row.text("Number", required=True, strip=True),
                    title=row.text("Title", required=True, strip=True),
                    parent=row.text("Parent", strip=True),
                    order=row.integer("Order", default=len(areas) + 1),
                    **{field: row.text(header) for field, header in AREA_TEXTS.items()},
                )
                areas.setdefault(key, area)
                rows.setdefault(key, row)
            elif kind:
                row.problem("Type", f"“{kind[:40]}” is not a type of row; write Chapter or Area.")
        self._check_areas(chapters, areas, rows)
        return list(chapters.values()), list(areas.values())

    def _check_areas(self, chapters, areas, rows):
        for key, area in areas.items():
            row = rows[key]
            if area.chapter is not None and area.chapter not in chapters:
                row.problem("Chapter", f"There is no row for chapter {area.chapter} in this sheet.")
            if not area.parent:
                continue
            parent = areas.get(area.parent)
            if parent is None or area.parent == key:
                row.problem("Parent", f"“{area.parent[:40]}” is not another area's key.")
            elif parent.chapter != area.chapter:
                row.problem("Parent", f"Area {area.parent} is in another chapter.")
            elif self._loops(areas, key):
                row.problem("Parent", "The parents go round in a loop back to this area.")

    @staticmethod
    def _loops(areas, key):
        seen, at = set(), key
        while at and at in areas and at not in seen:
            seen.add(at)
            at = areas[at].parent
        return bool(at) and at in seen

    def _due(self, row):
        due_date, due_text = row.date("Due date"), row.text("Due text")
        if due_date is None and not due_text and _blank(row.cells.get("Due date")):
            row.problem("Due date", "Give a due date, or say when it is due under Due text.")
        return due_date, due_text

    def actions(self, area_keys, ratings):
        actions = {}
        for row in self.rows("Actions"):
            ref = row.text("Ref", required=True, strip=True)
            if ref and not REF.match(ref):
                row.problem(
                    "Ref",
                    "A ref may not hold spaces or / ? # % \\ "
                    "(put the ref as printed under Printed ref).",
                )
            if ref in actions:
                row.problem("Ref", f"“{ref}” is already an action's ref.")
            due_date, due_text = self._due(row)
            action = ActionData(
                ref=ref,
                printed_ref=row.text("Printed ref", strip=True),
                area=row.choice("Area key", area_keys, "an area key in the Structure sheet"),
                short_title=row.text("Short title", strip=True),
                text=row.text("Action", required=True),
                due_date=due_date,
                due_text=due_text,
                rating=row.choice("Rating", ratings, "a rating in the Rating scale sheet"),
                progress=row.text("Progress"),
                evidence=row.text("Evidence"),
                order=row.integer("Order", default=len(actions) + 1),
            )
            actions.setdefault(ref, action)
        return actions

    def further_rows(self, actions, ratings):
        seen = set()
        for row in self.rows("Further rows", required=False):
            ref = row.choice("Action ref", actions, "a ref in the Actions sheet")
            number = row.integer("Row", minimum=2)
            if (ref, number) in seen:
                row.problem("Row", f"Row {number} of {ref} is already in this sheet.")
            seen.add((ref, number))
            due_date, due_text = self._due(row)
            rating = row.choice("Rating", ratings, "a rating in the Rating scale sheet")
            if ref in actions and number is not None:
                actions[ref].rows.append(RowData(number, due_date, due_text, rating))
        for action in actions.values():
            action.rows.sort(key=lambda r: r.row)

    def owners(self, actions):
        found = {}
        for position, row in enumerate(self.rows("Owners", required=False), 1):
            ref = row.choice("Action ref", actions, "a ref in the Actions sheet")
            number = row.integer("Row", default=1, minimum=1)
            order = row.integer("Order", default=position)
            title = row.text("Owner role title", required=True, strip=True)
            action = actions.get(ref)
            if action and number != 1 and number not in {r.row for r in action.rows}:
                row.problem("Row", f"Action {ref} has no row {number} in the Further rows sheet.")
            owners = found.setdefault((ref, number), {})
            if title in owners:
                row.problem("Owner role title", f"{title} already owns row {number} of {ref}.")
            owners.setdefault(title, (order, row.number))
        for (ref, number), owners in found.items():
            titles = sorted(owners, key=owners.get)
            action = actions.get(ref)
            if action is None:
                continue
            targets = [action] if number == 1 else [r for r in action.rows if r.row == number]
            for target in targets:
                target.owners = titles

    def commentary(self, area_keys):
        found, seen = [], set()
        for row in self.rows("Commentary", required=False):
            key = row.choice("Area key", area_keys, "an area key in the Structure sheet")
            day = row.date("Reporting date", required=True)
            if (key, day) in seen:
                row.problem("Reporting date", f"Area {key} already has commentary for this date.")
            seen.add((key, day))
            found.append(CommentaryData(key, day, row.text("Text", required=True)))
        return found


def read_book(book, sheets, about, version):
    """``(PlanData, problems)`` from an open workbook; ``sheets`` and ``about`` are the
    layout ``workbook.py`` writes."""
    reader = Reader(book, sheets)
    name, organisation = reader.about(about, version)
    scale = reader.scale()
    chapters, areas = reader.structure()
    ratings = {level.name for level in scale if level.name}
    actions = reader.actions({a.key for a in areas if a.key}, ratings)
    reader.further_rows(actions, ratings)
    reader.owners(actions)
    plan = PlanData(
        name=name,
        organisation=organisation,
        scale=scale,
        chapters=chapters,
        areas=areas,
        actions=list(actions.values()),
        commentaries=reader.commentary({a.key for a in areas if a.key}),
    )
    return plan, reader.problems

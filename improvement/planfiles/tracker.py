"""A council's own tracker: one row per action, read into a ``PlanData``.

Trackers differ in their headings, so the columns are guessed from the usual words
(``guess_mapping``) and the person importing can correct the guess. Up to three level
columns (Theme, Priority, Workstream …) to the left of the action make the plan's
chapters, areas and sub-areas; a level cell left blank repeats the one above it, as
trackers print merged cells. Anything that cannot be read is a ``Problem`` naming the
spreadsheet row and the column's heading, and then no plan is made.
"""

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from itertools import islice
from pathlib import PurePath

from openpyxl.utils import get_column_letter

from improvement.lib import limits

from .checks import MAX_COLUMNS, MAX_ROWS, ImportRefused, csv_rows
from .data import ActionData, AreaData, ChapterData, PlanData, Problem
from .words import (
    cell_text,
    make_refs,
    ratings_for_scale,
    ratings_from_words,
    read_due,
    scale_from_words,
    split_owners,
)

LEVELS = ("level1", "level2", "level3")
HEADER_WORDS = {
    "ref": {"ref", "no", "id", "action ref", "reference", "ref no", "action no", "action number"},
    "action": {"action", "actions", "description", "activity", "activities", "key action"},
    "owner": {"owner", "owners", "lead", "responsible officer", "lead officer", "action owner"},
    "due": {"due", "due date", "deadline", "timescale", "timescales", "by when", "target date"},
    "rating": {"rag", "rating", "status", "progress rating", "brag", "rag status", "rag rating"},
    "level": {
        "theme", "priority", "area", "workstream", "outcome", "chapter", "sub-area", "sub area",
        "objective", "themes", "priorities", "area for improvement", "sub-theme",
    },
    "progress": {"progress", "update", "commentary", "progress update", "latest update"},
    "evidence": {"evidence", "measure", "evidence of impact", "measures of success", "measures"},
}  # fmt: skip
HEAD_ROWS = 20  # the header row is looked for among a sheet's first rows
TITLE_MAX = {"chapter": 200, "area": 300, "owner": 200, "due": 300, "rating": 80}


@dataclass
class TrackerRead:
    headers: list[str]
    mapping: dict[str, int]
    rating_words: list[tuple[str, int]]
    plan: PlanData | None
    problems: list[Problem]
    shape: str = "tracker"  # or "workbook": the product's own plan workbook
    sheet: str = ""
    header_row: int = 0


def _header_key(text):
    return " ".join(cell_text(text).replace("_", " ").split()).casefold().rstrip(".:*").strip()


def guess_mapping(headers):
    """{field: column index} from the header row's words; up to three level columns,
    "level1" to "level3" from left to right. Each column is used once."""
    mapping = {}
    for index, header in enumerate(headers):
        key = _header_key(header)
        for name, words in HEADER_WORDS.items():
            if key not in words:
                continue
            if name == "level":
                free = [level for level in LEVELS if level not in mapping]
                if free:
                    mapping[free[0]] = index
            elif name not in mapping:
                mapping[name] = index
            break
    return mapping


def _filled(row):
    """How many cells of a row hold something (a space alone is nothing)."""
    return sum(1 for v in row if v is not None and (v.strip() if isinstance(v, str) else v != ""))


def _header_index(rows):
    """Which of the first rows is the header: the first whose words name an action
    column, else the first that is nearly as full as the fullest (not a title row)."""
    head = rows[:HEAD_ROWS]
    for i, (_number, values) in enumerate(head):
        if "action" in guess_mapping(values):
            return i
    fullest = max((_filled(values) for _n, values in head), default=0)
    for i, (_number, values) in enumerate(head):
        if fullest and _filled(values) >= 0.6 * fullest:
            return i
    return None


def _non_blank(numbered_rows, name):
    rows = []
    for number, values in numbered_rows:
        values = tuple(values[:MAX_COLUMNS])
        if _filled(values):
            rows.append((number, values))
            if len(rows) > MAX_ROWS:
                raise ImportRefused(f"{name} has more than {MAX_ROWS:,} rows.")
    return rows


def _xlsx_rows(name, data):
    """(sheet title, non-blank rows, whether there are other sheets): the first visible
    sheet with an action heading, else the first visible sheet."""
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula cell reads as its "=…" text, to be refused.
        wb = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:
        raise ImportRefused(f"{name} could not be read as an Excel workbook ({exc}).") from None
    try:
        first, several = None, len(wb.worksheets) > 1
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            numbered = enumerate(ws.iter_rows(values_only=True), 1)
            head = _non_blank(islice(numbered, HEAD_ROWS * 5), name)
            found = _header_index(head)
            if found is not None and "action" in guess_mapping(head[found][1]):
                return ws.title, head + _non_blank(numbered, name), several
            if first is None:
                first = ws.title, head + _non_blank(numbered, name), several
        if first is None:
            raise ImportRefused(f"{name} has no visible sheet.")
        return first
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(f"{name} could not be read as an Excel workbook ({exc}).") from None
    finally:
        wb.close()


def read_tracker(name, data, *, mapping=None, ratings=None, scale=None, title="", organisation=""):
    """Read a tracker (.xlsx or .csv) into a ``TrackerRead``.

    ``ratings`` maps each rating word (as found, stripped) to a level name of ``scale``;
    with a scale and no ratings, words naming a level are mapped to it; with neither, the
    scale is made from the words (``words.scale_from_words``).
    """
    if (name or "").lower().endswith(".csv"):
        sheet, rows, several = "", _non_blank(enumerate(csv_rows(name, data), 1), name), False
    else:
        sheet, rows, several = _xlsx_rows(name, data)
    found = _header_index(rows)
    if found is None:
        problem = Problem(0, "", f"{name} has no rows.")
        return TrackerRead([], dict(mapping or {}), [], None, [problem], sheet=sheet)
    header_row, header_values = rows[found]
    headers = [cell_text(v) for v in header_values]
    while headers and not headers[-1]:
        headers.pop()
    mapping = dict(mapping) if mapping is not None else guess_mapping(headers)
    title = title or PurePath(name or "Plan").stem
    reader = _Reader(headers, mapping, title, organisation)
    reader.read(rows[found + 1 :])
    words = list(reader.word_counts.items())
    plan = None
    if "action" not in mapping:
        reader.problems.insert(
            0,
            Problem(
                0,
                "",
                "No column is headed as the actions (Action, Description or Activity): "
                "choose the column that holds them.",
            ),
        )
    else:
        plan = reader.plan(*_ratings([w for w, _n in words], ratings, scale))
    problems = sorted(reader.problems, key=lambda p: p.row)
    return TrackerRead(
        headers=headers,
        mapping=mapping,
        rating_words=words,
        plan=None if problems else plan,
        # The sheet is named only where there is a choice of sheets.
        problems=[Problem(p.row, p.column, p.message, sheet if several else "") for p in problems],
        sheet=sheet,
        header_row=header_row,
    )


def _ratings(words, ratings, scale):
    if scale is None and ratings is None:
        scale = scale_from_words(words)
        return scale, ratings_from_words(words, scale)
    if scale is None:
        raise ValueError("Rating words were mapped without the scale their levels belong to.")
    if ratings is None:
        ratings = ratings_for_scale(words, scale)
    names = {level.name for level in scale}
    unknown = sorted({level for level in ratings.values() if level not in names})
    if unknown:
        raise ValueError(f"Rating words are mapped to levels not in the scale: {unknown}")
    return scale, ratings


PLAIN = str | int | float | dt.date | dt.time | dt.timedelta | type(None)
TEXT_LIMITS = {
    "action": limits.ACTION_TEXT,
    "progress": limits.PROGRESS,
    "evidence": limits.EVIDENCE,
}


def _is_formula(value):
    """A formula as openpyxl reads it without cached values ("=SUM(…)", or an array
    formula's object), or a .csv cell that Excel would run as one."""
    if isinstance(value, str):
        return value.lstrip().startswith("=")
    return not isinstance(value, PLAIN)


@dataclass
class _Row:
    number: int
    path: tuple
    ref: str
    text: str
    owners: list
    due: tuple
    word: str
    progress: str
    evidence: str


@dataclass
class _Reader:
    headers: list
    mapping: dict
    title: str
    organisation: str
    problems: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    word_counts: dict = field(default_factory=dict)

    def column(self, key):
        index = self.mapping.get(key)
        if index is None:
            return ""
        header = self.headers[index] if index < len(self.headers) else ""
        return header or f"column {get_column_letter(index + 1)}"

    def problem(self, row, key, message):
        self.problems.append(Problem(row, self.column(key), message))

    def read(self, rows):
        self.levels = [k for k in LEVELS if k in self.mapping]
        self.above = [""] * len(self.levels)
        self.owner_spelling = {}
        for number, values in rows:
            self.read_row(number, values)

    def cells(self, number, values):
        """{field: value} of the mapped columns; a formula is a problem, read as blank."""
        cells = {}
        for key, index in self.mapping.items():
            value = values[index] if 0 <= index < len(values) else None
            if _is_formula(value):
                where = f"{get_column_letter(index + 1)}{number}"
                self.problem(number, key, f"{where} is a formula; type the value itself.")
                value = None
            cells[key] = value
        return cells

    def read_row(self, number, values):
        before = len(self.problems)
        cells = self.cells(number, values)
        if len(self.problems) > before:
            return  # a formula: its problem says it all (no "there is no action" besides)
        text = {key: cell_text(value) for key, value in cells.items()}
        if not any(text.values()):
            return  # a blank row (or one whose only cells are elsewhere)
        path = self.read_levels(number, text)
        others = [k for k, v in text.items() if v and k not in LEVELS]
        if not others:
            return  # a heading row: it sets the levels of the rows below
        if not text.get("action"):
            self.problem(number, "action", "There is no action on this row; type the action.")
            return
        word = " ".join(text.get("rating", "").split())
        self.word_counts[word] = self.word_counts.get(word, 0) + 1
        owners = []
        for title in split_owners(text.get("owner", "")):
            if len(title) > TITLE_MAX["owner"]:
                self.problem(number, "owner", f"An owner is longer than {TITLE_MAX['owner']}.")
            owners.append(self.owner_spelling.setdefault(title.casefold(), title))
        due = read_due(cells.get("due"))
        if len(due[1]) > TITLE_MAX["due"]:
            self.problem(number, "due", f"The due date is longer than {TITLE_MAX['due']}.")
        if len(word) > TITLE_MAX["rating"]:
            self.problem(number, "rating", "This is too long to be a rating.")
        ref = " ".join(text.get("ref", "").split())
        progress, evidence = text.get("progress", ""), text.get("evidence", "")
        for key, limit in TEXT_LIMITS.items():  # as the product's forms allow (lib.limits)
            if len(text.get(key, "")) > limit:
                self.problem(number, key, f"This is longer than {limit:,} characters.")
        self.rows.append(
            _Row(number, path, ref, text["action"], owners, due, word, progress, evidence)
        )

    def read_levels(self, number, text):
        """The row's levels, a blank one repeating the one above unless a level to its
        left changed on this row."""
        path, changed = [], False
        for i, key in enumerate(self.levels):
            value = " ".join(text.get(key, "").split())
            limit = TITLE_MAX["chapter" if i == 0 and len(self.levels) > 1 else "area"]
            if len(value) > limit:
                self.problem(number, key, f"This is longer than {limit} characters.")
            if value:
                changed = changed or value != self.above[i]
            elif not changed:
                value = self.above[i]
            path.append(value)
        self.above = path
        return tuple(path)

    # -- the plan ------------------------------------------------------------------
    def plan(self, scale, ratings):
        plan = PlanData(name=self.title[:200], organisation=self.organisation, scale=scale)
        self.folded_words = {word.casefold(): word for word in ratings}
        refs = make_refs([row.ref for row in self.rows])
        areas = {}
        for order, (row, ref) in enumerate(zip(self.rows, refs, strict=True), 1):
            level = self.rating(row, ratings)
            area = self.area(plan, areas, row)
            if level is None or area is None:
                continue
            due_date, due_text = row.due
            plan.actions.append(
                ActionData(
                    ref=ref,
                    printed_ref="" if ref == row.ref else row.ref,
                    area=area,
                    text=row.text,
                    rating=level,
                    due_date=due_date,
                    due_text=due_text,
                    progress=row.progress,
                    evidence=row.evidence,
                    order=order,
                    owners=row.owners,
                )
            )
        return plan

    def rating(self, row, ratings):
        level = ratings.get(row.word)
        if level is None and row.word:
            level = ratings.get(self.folded_words.get(row.word.casefold()))
        if level is None:
            what = f"“{row.word}”" if row.word else "A blank rating"
            self.problem(
                row.number,
                "rating",
                f"{what} is not mapped to a level of the scale; choose the level it means.",
            )
        return level

    def area(self, plan, areas, row):
        """The key of the row's area, making its chapter and areas on first sight."""
        if any(not part for part in row.path):
            self.problem(
                row.number,
                self.levels[row.path.index("")],
                "This is blank, and there is nothing above it to repeat.",
            )
            return None
        depth = len(row.path)
        path = row.path if depth >= 2 else (self.title, *(row.path or (self.title,)))
        chapter = areas.get(path[:1])
        if chapter is None:
            chapter = ChapterData(number=len(plan.chapters) + 1, title=path[0][:200])
            plan.chapters.append(chapter)
            areas[path[:1]] = chapter
        parent = ""
        for level in range(2, len(path) + 1):
            key = path[:level]
            if key not in areas:
                siblings = sum(1 for k in areas if len(k) == level and k[:-1] == key[:-1])
                prefix = parent or str(chapter.number)
                areas[key] = AreaData(
                    key=f"{prefix}-{siblings + 1}",
                    chapter=chapter.number,
                    number=str(siblings + 1),
                    title=key[-1],
                    parent=parent,
                    order=sum(1 for a in plan.areas if a.chapter == chapter.number) + 1,
                )
                plan.areas.append(areas[key])
            parent = areas[key].key
        return parent

"""Reading any plan file people bring: the checks, then the right reader.

The product's own plan workbook (as exported) brings its whole plan, scale included; any
other .xlsx or .csv is read as a council's flat tracker.
"""

from .checks import check_upload
from .tracker import TrackerRead, read_tracker


def _workbook_reader():
    """The product's workbook reader, when it is installed (``workbook.py``)."""
    try:
        from .workbook import looks_like_plan_workbook, read_workbook
    except ImportError:
        return None, None
    return looks_like_plan_workbook, read_workbook


def read_plan_file(
    name, data, *, mapping=None, ratings=None, scale=None, title="", organisation=""
):
    """A ``TrackerRead`` for an uploaded file; ``ImportRefused`` when it may not be read.

    ``shape`` says which reader read it: "workbook" (the plan, with its own scale and
    structure: mapping, ratings and scale do not apply; a title or organisation given
    replaces the file's) or "tracker".
    """
    kind = check_upload(name, data)
    looks_like, read_workbook = _workbook_reader()
    if kind == "xlsx" and looks_like is not None and looks_like(data):
        plan, problems = read_workbook(name, data)
        if plan is not None:  # the name given for the new plan wins over the file's
            plan.name = title or plan.name
            plan.organisation = organisation or plan.organisation
        words = {}
        for action in plan.actions if plan else []:
            words[action.rating] = words.get(action.rating, 0) + 1
        return TrackerRead(
            headers=[],
            mapping={},
            rating_words=list(words.items()),
            plan=None if problems else plan,
            problems=list(problems),
            shape="workbook",
        )
    return read_tracker(
        name,
        data,
        mapping=mapping,
        ratings=ratings,
        scale=scale,
        title=title,
        organisation=organisation,
    )

"""The update form's values as strings: what it shows for an action (``typed_values``),
what a post holds (``posted_values``), back to form data (``as_post_data``) and in words
(``describe``), keyed as ``field_keys`` lists them. The form, its conflict page and the
tests share these, so "changed" means the same everywhere.
"""

from improvement.lib.dates import DayError, long_date, parse_day

from .labels import FIELD_LABELS

# Changing any of these needs a reason, which the history records.
NEEDS_REASON = ("rating", "due_date", "due_text")
DATE_PARTS = ("day", "month", "year")


def one_line_breaks(text):
    """Browsers send a textarea's line breaks as CRLF; store them as the database does."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def read_date(prefix, data, label):
    """A date from GOV.UK's three boxes: (date or None, error message or None). Read by
    the product's one day parser; a due date may be in the future."""
    parts = tuple(data.get(f"{prefix}_{p}") or "" for p in DATE_PARTS)
    try:
        return parse_day(parts, label=label, allow_future=True), None
    except DayError as error:
        return None, str(error)


def date_parts(day):
    if day is None:
        return {"day": "", "month": "", "year": ""}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def row_keys(number):
    """The value keys of a further row: its rating, due date and due date as written."""
    return tuple(f"row{number}_{key}" for key in NEEDS_REASON)


def field_keys(rows=()):
    """Every value key of the form for an action with ``rows`` (its further rows), in
    the order the form and the conflict page show them: the first row's rating, its
    reason and due, each further row's, then the commentary."""
    keys = ["rating", "rating_reason", "due_date", "due_text"]
    for row in rows:
        keys += row_keys(row.row)
    return [*keys, "progress", "evidence"]


def split_key(key):
    """("row2_rating") → (2, "rating"); ("rating") → (None, "rating")."""
    if key.startswith("row") and "_" in key:
        number, base = key[3:].split("_", 1)
        if number.isdigit():
            return int(number), base
    return None, key


def label(key):
    number, base = split_key(key)
    words = FIELD_LABELS[base]
    return words if number is None else f"Row {number} {words.lower()}"


def needs_reason(key):
    return split_key(key)[1] in NEEDS_REASON


def _row_typed(obj):
    parts = date_parts(obj.due_date)
    return {
        "rating": str(obj.rating_id),
        "due_date": (parts["day"], parts["month"], parts["year"]),
        "due_text": obj.due_text or "",
    }


def typed_values(action, rows=()):
    """What the form shows for an action (live or historical) and its further rows
    (live or historical), as the strings it posts."""
    values = {
        **_row_typed(action),
        "rating_reason": one_line_breaks(action.rating_reason),
        "progress": one_line_breaks(action.progress),
        "evidence": one_line_breaks(action.evidence),
    }
    for row in rows:
        for base, value in _row_typed(row).items():
            values[f"row{row.row}_{base}"] = value
    return values


def _row_posted(data, prefix):
    return {
        "rating": (data.get(f"{prefix}rating") or "").strip(),
        "due_date": tuple(
            (data.get(f"{prefix}due_{p}") or "").strip().lstrip("0") for p in DATE_PARTS
        ),
        "due_text": (data.get(f"{prefix}due_text") or "").strip(),
    }


def posted_values(data, rows=()):
    """What a submitted form holds, in the shape of ``typed_values``."""
    values = {
        **_row_posted(data, ""),
        "rating_reason": one_line_breaks(data.get("rating_reason")),
        "progress": one_line_breaks(data.get("progress")),
        "evidence": one_line_breaks(data.get("evidence")),
    }
    for row in rows:
        for base, value in _row_posted(data, f"row{row.row}_").items():
            values[f"row{row.row}_{base}"] = value
    return values


def as_post_data(values, *, reason="", version=None):
    """Turn ``typed_values``-shaped values back into form data (for hidden fields)."""
    data = {}
    for key, value in values.items():
        if split_key(key)[1] == "due_date":
            prefix = key[: -len("_date")]
            for part, typed in zip(DATE_PARTS, value, strict=True):
                data[f"{prefix}_{part}"] = typed
        else:
            data[key] = value
    data["reason"] = reason
    if version is not None:
        data["version"] = str(version)
    return data


def describe(key, value, ratings):
    """A value from ``typed_values``/``posted_values`` in words, for the conflict page."""
    base = split_key(key)[1]
    if base == "rating":
        level = ratings.get(int(value)) if value.isdigit() else None
        return level or value
    if base == "due_date":
        day, error = read_date(
            "due",
            dict(zip(("due_day", "due_month", "due_year"), value, strict=True)),
            FIELD_LABELS["due_date"],
        )
        if error:
            return " / ".join(value)
        return long_date(day) if day else ""
    return value

"""What the product calls each field of an action, everywhere it names one.

``FIELD_LABELS`` maps a field name to the words every page, message, history reason and
export uses for it: the officer's update form and its conflict page, the history read
back on the action page, the change log and its spreadsheet. One table, so a change
reads the same wherever it is shown. The order is the order changes are listed in.

Besides the action's own model fields it names ``owners`` (the action's owner roles, kept
in ``ActionOwner``) and ``commentary`` (an area's impact commentary, which the change
log lists beside the actions' changes); those two are not columns of ``Action``, so a
caller diffing an action's history rows passes only the action's own fields.
"""

FIELD_LABELS = {
    "rating": "Rating",
    "rating_reason": "Reason for the rating",
    "due_date": "Due date",
    "due_text": "Due date as written",
    "progress": "Progress commentary",
    "evidence": "Evidence",
    "text": "Action wording",
    "short_title": "Short title",
    "area": "Area",
    "owners": "Owners",
    "commentary": "Impact commentary",
}

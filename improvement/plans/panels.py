"""Panels other parts of the product add to the plan's pages, without the plans app
importing them (plans sits below scorecard and governance).

An app registers a function in its ``AppConfig.ready``; the area page calls each with
the area and the day it is read at (None: today) and adds what it returns to its
context: ``{"template": "...", ...context}``, the template included in the page.
"""

AREA_PANELS = []


def register_area_panel(panel):
    """``panel(area, as_at) -> dict | None``; None adds nothing."""
    if panel not in AREA_PANELS:
        AREA_PANELS.append(panel)
    return panel


def area_panels(area, as_at):
    """What each registered panel shows on the area page, in registration order."""
    found = []
    for panel in AREA_PANELS:
        shown = panel(area, as_at)
        if shown:
            found.append(shown)
    return found

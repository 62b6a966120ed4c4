"""Helpers for the dashboard tests: reading figures back from the rendered page, and
ten times the demo plan's action history."""

import datetime as dt
import re
from html import unescape
from zoneinfo import ZoneInfo

from improvement.plans.models import Action

LONDON = ZoneInfo("Europe/London")


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def table(body, caption):
    """The rows of the table with ``caption``, each a list of its cells' text."""
    found = re.search(
        r"<caption[^>]*>\s*" + re.escape(caption) + r"\s*</caption>(.*?)</table>", body, re.S
    )
    assert found, f"no table captioned {caption!r}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)
    return [[text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def add_history(plan, user, times=10):
    """Make the plan's action history at least ``times`` as long: progress updates to
    every action between the two demo states (8 May and 12 November 2025), written by
    the history manager's bulk helper (which seals them), each with its author, date and
    reason. Each row is the action as it stood on 8 May 2025 with new progress words,
    so every rating, and every figure of the dashboard, stays what it was."""
    may = [
        row.instance
        for row in Action.history.filter(
            plan_id=plan.pk, history_date__lte=dt.datetime(2025, 5, 8, 23, 59, tzinfo=LONDON)
        ).order_by("id")
    ]
    have = Action.history.filter(plan_id=plan.pk).count()
    rounds = -(-have * (times - 1) // len(may))  # at least ``times`` as many rows
    start = dt.datetime(2025, 5, 9, 12, 0, tzinfo=LONDON)
    step = (dt.datetime(2025, 11, 11, 12, 0, tzinfo=LONDON) - start) / max(rounds - 1, 1)
    for n in range(rounds):
        for action in may:
            action.progress = f"{action.progress.split(' [update')[0]} [update {n + 1}]"
        Action.history.bulk_history_create(
            may,
            update=True,
            default_user=user,
            default_change_reason="Test: a monthly progress update.",
            default_date=start + step * n,
        )
    return Action.history.filter(plan_id=plan.pk).count()

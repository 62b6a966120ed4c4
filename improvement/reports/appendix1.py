"""Appendix 1, the RAG rating overview."""

from collections import defaultdict

from improvement.plans.due import format_due_short
from improvement.plans.models import Action
from improvement.plans.signoff import pending_action_ids

from .printed import fill, overview_title, rating_scale


def appendix1_context(snapshot):
    """RAG overview: per chapter, one table per area of Ref, short title, "Jan 25", RAG.

    Reads the snapshot's scale, chapters, areas and actions, and (a past day only, one
    query) today's short titles: an action that had no short title yet then prints
    today's. Each row also carries its rating's reason (printed when the clerk asks for
    the reason column) and whether the rating waits for sign-off (one query when the
    plan asks for sign-off).
    """
    levels, key = rating_scale(snapshot)
    actions = snapshot.actions
    current_titles = {}
    if snapshot.is_past and any(not a.short_title for a in actions):
        current_titles = dict(
            Action.objects.filter(plan=snapshot.plan).values_list("pk", "short_title")
        )

    pending = pending_action_ids(snapshot)
    by_area = defaultdict(list)
    for action in actions:
        title = action.short_title or current_titles.get(action.pk) or action.text
        by_area[action.area_id].append(
            {
                "ref": action.ref,
                "label": action.label,
                "title": title,
                "due": format_due_short(action.due_date, action.due_text),
                "level": levels.get(action.rating_id),
                "fill": fill(levels[action.rating_id]) if action.rating_id in levels else "",
                "reason": action.rating_reason,
                "pending": action.pk in pending,
            }
        )
    chapter_list = []
    for chapter in snapshot.chapters:
        tables = [
            {"title": overview_title(area, snapshot), "rows": by_area[area.pk]}
            for area in snapshot.areas_of(chapter)
            if by_area.get(area.pk)
        ]
        if tables:
            chapter_list.append({"title": chapter.title, "tables": tables})
    return {
        "key": key,
        "chapters": chapter_list,
        "action_count": len(actions),
    }

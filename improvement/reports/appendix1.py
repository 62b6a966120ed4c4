"""Appendix 1, the RAG rating overview."""

from collections import defaultdict

from improvement.plans.due import format_due_short
from improvement.plans.models import Action
from improvement.plans.status import actions_as_at, end_of_day

from .printed import fill, overview_title, rating_scale, structure_as_at


def appendix1_context(plan, as_at):
    """RAG overview: per chapter, one table per area of Ref, short title, "Jan 25", RAG.

    Five queries: rating scale, chapters, areas, actions as at the date, and today's
    short titles (an action that had no short title yet at the date prints today's).
    """
    moment = end_of_day(as_at)
    levels, key = rating_scale(plan)
    chapters, _areas, by_chapter = structure_as_at(plan, moment)
    actions = list(actions_as_at(plan, moment).order_by("order", "id"))
    current_titles = dict(Action.objects.filter(plan=plan).values_list("pk", "short_title"))

    by_area = defaultdict(list)
    for action in actions:
        title = action.short_title or current_titles.get(action.pk) or action.text
        by_area[action.area_id].append(
            {
                "ref": action.ref,
                "title": title,
                "due": format_due_short(action.due_date, action.due_text),
                "level": levels.get(action.rating_id),
                "fill": fill(levels[action.rating_id]) if action.rating_id in levels else "",
            }
        )
    chapter_list = []
    for chapter in chapters:
        tables = [
            {"title": overview_title(area), "rows": by_area[area.pk]}
            for area in by_chapter[chapter.pk]
            if by_area.get(area.pk)
        ]
        if tables:
            chapter_list.append({"title": chapter.title, "tables": tables})
    return {
        "key": key,
        "chapters": chapter_list,
        "action_count": len(actions),
    }

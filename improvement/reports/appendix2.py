"""Appendix 2, the whole improvement plan as it stood at a date."""

from collections import defaultdict

from improvement.evidence.reading import titles_by_action
from improvement.lib.prose import blocks
from improvement.plans.due import format_due
from improvement.plans.signoff import pending_action_ids

from .printed import area_heading, fill, rating_scale


def _monitoring_key_position(section_blocks):
    """Where the plan's key goes in "Monitoring Impact": after the paragraph that says
    the plan "will be rated using the following:". None when no paragraph says so."""
    for index, block in enumerate(section_blocks):
        last = block.lines[-1] if block.lines else ""
        if block.kind == "p" and last.rstrip().endswith("following:") and "rated" in last:
            return index
    return None


def appendix2_context(snapshot, evidence_titles=False):
    """The whole plan as at the snapshot's day: front matter, glossary, plan on a page,
    timeline, rating scale, chapters, areas, actions with their further rows and owners,
    and the impact commentary of the latest reporting date by then. With
    ``evidence_titles`` (a pack option), each action's evidence of impact by then, by
    title and date (one more query)."""
    plan_then = snapshot.plan_then
    front = []
    key_placed = False
    for section in snapshot.front_matter:
        section_blocks = blocks(section.body)
        position = None if key_placed else _monitoring_key_position(section_blocks)
        key_here = position is not None
        key_placed = key_placed or key_here
        cut = position + 1 if key_here else len(section_blocks)
        front.append(
            {
                "title": section.title,
                "anchor": f"front-{section.pk}",
                "blocks": section_blocks[:cut],
                "key_here": key_here,
                "after": section_blocks[cut:],
            }
        )
    timeline = []
    for entry in snapshot.timeline:
        if not timeline or timeline[-1]["period"] != entry.period:
            timeline.append({"period": entry.period, "items": []})
        timeline[-1]["items"].append(entry.text)

    levels, key = rating_scale(snapshot)
    actions = snapshot.actions
    as_at = snapshot.day
    commentary = [c for c in snapshot.commentary if c.reporting_date <= as_at]
    reporting_date = max((c.reporting_date for c in commentary), default=None)
    commentary_by_area = {
        c.area_id: blocks(c.text) for c in commentary if c.reporting_date == reporting_date
    }

    def printed_rows(action):
        rows = [(1, action.due_date, action.due_text, action.rating_id)]
        rows += [
            (r.row, r.due_date, r.due_text, r.rating_id) for r in snapshot.further_rows[action.pk]
        ]
        result = []
        for number, due_date, due_text, rating_id in rows:
            level = levels.get(rating_id)
            result.append(
                {
                    "owners": snapshot.owners(action.pk, number),
                    "due": format_due(due_date, due_text),
                    "level": level,
                    "fill": fill(level) if level else "",
                }
            )
        return result

    evidence = titles_by_action(snapshot.plan, as_at) if evidence_titles else {}
    pending = pending_action_ids(snapshot)  # ratings waiting for sign-off: marked
    by_area = defaultdict(list)
    for action in actions:
        rows = printed_rows(action)
        rows[0]["pending"] = action.pk in pending
        by_area[action.area_id].append(
            {
                "ref": action.ref,
                "label": action.label,
                "text": action.text,
                "rows": rows,
                "span": len(rows),
                "evidence": evidence.get(action.pk, []),
                # The ref's cell also spans the row listing the evidence, when there is one.
                "ref_span": len(rows) + (1 if action.pk in evidence else 0),
            }
        )

    def area_dict(area):
        return {
            "heading": area_heading(area),
            "anchor": f"area-{area.pk}",
            "is_sub": area.parent_id is not None,
            "what_needs_to_improve": blocks(area.what_needs_to_improve),
            "inspectors_found": blocks(area.inspectors_found),
            "source": blocks(area.source),
            "areas_for_improvement": blocks(area.areas_for_improvement),
            "how_we_assess": blocks(area.how_we_assess),
            "what_we_will_see": blocks(area.what_we_will_see),
            "notes": blocks(area.notes),
            "actions": by_area[area.pk],
            "commentary": commentary_by_area.get(area.pk, []),
        }

    chapter_list = [
        {
            "title": chapter.title,
            "anchor": f"chapter-{chapter.pk}",
            "introduction": blocks(chapter.introduction),
            "areas": [area_dict(area) for area in snapshot.areas_of(chapter)],
        }
        for chapter in snapshot.chapters
    ]
    return {
        "plan_then": plan_then,
        "front_matter": front,
        "key_in_front_matter": key_placed,
        "key": key,
        "glossary_intro": blocks(plan_then.glossary_intro),
        "glossary": snapshot.glossary,
        "on_a_page_intro": blocks(plan_then.plan_on_a_page_intro),
        "on_a_page": [
            {"area": e.area, "found": e.found, "will_do": e.will_do} for e in snapshot.on_a_page
        ],
        "timeline_intro": blocks(plan_then.timeline_intro),
        "timeline": timeline,
        "chapters": chapter_list,
        "action_count": len(actions),
        "evidence_titles": evidence_titles,
    }

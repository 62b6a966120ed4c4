"""The committee cover report: drafted from the data, laid out for page, PDF and Word.

``draft_sections(plan, as_at=…, since=…, point=…)`` writes each section's text the way
the council's own progress report words it (../shared/seeds/000_7178dec8a5c2704f.txt):
the percentage complete as at the day (``PlanSnapshot.summary``, the committee's one
rule), the changes to the plan's actions since the previous report (Appendix 3's record,
``governance.appendix3.appendix3_changes``), the key improvement activity from each
area's latest impact commentary in the period, the latest monitoring visit's findings
(``findings.Inspection``/``Finding``) and the finance table (``finance_table``). Nothing
is invented: where the data has nothing, the section says so for the manager to fill.

``cover_context(report)`` lays a saved (or unsaved) report out as numbered paragraphs
and lists, with its finance table: the one layout the HTML, the PDF and Word share.
"""

from improvement.finance.tables import finance_table, pounds, variance_words
from improvement.findings.models import Inspection
from improvement.governance.appendix3 import appendix3_changes
from improvement.lib.dates import long_date
from improvement.lib.prose import blocks
from improvement.plans.snapshot import PlanSnapshot

from .models import SECTIONS, CoverReport

# How many characters of an area's commentary the draft quotes before stopping at the
# end of a sentence: the seed's bullets are a few sentences each.
QUOTE = 400
FINDING = 220  # a finding's opening sentence
CHANGE_WORDS = {
    "revised_timescales": ("the timescales of {n} have been revised", "Revised timescales"),
    "delayed": ("{n} {is_are} delayed", "Delayed"),
    "revised_wording": ("the wording of {n} has been revised", "Revised wording"),
    "under_review": ("{n} {is_are} under review", "Under review/ scoping"),
}


def actions_count(n):
    return f"{n} action" if n == 1 else f"{n} actions"


def _sentences(text, limit=QUOTE):
    """The first paragraph of ``text``, cut at the last full stop before ``limit``."""
    first = next((b for b in blocks(text) if b.kind == "p"), None)
    para = " ".join(first.lines) if first else " ".join(text.split())
    if len(para) <= limit:
        return para
    cut = para.rfind(". ", 0, limit)
    return para[: cut + 1] if cut > 0 else para[:limit].rsplit(" ", 1)[0] + " …"


def latest_visit(plan, until):
    """(the latest monitoring visit on or before ``until`` or None, its findings). Two
    queries."""
    visits = Inspection.objects.filter(
        plan=plan, kind=Inspection.Kind.MONITORING_VISIT, date__lte=until
    ).order_by("-date", "-pk")
    visit = visits.first()
    if visit is None:
        return None, []
    return visit, list(visit.findings.order_by("order", "pk"))


def draft_sections(
    plan, *, as_at, since=None, point=None, committee="", meeting_date=None, snapshot=None
):
    """Each section's text for a report as at ``as_at`` (``SECTIONS``' keys). The
    monitoring visit is the latest up to the meeting (the seed's report of 19 January
    2026, ratings as at 12 November 2025, reports the letter of 13 November), or up to
    ``as_at`` when no meeting date is given. ``snapshot``: the plan at ``as_at``, when
    the caller has read it already (the pack)."""
    snapshot = snapshot or PlanSnapshot(plan, as_at)
    summary = snapshot.summary()
    visit, findings = latest_visit(plan, meeting_date or as_at)
    table = finance_table(plan, point)
    return {
        "purpose": _purpose(plan, visit),
        "executive_summary": _executive_summary(summary, as_at),
        "recommendations": _recommendations(committee, visit),
        "background": _background(snapshot, since),
        "progress": _progress(snapshot, since),
        "monitoring_findings": _monitoring(visit, findings),
        "finance_commentary": _finance(table),
    }


def _purpose(plan, visit):
    text = (
        "This report is part of our regular updates to committee on the progress of the "
        f"{plan.name}."
    )
    if visit is not None:
        text += f"\n\nThe findings of the {visit.label} are summarised in this report."
    return text


def _executive_summary(summary, as_at):
    return (
        "We are continuing to make progress in delivering our improvement plan, with "
        f"{summary['percent_complete']}% actions now complete ({summary['complete']} of "
        f"{summary['total']} actions as at {long_date(as_at)})."
    )


def _recommendations(committee, visit):
    lines = [f"The {committee or 'committee'} is recommended to:", ""]
    lines.append("- Note the progress against the improvement plan.")
    if visit is not None:
        lines.append(f"- Note the findings from the {visit.title}.")
    return "\n".join(lines)


def _background(snapshot, since):
    text = (
        "Improvement governance arrangements are continuing to monitor progress against "
        "the plan and provide scrutiny and challenge."
    )
    if since is None:
        return text + (
            "\n\nNo date of the previous report was given, so the changes since then are "
            "not listed."
        )
    changes = appendix3_changes(
        snapshot.plan, since=since, as_at=snapshot.day, levels=snapshot.level_by_id
    )
    text += (
        " Changes to the plan since the last report which have been agreed through these "
        "arrangements are included in Appendix 3 for transparency."
    )
    parts, lists = [], []
    for key, (phrase, label) in CHANGE_WORDS.items():
        entries = changes.get(key, [])
        if not entries:
            continue
        n = len(entries)
        parts.append(phrase.format(n=actions_count(n), is_are="is" if n == 1 else "are"))
        agreed = sum(1 for e in entries if e.get("agreed"))
        refs = ", ".join(e["ref"] for e in entries)
        lists.append(f"- {label}: {refs} ({agreed} of {n} agreed through governance)")
    if not parts:
        return text + f"\n\nNo changes to the plan's actions were made after {long_date(since)}."
    summary = "; ".join(parts)
    return f"{text}\n\nSince {long_date(since)}, {summary}.\n\n" + "\n".join(lists)


def _progress(snapshot, since):
    text = (
        f"The improvement plan at Appendix 2 shows the plan as at {long_date(snapshot.day)}. "
        "Appendix 1 shows an overview of the RAG ratings for each action."
    )
    latest = {}
    for commentary in snapshot.commentary:  # newest reporting date first
        if since is not None and commentary.reporting_date <= since:
            continue
        latest.setdefault(commentary.area_id, commentary)
    bullets = []
    for area in snapshot.areas:
        commentary = latest.get(area.pk)
        if commentary is not None and commentary.text.strip():
            bullets.append(f"- {area.title}: {_sentences(commentary.text)}")
    if not bullets:
        return text + "\n\nNo impact commentary was reported in this period."
    return (
        f"{text}\n\nKey improvement activity which has taken place since the last update "
        "to committee includes:\n\n" + "\n".join(bullets)
    )


def _monitoring(visit, findings):
    if visit is None:
        return "No monitoring visit is recorded for this plan up to the report's date."
    found = [f for f in findings if f.kind == "finding"]
    improve = [f for f in findings if f.kind != "finding"]
    lines = [f"The {visit.label} found:", ""]
    # Each finding's opening sentence: the letter itself is linked from the findings page.
    lines += [f"- {_sentences(f.text, FINDING)}" for f in found] or ["- (no findings recorded)"]
    if improve:
        lines += ["", "Areas for improvement:", ""]
        lines += [f"- {_sentences(f.text, FINDING)}" for f in improve]
    return "\n".join(lines)


def _finance(table):
    point, totals = table["point"], table["totals"]
    if table["empty"] or point is None:
        return "No improvement budget is recorded for this plan."
    actuals = point["actuals_to"]
    to = f" ({actuals[0].lower()}{actuals[1:]})" if actuals else ""
    return (
        f"The {point['year']} forecast at {point['point']} is {pounds(totals['forecast'])} "
        f"as detailed in the table, against a budget of {pounds(totals['budget'])}: "
        f"{_variance_sentence(totals['variance'])}. Actual spend to date{to} is "
        f"{pounds(totals['actual'])}."
    )


def _variance_sentence(pence):
    if not pence:
        return "the forecast is on budget"
    return f"a forecast {variance_words(pence)}"


# -- layout ------------------------------------------------------------------------------
def cover_context(report):
    """The report laid out: ``sections`` of numbered paragraphs ("p", with ``number``)
    and lists ("ul"; "ol" in the recommendations), and the ``finance`` table. The
    paragraphs are numbered through the report as the council's reports number them,
    the recommendations apart."""
    number = 0
    sections = []
    for key, heading in SECTIONS:
        laid = []
        for block in blocks(getattr(report, key)):
            if block.kind == "p" and key != "recommendations":
                number += 1
                laid.append({"kind": "p", "number": number, "lines": block.lines})
            elif block.kind == "ul" and key == "recommendations":
                laid.append({"kind": "ol", "lines": block.lines})
            else:
                laid.append({"kind": block.kind, "lines": block.lines})
        sections.append({"key": key, "heading": heading, "blocks": laid})
    return {
        "report": report,
        "sections": sections,
        "finance": finance_table(report.plan, report.finance_point),
        "as_at_long": long_date(report.as_at),
        "meeting_long": long_date(report.meeting_date) if report.meeting_date else "",
    }


def new_draft(plan, *, as_at, since=None, point=None, user=None, snapshot=None, **details):
    """An unsaved report for ``as_at`` with every section drafted from the data."""
    texts = draft_sections(
        plan, as_at=as_at, since=since, point=point, committee=details.get("committee", ""),
        meeting_date=details.get("meeting_date"), snapshot=snapshot,
    )  # fmt: skip
    return CoverReport(
        plan=plan, as_at=as_at, since=since, finance_point=point, created_by=user,
        **details, **texts,
    )  # fmt: skip


def cover_for_pack(plan, options, snapshot):
    """The cover report the pack prints: the newest saved for the pack's ratings date,
    else a draft from the data (unsaved, and said so on the page) read from the pack's
    own ``snapshot`` of that day."""
    saved = CoverReport.objects.filter(plan=plan, as_at=options.as_at).order_by("-pk").first()
    if saved is not None:
        return saved
    return new_draft(
        plan,
        as_at=options.as_at,
        since=options.since,
        meeting_date=options.meeting_date,
        reference=options.reference,
        snapshot=snapshot,
    )

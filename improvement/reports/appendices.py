"""The committee appendices: which there are, the dates they are read at, and the HTML
each one (or the whole pack) renders to, read from the plan as it stood at a date.

Each ``appendixN_context`` (in ``appendix1`` … ``appendix4``) returns a plain dict for
its template, built in a fixed number of queries whatever the plan's size (pinned in
tests/reports/test_query_counts.py). Tracked data (actions, owners, chapters, areas, front
matter, commentary, the rating scale) comes from one ``PlanSnapshot`` of the chosen day,
so a rating prints with the words and colours it had then.
"""

from dataclasses import dataclass

from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.utils import timezone

from improvement.dashboard.figures import dashboard_context
from improvement.lib.dates import long_date
from improvement.lib.seal import chain_head
from improvement.plans.models import Action, ImpactCommentary
from improvement.plans.snapshot import PlanSnapshot

from .appendix1 import appendix1_context
from .appendix2 import appendix2_context
from .appendix3 import appendix3_context
from .appendix4 import appendix4_context
from .cover import cover_context, cover_for_pack
from .forms import PackOptions


@dataclass(frozen=True)
class Appendix:
    key: str  # "1" … "4", or "pack"
    title: str
    template: str
    needs_since: bool = False

    @property
    def heading(self):
        return f"Appendix {self.key}: {self.title}" if self.key != "pack" else self.title

    def filename(self, plan, options):
        stem = "committee-pack" if self.key == "pack" else f"appendix-{self.key}"
        return f"{plan.slug}-{stem}-{options.as_at.isoformat()}.pdf"


APPENDICES = {
    "1": Appendix("1", "RAG rating overview", "reports/appendix1.html"),
    "2": Appendix("2", "Improvement plan", "reports/appendix2.html"),
    "3": Appendix(
        "3", "Changes to the improvement plan actions", "reports/appendix3.html", needs_since=True
    ),
    "4": Appendix("4", "Vital signs scorecard", "reports/appendix4.html"),
    "pack": Appendix(
        "pack", "Improvement plan committee pack", "reports/pack.html", needs_since=True
    ),
}


# -- dates -------------------------------------------------------------------------------
def plan_started(plan):
    """The first day the plan had actions (earlier ratings dates are refused). One query."""
    first = Action.history.filter(plan_id=plan.pk).aggregate(first=Min("history_date"))["first"]
    return timezone.localtime(first).date() if first is not None else None


def default_since(plan, as_at):
    """The previous reporting date before ``as_at``: the latest day the plan's impact
    commentary was reported for, strictly before it (the last committee report's
    ratings date in the demo). None when there was none. One query."""
    latest = (
        ImpactCommentary.history.filter(
            area__chapter__plan_id=plan.pk, reporting_date__lt=as_at
        ).aggregate(latest=Max("reporting_date"))
    )["latest"]
    return latest


# -- rendering ---------------------------------------------------------------------------
def build_context(plan, key, options: PackOptions, snapshot=None):
    """The context of appendix ``key``; ``snapshot`` is the plan at ``options.as_at``
    (read here when not given; the pack hands one to all four)."""
    snapshot = snapshot or PlanSnapshot(plan, options.as_at)
    if key == "1":
        return appendix1_context(snapshot)
    if key == "2":
        return appendix2_context(snapshot, evidence_titles=options.evidence_titles)
    if key == "3":
        return appendix3_context(snapshot, options.since)
    if key == "4":
        return appendix4_context(plan, options.as_at)
    raise KeyError(key)


def document_context(plan, key, options: PackOptions, progress=None):
    """The template context of ``key``; ``progress(message)``, if given, hears which
    appendix of the pack is being read (the background worker's status page shows it)."""
    appendix = APPENDICES[key]
    context = {
        "plan": plan,
        "appendix": appendix,
        "options": options,
        "as_at_long": long_date(options.as_at),
        "meeting_long": long_date(options.meeting_date) if options.meeting_date else "",
        "document_title": f"{appendix.heading} – {plan.name}, as at {long_date(options.as_at)}",
        # The history chain's head as the papers were made: printed in the footer, it
        # anchors the history up to this day (verify_history, lib/seal.py).
        "history_head": dict(zip(("seq", "hash"), chain_head(), strict=True)),
    }
    if key == "pack":
        snapshot = PlanSnapshot(plan, options.as_at)
        if options.cover_report:  # the committee cover report first (reports/cover.py)
            if progress:
                progress("Cover report…")
            context["cover"] = cover_context(cover_for_pack(plan, options, snapshot))
        if options.dashboard:  # the dashboard's charts next (improvement/dashboard)
            if progress:
                progress("Dashboard…")
            context["dashboard"] = dashboard_context(
                plan, options.as_at, snapshot=snapshot, links=False
            )
        keys = ("1", "2", "3", "4")
        context["parts"] = []
        for number, k in enumerate(keys, start=1):
            if progress:
                progress(f"Appendix {number} of {len(keys)}…")
            context["parts"].append(
                {"appendix": APPENDICES[k], "a": build_context(plan, k, options, snapshot)}
            )
    else:
        if progress:
            progress(f"Reading {appendix.heading}…")
        context["a"] = build_context(plan, key, options)
    return context


def render_html(plan, key, options: PackOptions, progress=None):
    """The final HTML of one appendix (or the pack) as WeasyPrint will read it."""
    context = document_context(plan, key, options, progress)
    return render_to_string(APPENDICES[key].template, context)

"""Export a committee appendix (or the whole pack) to a PDF file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from improvement.lib.dates import long_date
from improvement.plans.models import Plan
from improvement.reports.appendices import APPENDICES, default_since, plan_started
from improvement.reports.export import export_pdf
from improvement.reports.forms import CommitteePackForm


class Command(BaseCommand):
    help = (
        "Export Appendix 1, 2, 3 or 4 of the committee report, or all of them as one "
        "PDF, with the plan as it stood at --as-at."
    )

    def add_arguments(self, parser):
        parser.add_argument("appendix", choices=["1", "2", "3", "4", "all"])
        parser.add_argument("--plan", help="The plan's slug (needed when there are several).")
        parser.add_argument("--as-at", required=True, help="Ratings as at YYYY-MM-DD.")
        parser.add_argument(
            "--since",
            help="Date of the previous report, YYYY-MM-DD (Appendix 3; default: the "
            "plan's previous reporting date).",
        )
        parser.add_argument("--meeting-date", help="The committee meeting, YYYY-MM-DD.")
        parser.add_argument("--reference", default="", help='Report reference, e.g. "CF/24/25-26".')
        parser.add_argument("--output", required=True, help="The PDF file to write.")
        parser.add_argument(
            "--no-cache", action="store_true", help="Render afresh even if the data is unchanged."
        )

    def handle(self, *args, **opts):
        plan = self._plan(opts["plan"])
        key = "pack" if opts["appendix"] == "all" else opts["appendix"]
        form = CommitteePackForm(
            {
                "as_at": opts["as_at"],
                "since": opts["since"] or "",
                "meeting_date": opts["meeting_date"] or "",
                "reference": opts["reference"],
            },
            plan=plan,
            started=plan_started(plan),
        )
        if not form.is_valid():
            flags = {"as_at": "--as-at", "since": "--since", "meeting_date": "--meeting-date"}
            problems = [
                f"{flags.get(name, '--' + name)}: {error}"
                for name, errors in form.errors.items()
                for error in errors
            ]
            raise CommandError("\n".join(problems))
        options = form.options()
        if APPENDICES[key].needs_since and options.since is None:
            since = default_since(plan, options.as_at)
            if since is None:
                raise CommandError(
                    f"--since: {APPENDICES[key].heading} needs the date of the previous report"
                )
            options = type(options)(**{**options.__dict__, "since": since})
        result = export_pdf(plan, key, options, use_cache=not opts["no_cache"])
        output = Path(opts["output"])
        try:
            output.write_bytes(result.pdf)
        except OSError as error:
            raise CommandError(f"--output: cannot write {output}: {error}") from error
        self.stdout.write(
            f"Wrote {APPENDICES[key].heading} as at {long_date(options.as_at)} to {output} "
            f"({len(result.pdf):,} bytes{', from the cache' if result.from_cache else ''})."
        )

    def _plan(self, slug):
        if slug:
            plan = Plan.objects.filter(slug=slug).first()
            if plan is None:
                raise CommandError(f"--plan: there is no plan '{slug}'")
            return plan
        plans = list(Plan.objects.all()[:2])
        if len(plans) != 1:
            raise CommandError("--plan: give the plan's slug (there is not exactly one plan)")
        return plans[0]

"""Benchmark: what the app adds to WeasyPrint, and what the cache saves.

For each appendix (and the whole pack), measured side by side in one run on the demo
plan as at 12 November 2025:

- cold: the app's end-to-end export through the real URL (sign-in session, access
  check, form, data fingerprint, context from the history, templates, WeasyPrint), with
  the PDF cache emptied first;
- engine: WeasyPrint alone rendering the very same final HTML with the same options;
- warm: the same URL again, unchanged data, served from the cache.

It prints cold ÷ engine (target ≤ 1.15) and warm ÷ cold (target ≤ 5%), from the best
of --repeat interleaved runs of each (the least disturbed by other work on the machine;
medians are printed beside them). It builds its own throwaway SQLite database, so it
never touches yours.

    .venv/bin/python bench/bench_pdf.py [--repeat 3] [--only 1,2,3,4,pack]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db_path):
    sys.path.insert(0, str(ROOT))
    os.environ["IMPROVEMENT_DEMO"] = "1"
    os.environ["DJANGO_DEBUG"] = "0"  # as served: no query log, cached code hash
    os.environ["STATIC_ROOT"] = str(db_path.parent)
    os.environ["SQLITE_PATH"] = str(db_path)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def page_count(pdf):
    try:
        import io

        from pypdf import PdfReader  # a test requirement; the count is only informative
    except ImportError:
        return "-"
    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="1,2,3,4,pack")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        import datetime as dt

        from django.contrib.auth import get_user_model
        from django.test import Client

        from improvement.plans.management.commands.load_demo import DEMO_SLUG
        from improvement.plans.models import Plan
        from improvement.reports.appendices import render_html
        from improvement.reports.cache import pdf_cache
        from improvement.reports.forms import PackOptions
        from improvement.reports.pdf import html_to_pdf

        plan = Plan.objects.get(slug=DEMO_SLUG)
        options = PackOptions(as_at=dt.date(2025, 11, 12), since=dt.date(2025, 5, 8))
        client = Client()
        client.force_login(get_user_model().objects.get(username="clerk"))
        base = f"/plans/{plan.slug}/committee/"
        query = {"as_at": "2025-11-12", "since": "2025-05-08"}

        def get(key):
            url = base + ("pack.pdf" if key == "pack" else f"appendix-{key}.pdf")
            response = client.get(url, query)
            assert response.status_code == 200, (url, response.status_code)
            return response

        # Warm-up: the first render pays for loading Pango and the fonts.
        html_to_pdf(render_html(plan, "3", options))

        print(f"Demo plan as at 12 November 2025; best (and median) of {args.repeat} runs.\n")
        header = (
            f"{'appendix':<9}{'pages':>6}{'cold s':>9}{'engine s':>10}{'cold/engine':>13}"
            f"{'warm ms':>10}{'warm/cold':>11}"
        )
        print(header)
        print("-" * len(header))
        worst = {"ratio": 0.0, "warm": 0.0}
        for key in args.only.split(","):
            cold, engine, warm = [], [], []
            pages = 0
            for _ in range(args.repeat):
                pdf_cache().clear()
                seconds, response = timed(lambda k=key: get(k))
                assert response["X-PDF-Cache"] == "miss"
                cold.append(seconds)
                html = render_html(plan, key, options)
                seconds, pdf = timed(lambda h=html: html_to_pdf(h))
                engine.append(seconds)
                pages = page_count(pdf)
                seconds, response = timed(lambda k=key: get(k))
                if response["X-PDF-Cache"] != "hit":
                    # The data or the code changed under the run (others at work in the
                    # same tree): that export re-filled the cache, so measure again.
                    seconds, response = timed(lambda k=key: get(k))
                assert response["X-PDF-Cache"] == "hit"
                warm.append(seconds)
            c, e, w = (min(x) for x in (cold, engine, warm))
            mc, me, mw = (statistics.median(x) for x in (cold, engine, warm))
            worst["ratio"] = max(worst["ratio"], c / e)
            worst["warm"] = max(worst["warm"], w / c)
            print(
                f"{key:<9}{pages:>6}{c:>9.2f}{e:>10.2f}{c / e:>13.3f}{w * 1000:>10.1f}"
                f"{100 * w / c:>10.2f}%   (medians {mc:.2f} / {me:.2f} = {mc / me:.3f}; "
                f"warm {100 * mw / mc:.2f}%)"
            )
        print()
        print(f"worst cold/engine {worst['ratio']:.3f} (target ≤ 1.15)")
        print(f"worst warm/cold   {100 * worst['warm']:.2f}% (target ≤ 5%)")


if __name__ == "__main__":
    main()

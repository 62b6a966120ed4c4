"""Committee PDFs are built by the background worker, not by the request: asking for one
queues a build and shows a status page that refreshes itself (no JavaScript) and says
what the worker is doing; once built, the PDF is served from the shared cache to anyone
asking for the same choices, until the plan changes.

These tests use the real database task queue and run the real worker
(``manage.py db_worker --batch``) in the test, so their writes are committed
(``demo_plan_committed``). One builds a real PDF; the others have export_pdf make the
HTML it would draw (``html_instead_of_pdf``), which is quicker and readable.
"""

import datetime as dt
import re
import signal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from improvement.lib.history import save_tracked
from improvement.plans.models import Action
from improvement.reports import appendices
from improvement.reports.cache import pdf_cache
from tests.reports.htmltext import parse, text

PAGE = "/plans/childrens-services/committee/"
PACK = PAGE + "pack.pdf"
PACK_QUERY = {"as_at": "2025-11-12", "since": "2025-05-08"}
PACK_PROGRESS = PAGE + "pack/progress/?as_at=2025-11-12&since=2025-05-08"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def signed_in_clerk(client, demo_plan_committed):
    # The database cache's table is not emptied by the flush between committed tests.
    pdf_cache().clear()
    client.force_login(get_user_model().objects.get(username="clerk"))
    yield client
    pdf_cache().clear()


def run_worker():
    """Run every queued task, as `manage.py db_worker --batch` does, then put back the
    test process's own signal handlers (the worker installs its own)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def status_text(page):
    return re.search(r'<div role="status"[^>]*>(.*?)</div>', page, re.S).group(1)


def test_asking_for_the_pack_queues_one_build_and_shows_a_page_that_refreshes_itself(
    signed_in_clerk, html_instead_of_pdf
):
    response = signed_in_clerk.get(PACK, PACK_QUERY)
    assert response.status_code == 302
    progress = response["Location"]
    token = DBTaskResult.objects.get().args_kwargs["args"][3].removeprefix("reports:pdf:v1:")
    assert progress == f"{PACK_PROGRESS}&build={token}"

    page = signed_in_clerk.get(progress).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Preparing the PDF: Waiting for the background worker to start…" in status_text(page)
    assert f'<a class="govuk-link" href="{progress.replace("&", "&amp;")}">Check now</a>' in page
    # Asking again while it waits queues nothing more.
    assert signed_in_clerk.get(PACK, PACK_QUERY).status_code == 302
    assert DBTaskResult.objects.count() == 1


def test_the_worker_says_which_appendix_it_is_reading_then_the_pack_is_served_from_the_cache(
    signed_in_clerk, html_instead_of_pdf, monkeypatch
):
    seen = []
    reading = appendices.build_context

    def look_at_the_status_page_while_reading(plan, key, options, snapshot=None):
        if key == "2":
            seen.append(status_text(signed_in_clerk.get(PACK_PROGRESS).content.decode()))
        return reading(plan, key, options, snapshot)

    monkeypatch.setattr(appendices, "build_context", look_at_the_status_page_while_reading)
    signed_in_clerk.get(PACK, PACK_QUERY)
    run_worker()

    assert len(seen) == 1 and "Preparing the PDF: Appendix 2 of 4…" in seen[0]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = signed_in_clerk.get(PACK_PROGRESS).content.decode()
    assert "The PDF is ready." in status_text(page)
    assert 'http-equiv="refresh"' not in page
    assert (
        'href="/plans/childrens-services/committee/pack.pdf?as_at=2025-11-12&amp;since=2025-05-08'
        "&amp;build=" in page
    )

    served = signed_in_clerk.get(PACK, PACK_QUERY)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["X-PDF-Cache"] == "hit"
    assert (
        served["Content-Disposition"]
        == 'inline; filename="childrens-services-committee-pack-2025-11-12.pdf"'
    )
    cover = "Children's Services Improvement Plan: committee appendices"
    assert cover in text(parse(served.content.decode()))
    # Served again, to anyone, without another build.
    assert signed_in_clerk.get(PACK, PACK_QUERY).status_code == 200
    assert DBTaskResult.objects.count() == 1


def test_a_change_to_the_plan_makes_a_new_build_with_the_change_in_it(
    signed_in_clerk, html_instead_of_pdf
):
    signed_in_clerk.get(PACK, PACK_QUERY)
    run_worker()
    assert (
        "Checked at the November board"
        not in signed_in_clerk.get(PACK, PACK_QUERY).content.decode()
    )

    action = Action.objects.get(plan__slug="childrens-services", ref="SL17")
    action.text = action.text + " Checked at the November board."
    save_tracked(
        action,
        user=get_user_model().objects.get(username="manager"),
        reason="Test: wording agreed at the board, recorded for 12 November",
        when=dt.datetime(2025, 11, 12, 17, 0, tzinfo=LONDON),
    )
    response = signed_in_clerk.get(PACK, PACK_QUERY)
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 2
    run_worker()
    assert "Checked at the November board" in signed_in_clerk.get(PACK, PACK_QUERY).content.decode()


def test_a_save_after_the_pack_was_asked_for_does_not_send_the_reader_back_in_the_queue(
    signed_in_clerk, html_instead_of_pdf
):
    progress = signed_in_clerk.get(PACK, PACK_QUERY)["Location"]
    action = Action.objects.get(plan__slug="childrens-services", ref="SL17")
    action.text = action.text + " Checked at the November board."
    save_tracked(
        action,
        user=get_user_model().objects.get(username="manager"),
        reason="Test: a save while the clerk waits",
        when=dt.datetime(2025, 11, 12, 17, 0, tzinfo=LONDON),
    )
    run_worker()  # builds the plan as it stands when the worker starts
    action.progress = "Another save while the clerk is still on the status page."
    save_tracked(
        action,
        user=get_user_model().objects.get(username="manager"),
        reason="Test: another save",
        when=dt.datetime(2025, 11, 12, 17, 5, tzinfo=LONDON),
    )

    page = signed_in_clerk.get(progress).content.decode()
    assert "The PDF is ready." in status_text(page)
    download = re.search(r'href="([^"]*pack\.pdf[^"]*)"', page).group(1).replace("&amp;", "&")
    served = signed_in_clerk.get(download)
    assert served.status_code == 200
    assert DBTaskResult.objects.count() == 1  # no second build for the reader


def test_a_build_token_of_another_plan_or_made_up_serves_nothing(
    signed_in_clerk, html_instead_of_pdf
):
    made_up = signed_in_clerk.get(PACK, {**PACK_QUERY, "build": "0" * 64})
    assert made_up.status_code == 302
    assert "build=" + "0" * 64 not in made_up["Location"]


def test_a_failed_build_says_so_and_can_be_asked_for_again(signed_in_clerk, monkeypatch):
    def broken(html, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr("improvement.reports.export.html_to_pdf", broken)
    url = signed_in_clerk.get(PAGE + "appendix-1.pdf", {"as_at": "2025-11-12"})["Location"]
    assert url.startswith(PAGE + "appendix-1/progress/?as_at=2025-11-12")
    run_worker()
    page = signed_in_clerk.get(url).content.decode()
    assert "The PDF could not be made." in status_text(page)
    assert 'http-equiv="refresh"' not in page
    assert ">Try again</button>" in page

    retried = signed_in_clerk.post(url)
    assert (retried.status_code, retried["Location"]) == (302, url)
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_the_worker_builds_a_real_pdf_that_the_download_then_serves(signed_in_clerk):
    query = {"as_at": "2025-11-12"}
    assert signed_in_clerk.get(PAGE + "appendix-1.pdf", query).status_code == 302
    run_worker()
    served = signed_in_clerk.get(PAGE + "appendix-1.pdf", query)
    assert served.status_code == 200
    assert served.content.startswith(b"%PDF-1.7")
    assert (
        served["Content-Disposition"]
        == 'inline; filename="childrens-services-appendix-1-2025-11-12.pdf"'
    )


def test_officers_may_not_see_a_builds_progress_and_outsiders_are_not_told_of_the_plan(
    client, owner, outsider
):
    client.force_login(owner)
    assert client.get(PACK_PROGRESS).status_code == 403
    client.force_login(outsider)
    assert client.get(PACK_PROGRESS).status_code == 404
    assert DBTaskResult.objects.count() == 0

"""The monthly cycle end to end, through the real pages: a plan manager turns on sign-off
of ratings and opens the December round; the morning's reminders go out; the officer
follows the e-mail's link, submits two new ratings (one with the reason its level needs,
and evidence of impact); the manager accepts one and returns the other; the chasing page
counts both as updated; the round is closed; and the committee pack reads the ratings as
at the round's day, the accepted rating printed, the returned one's old rating kept and
nothing pending.

The forms refuse a deadline in the past and a closing "as at" day in the future, and the
pack reads the plan at the end of its day, so the round's days are counted from today:
ratings as at today, deadline a week on, reminders five days before it.

Expected values come from fixtures/plan_2025-11-12.json: the Principal Social Worker
(the demo officer, Olivia Officer) owns 18 actions open in a round, among them SL14
(rated Complete) and W6 (rated On track); 135 of the plan's actions go into a round.
"""

import datetime as dt
import re
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

from django.core.management import call_command
from playwright.sync_api import expect

from improvement.lib.dates import long_date, today
from improvement.plans.models import Plan
from improvement.reports.appendices import render_html
from improvement.reports.forms import PackOptions
from tests.evidence.conftest import pdf_bytes
from tests.reports.htmltext import parse, table_rows

from .conftest import DEMO_PASSWORD, axe_violations, sign_in

SLUG = "childrens-services"
ROUND = "December 2025 update"
# Where the e-mails' links point; the test opens the same paths on the live server.
SITE_URL = "https://tracker.example.gov.uk"
DELAYED_WHY = "The framework was revised by the DfE and the practice guide is being rewritten."
EVIDENCE = "Audit of supervision, November 2025"
RETURNED_WHY = "Complete needs evidence of impact: add the HR audit first."


def fill_day(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def done(page, text):
    """The page's success banner says ``text``."""
    expect(page.locator(".govuk-notification-banner", has_text=text)).to_be_visible()


def test_a_monthly_round_runs_from_reminders_to_the_committee_pack(
    browser, site, settings, tmp_path, mailoutbox, axe_check
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = SITE_URL
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "improvement.evidence.storage.PrivateFileStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }
    as_at = today()
    deadline = as_at + dt.timedelta(days=7)
    manager = browser.new_context(locale="en-GB").new_page()
    officer = browser.new_context(locale="en-GB").new_page()

    # 1. The manager turns on sign-off of ratings, saying why.
    sign_in(manager, site, "manager")
    manager.goto(f"{site}/plans/{SLUG}/")
    manager.get_by_role("link", name="Plan settings", exact=True).click()
    axe_check(manager)
    manager.get_by_label("New ratings need a plan manager's sign-off").check()
    manager.get_by_label("Why are you changing these settings?").fill(
        "The board asked that managers check each new rating before it is reported."
    )
    manager.get_by_role("button", name="Save the settings").click()
    done(manager, "The plan's settings have been saved.")

    # 2. … and opens the round.
    manager.goto(f"{site}/plans/{SLUG}/")
    manager.get_by_role("link", name="Update rounds", exact=True).click()
    manager.get_by_label("Name of the round").fill(ROUND)
    fill_day(manager, "Ratings as at", as_at)
    fill_day(manager, "Deadline for updates", deadline)
    expect(manager.get_by_label("Remind owners this many days before the deadline")).to_have_value(
        "5"
    )
    manager.get_by_role("button", name="Open the round").click()
    expect(manager.get_by_role("heading", name=ROUND)).to_be_visible()
    expect(manager.locator("#count-not-updated")).to_have_text("135 of 135 actions")
    chasing = manager.url
    axe_check(manager)

    # 3. Five days before the deadline the morning's run e-mails the owners and managers.
    out = StringIO()
    remind_day = deadline - dt.timedelta(days=5)
    call_command("send_reminders", "--today", remind_day.isoformat(), stdout=out)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "manager@example.invalid",
        "officer@example.invalid",
    ], out.getvalue()
    (email,) = [m for m in mailoutbox if m.to == ["officer@example.invalid"]]
    assert email.subject == f"Reminder: 18 actions to update for {ROUND}"
    assert f"by {long_date(deadline)} (5 days from today)" in email.body
    links = re.findall(rf"^{re.escape(SITE_URL)}/\S+/edit/$", email.body, re.MULTILINE)
    assert len(links) == 18
    sl14_link = f"{SITE_URL}/plans/{SLUG}/actions/SL14/edit/"
    assert f"SL14: Children's social care national framework implications\n{sl14_link}\n" in (
        email.body
    )
    assert f"{SITE_URL}/plans/{SLUG}/actions/W6/edit/" in links

    # 4. The officer follows the e-mail's link, signs in and lands on SL14's update form.
    officer.goto(sl14_link.replace(SITE_URL, site))
    officer.get_by_label("User name").fill("officer")
    officer.get_by_label("Password").fill(DEMO_PASSWORD)
    officer.get_by_role("button", name="Sign in").click()
    expect(officer.get_by_role("heading", name="Update SL14")).to_be_visible()
    expect(officer.get_by_text("A new rating is submitted for sign-off")).to_be_visible()
    officer.get_by_role("radio", name="Delayed").check()
    officer.get_by_label("Reason for the change").fill("National guidance changed in November.")
    officer.get_by_role("button", name="Save update").click()
    # Delayed needs its own reason: asked for by name, the choice kept.
    expect(officer.get_by_role("link", name="Enter the reason for Delayed")).to_be_visible()
    expect(officer.get_by_role("radio", name="Delayed")).to_be_checked()
    axe_check(officer)
    officer.get_by_label("Reason for Delayed").fill(DELAYED_WHY)
    officer.get_by_role("button", name="Save update").click()
    expect(officer).to_have_url(f"{site}/plans/{SLUG}/actions/SL14/")
    done(officer, "SL14: Delayed submitted for sign-off.")
    expect(officer.locator(".app-signoff-pending")).to_contain_text("Pending sign-off")

    # 5. … adds the evidence of impact, a PDF …
    officer.get_by_role("link", name="Add evidence of impact").click()
    assert axe_violations(officer) == []
    officer.get_by_role("radio", name="A file").check()
    officer.get_by_label("File (if the evidence is a file)").set_input_files(
        {"name": "supervision-audit.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    officer.get_by_label("Title").fill(EVIDENCE)
    fill_day(officer, "Date of the evidence", dt.date(2025, 11, 28))
    officer.get_by_role("button", name="Add evidence").click()
    expect(officer).to_have_url(f"{site}/plans/{SLUG}/actions/SL14/#evidence")
    done(officer, f"“{EVIDENCE}” is added to the evidence of SL14.")
    expect(officer.locator("#evidence")).to_contain_text("28 November 2025")

    # 6. … and rates W6 from My actions.
    officer.get_by_role("link", name="My actions", exact=True).click()
    officer.get_by_role("link", name="Update W6").click()
    officer.get_by_role("radio", name="Complete", exact=True).check()
    officer.get_by_label("Reason for the change").fill("All managers trained by November.")
    officer.get_by_role("button", name="Save update").click()
    done(officer, "W6: Complete submitted for sign-off.")

    # 7. The manager accepts SL14's rating and returns W6's with a comment.
    manager.goto(f"{site}/plans/{SLUG}/sign-off/")
    expect(manager.get_by_role("table")).to_contain_text("Olivia Officer")
    axe_check(manager)
    manager.get_by_role("link", name="Accept or return the rating of W6").click()
    axe_check(manager)
    manager.get_by_role("radio", name="Return it to the officer").check()
    manager.get_by_label("Comment for the officer").fill(RETURNED_WHY)
    manager.get_by_role("button", name="Save the decision").click()
    done(manager, "Complete returned to the officer for W6.")
    manager.get_by_role("link", name="Accept or return the rating of SL14").click()
    expect(manager.get_by_text(DELAYED_WHY)).to_be_visible()
    manager.get_by_role("radio", name="Accept the rating").check()
    manager.get_by_role("button", name="Save the decision").click()
    done(manager, "Delayed accepted as the rating of SL14.")
    expect(manager.get_by_text("No ratings are waiting for sign-off.")).to_be_visible()

    # 8. The chasing page counts both as updated; the officer has 16 of 18 to go.
    manager.goto(chasing)
    expect(manager.locator("#count-updated")).to_have_text("2")
    expect(manager.locator("#count-not-updated")).to_have_text("133 of 135 actions")
    by_person = manager.get_by_role("table", name="By person")
    expect(by_person.get_by_role("row", name="Olivia Officer")).to_have_text(
        re.compile(r"Olivia Officer\s*16\s*18")
    )
    not_updated = manager.get_by_role("table", name="Actions not updated")
    expect(not_updated.get_by_role("link", name="SL14", exact=True)).to_have_count(0)
    expect(not_updated.get_by_role("link", name="W6", exact=True)).to_have_count(0)
    expect(not_updated.get_by_role("link", name="SL15b", exact=True)).to_have_count(1)

    # 9. The manager closes the round, its "as at" day offered and confirmed.
    manager.get_by_role("link", name="Close the round").click()
    expect(manager.get_by_text("133 actions have not been updated")).to_be_visible()
    axe_check(manager)
    manager.get_by_role("button", name="Close the round").click()
    done(manager, f"{ROUND} is closed, with ratings as at {long_date(as_at)}.")

    # 10. The committee pack offers the round's day; the clerk's reason column ticked.
    manager.get_by_role("link", name="Committee pack", exact=True).click()
    day = manager.get_by_role("group", name="Ratings as at")
    expect(day.get_by_label("Day")).to_have_value(str(as_at.day))
    expect(day.get_by_label("Month")).to_have_value(str(as_at.month))
    expect(day.get_by_label("Year")).to_have_value(str(as_at.year))
    manager.get_by_label("Appendix 1: print the reason for each rating below on track").check()
    manager.get_by_role("button", name="Update the downloads").click()
    axe_check(manager)
    href = manager.get_by_role("link", name=re.compile(r"^Appendix 1: RAG rating overview"))
    query = dict(parse_qsl(urlsplit(href.get_attribute("href")).query))
    assert query["as_at"] == as_at.isoformat() and query["reason_column"] == "1"
    manager.context.close()
    officer.context.close()

    # 11. Appendix 1 from that link's choices (the HTML its PDF is drawn from).
    plan = Plan.objects.get(slug=SLUG)
    html = render_html(plan, "1", PackOptions.from_query(query))
    rows = {
        r["Ref"]: r for r in table_rows(parse(html), ["Ref", "Action", "Due by", "RAG", "Reason"])
    }
    assert (rows["SL14"]["RAG"], rows["SL14"]["Reason"]) == ("Delayed", DELAYED_WHY)
    assert (rows["W6"]["RAG"], rows["W6"]["Reason"]) == ("On track", "")
    assert "Pending sign-off" not in html

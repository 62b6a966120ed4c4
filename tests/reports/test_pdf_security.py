"""User text in the appendices is printed as text, never run as HTML, and WeasyPrint
fetches nothing but the app's own static files."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from improvement.lib.history import save_tracked
from improvement.plans.models import (
    Action,
    ActionOwner,
    Area,
    Chapter,
    ImpactCommentary,
    OwnerRole,
    Plan,
    RatingLevel,
)
from improvement.reports.appendices import render_html
from improvement.reports.forms import PackOptions
from improvement.reports.pdf import BASE_URL, html_to_pdf, make_fetcher, static_path
from tests.reports.pdftext import pdf_text

SCRIPT = '<script>alert("pwned")</script>'
PASSWD = '<img src="file:///etc/passwd">'
REMOTE_CSS = '<link rel="stylesheet" href="https://example.invalid/evil.css">'
STYLED = '<b style="background: url(https://example.invalid/x.png)">bold</b>'
HOSTILE = f"{SCRIPT} {PASSWD}\n\n- {REMOTE_CSS}\n- {STYLED}"
CSS_URL = BASE_URL + "static/reports/pdf.css"


def squeeze(text):
    return "".join(text.split())


@pytest.fixture
def hostile_plan(db):
    """A one-action plan whose every free-text field carries hostile markup."""
    user = get_user_model().objects.get(username="manager")

    def save(obj):
        return save_tracked(obj, user=user, reason="Test: hostile text")

    plan = save(Plan(name=f"Plan {SCRIPT}", organisation="Council", slug="hostile"))
    level = save(
        RatingLevel(
            plan=plan, order=1, name="On track", short_name="On track", colour="amber",
            hex_colour="#f47738", definition=HOSTILE, overview_definition=STYLED,
        )
    )  # fmt: skip
    chapter = save(Chapter(plan=plan, number=1, title=f"Chapter {PASSWD}"))
    area = save(
        Area(
            chapter=chapter, number="1", key="1-1", title=f"Area {REMOTE_CSS}",
            what_needs_to_improve=HOSTILE, inspectors_found=HOSTILE, how_we_assess=HOSTILE,
            what_we_will_see=HOSTILE, notes=HOSTILE,
        )
    )  # fmt: skip
    action = save(
        Action(
            plan=plan, area=area, ref="X1", short_title=f"Short {SCRIPT}", text=HOSTILE,
            due_text="TBC", rating=level,
        )
    )  # fmt: skip
    role = save(OwnerRole(plan=plan, title=f"Owner {STYLED}"))
    save(ActionOwner(action=action, role=role))
    save(ImpactCommentary(area=area, reporting_date=timezone.localdate(), text=HOSTILE))
    return plan


@pytest.mark.parametrize("key", ["1", "2"])
def test_hostile_commentary_is_escaped_in_the_html_the_pdf_is_drawn_from(hostile_plan, key):
    html = render_html(hostile_plan, key, PackOptions(as_at=timezone.localdate()))
    for unescaped in ("<script", "<img ", '<link rel="stylesheet" href="https', "<b style"):
        assert unescaped not in html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html


def test_hostile_commentary_comes_out_as_plain_text_and_nothing_is_fetched(hostile_plan):
    html = render_html(hostile_plan, "2", PackOptions(as_at=timezone.localdate()))
    fetcher = make_fetcher()
    pdf = html_to_pdf(html, fetcher=fetcher)
    text = squeeze(pdf_text(pdf))
    for markup in (SCRIPT, PASSWD, REMOTE_CSS, STYLED):
        assert squeeze(markup) in text
    assert "root:x:0:0" not in text
    assert fetcher.served == [CSS_URL]
    assert fetcher.refused == []


def test_the_fetcher_refuses_everything_but_the_apps_static_files(tmp_path):
    """Even markup that reached WeasyPrint unescaped could fetch nothing else."""
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f"""<!DOCTYPE html><html lang="en-GB"><head><title>t</title>
    <link rel="stylesheet" href="/static/reports/pdf.css">
    <link rel="stylesheet" href="https://example.invalid/evil.css">
    <link rel="stylesheet" href="file://{secret}">
    <style>@import url("http://example.invalid/import.css");</style></head><body>
    <img src="file:///etc/passwd" alt="a">
    <img src="data:image/png;base64,iVBORw0KGgo=" alt="b">
    <img src="/static/../../../etc/passwd" alt="c">
    <img src="/static/reports/../../../../../etc/hostname" alt="d">
    <div style="background: url(https://example.invalid/x.png)">styled</div>
    </body></html>"""
    fetcher = make_fetcher()
    pdf = html_to_pdf(html, fetcher=fetcher)
    assert fetcher.served == [CSS_URL]
    refused = " ".join(fetcher.refused)
    for url in (
        "https://example.invalid/evil.css",
        f"file://{secret}",
        "http://example.invalid/import.css",
        "file:///etc/passwd",
        "data:image/png",
        "https://example.invalid/x.png",
    ):
        assert url in refused
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    [
        BASE_URL + "static/../manage.py",
        BASE_URL + "static/reports/../../improvement/settings.py",
        BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL + "static/reports/missing.css",
        BASE_URL + "media/reports/pdf.css",
        "http://elsewhere.invalid/static/reports/pdf.css",
        "file:///static/reports/pdf.css",
    ],
)
def test_only_static_addresses_that_name_a_static_file_map_to_disk(url):
    assert static_path(url) is None


def test_a_static_address_maps_to_the_apps_own_file():
    assert static_path(CSS_URL).endswith("improvement/reports/static/reports/pdf.css")


def test_an_invalid_colour_in_the_scale_never_reaches_a_style_attribute(hostile_plan):
    level = RatingLevel.objects.get(plan=hostile_plan)
    level.hex_colour = "red;x:y"  # CSS, not a colour (the column holds 7 characters)
    user = get_user_model().objects.get(username="manager")
    save_tracked(level, user=user, reason="Test: bad colour")
    html = render_html(hostile_plan, "1", PackOptions(as_at=timezone.localdate()))
    assert "red;x:y" not in html
    assert 'class="rag" style="background-color: #b1b4b6;"' in html

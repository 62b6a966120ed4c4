"""Content-Security-Policy: scripts only from this site or inline with the response's
nonce, styles only from this site's files (no style="" attributes: a rating's colour is
an SVG fill), no framing, forms only to this site; no 'unsafe-inline' anywhere."""

import re

import pytest

from improvement.demo.management.commands.load_demo import DEMO_SLUG


def directives(response):
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def nonce_of(response):
    sources = directives(response)["script-src"]
    (nonce,) = [s for s in sources if s.startswith("'nonce-")]
    return nonce[len("'nonce-") : -1]


@pytest.fixture
def plan_page(client, owner):
    client.force_login(owner)
    return client.get(f"/plans/{DEMO_SLUG}/")


@pytest.mark.django_db
def test_the_policy_is_strict(plan_page):
    policy = directives(plan_page)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert len(policy["script-src"]) == 2
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "unsafe-inline" not in plan_page["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_script_on_a_page_carries_the_responses_nonce(plan_page):
    nonce = nonce_of(plan_page)
    scripts = re.findall(r"<script[^>]*>", plan_page.content.decode())
    assert len(scripts) == 3  # base.html: js-enabled, govuk-frontend, initAll
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag


@pytest.mark.django_db
def test_each_response_has_a_new_nonce(client):
    first = nonce_of(client.get("/accounts/login/"))
    second = nonce_of(client.get("/accounts/login/"))
    assert first != second
    assert len(first) >= 22  # 16 random bytes, base64


@pytest.mark.django_db
def test_a_page_has_no_style_attributes_the_policy_would_block(plan_page):
    assert "style=" not in plan_page.content.decode()


@pytest.mark.django_db
def test_a_rating_keeps_its_colour_as_an_svg_fill_and_its_word(plan_page):
    html = plan_page.content.decode()
    # The demo scale prints Delayed on GOV.UK red, #d4351c, in white.
    assert re.search(
        r'<span class="app-rating app-rating--red app-rating--light-text">'
        r'<svg class="app-rating__fill" aria-hidden="true" focusable="false"[^>]*>'
        r'<rect width="1" height="1" fill="#d4351c"/></svg>'
        r'<span class="app-rating__word">Delayed</span></span>',
        html,
    )


@pytest.mark.django_db
def test_the_sign_in_page_has_the_policy_too(client):
    response = client.get("/accounts/login/")
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert "style=" not in response.content.decode()

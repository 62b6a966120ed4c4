"""Evidence may be a link instead of a file: http and https addresses only."""

import pytest

from improvement.evidence.models import Evidence

from .conftest import add_url, link_post


def test_an_owner_adds_a_link_with_a_title_and_date(client, action, owner):
    client.force_login(owner)
    url = "https://www.example.gov.uk/committee/practice-week-report.pdf"
    response = client.post(add_url(action), link_post(url, title="Practice week report"))
    assert response.status_code == 302
    item = Evidence.objects.get(action=action)
    assert (item.kind, item.url, item.title, str(item.date)) == (
        "link",
        url,
        "Practice week report",
        "2025-11-03",
    )
    assert (item.file.name, item.original_name, item.content_type, item.size) == ("", "", "", None)
    body = client.get("/plans/childrens-services/actions/SL14/").content.decode()
    assert f'href="{url}" rel="noopener noreferrer"' in body
    assert "Practice week report" in body


def test_a_plain_http_link_is_accepted(client, action, owner):
    client.force_login(owner)
    response = client.post(add_url(action), link_post("http://intranet.example.gov.uk/audit"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.gov.uk/report.pdf",
        "file:///etc/passwd",
        "www.example.gov.uk/report",
        "https://",
    ],
)
def test_anything_but_an_http_or_https_address_is_refused(client, action, owner, url):
    client.force_login(owner)
    response = client.post(add_url(action), link_post(url))
    assert response.status_code == 400
    assert "Enter a link that starts with https:// or http://" in response.content.decode()
    assert not Evidence.objects.filter(action=action).exists()


def test_a_link_must_be_given_when_link_is_chosen(client, action, owner):
    client.force_login(owner)
    response = client.post(add_url(action), link_post(""))
    assert response.status_code == 400
    assert "Enter the link" in response.content.decode()


def test_choosing_neither_file_nor_link_is_explained(client, action, owner):
    client.force_login(owner)
    post = link_post("https://www.example.gov.uk/")
    del post["kind"]
    response = client.post(add_url(action), post)
    assert "Choose whether the evidence is a file or a link" in response.content.decode()

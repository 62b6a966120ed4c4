"""Evidence files are served only to people who may read the plan, as a download under
their original name with the type read from their content; never from a public URL."""

import pytest

from improvement.evidence.models import Evidence

from .conftest import download_url, pdf_bytes, png_bytes


@pytest.mark.parametrize("who", ["owner", "colleague", "clerk", "board", "manager", "admin_user"])
def test_everyone_who_may_read_the_plan_downloads_the_file(client, add_file, who, request):
    content = pdf_bytes()
    item = add_file("Supervision audit, Oct 2025.pdf", content)
    client.force_login(request.getfixturevalue(who))
    response = client.get(download_url(item))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Supervision audit, Oct 2025.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_the_type_served_is_the_one_read_from_the_content_not_the_name(client, add_file, clerk):
    item = add_file("chart.pdf", png_bytes())
    client.force_login(clerk)
    response = client.get(download_url(item))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="chart.pdf"'


def test_someone_outside_the_plan_gets_not_found(client, add_file, outsider):
    item = add_file()
    client.force_login(outsider)
    assert client.get(download_url(item)).status_code == 404


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, add_file):
    item = add_file()
    client.logout()
    response = client.get(download_url(item))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_file_is_not_reached_through_another_action_or_plan(client, add_file, owner):
    item = add_file()
    client.force_login(owner)
    assert (
        client.get(
            f"/plans/childrens-services/actions/SL1/evidence/{item.pk}/download/"
        ).status_code
        == 404
    )
    assert (
        client.get(f"/plans/another-plan/actions/SL14/evidence/{item.pk}/download/").status_code
        == 404
    )


def test_a_link_has_nothing_to_download(client, action, owner):
    from .conftest import add_url, link_post

    client.force_login(owner)
    client.post(add_url(action), link_post("https://www.example.gov.uk/report"))
    item = Evidence.objects.get(action=action)
    assert client.get(download_url(item)).status_code == 404


def test_the_storage_gives_no_web_address_for_a_file(add_file):
    item = add_file()
    with pytest.raises(ValueError, match="no web address"):
        item.file.url  # noqa: B018

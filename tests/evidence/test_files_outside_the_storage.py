"""A stored name that leads outside the evidence folder is never served, to anyone, an
admin included: a tampered row or a restored history row with "../", an absolute path,
or a link inside the folder pointing out of it. Nor is such a file ever deleted."""

import pytest

from improvement.lib.history import save_tracked

from .conftest import download_url, pdf_bytes, remove_url


@pytest.fixture
def outside_file(tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(pdf_bytes() + b"%secret\n")
    return secret


def tamper(item, name, user):
    item.file.name = name
    save_tracked(item, user=user, reason="Test: a tampered stored name.")
    return item


@pytest.mark.parametrize("who", ["owner", "manager", "admin_user"])
@pytest.mark.parametrize("name", ["../secret.pdf", "plan-1/../../secret.pdf"])
def test_a_name_climbing_out_of_the_folder_is_refused_to_everyone(
    client, add_file, outside_file, who, name, request
):
    user = request.getfixturevalue(who)
    item = tamper(add_file(), name, user)
    client.force_login(user)
    assert client.get(download_url(item)).status_code == 404


def test_an_absolute_path_is_refused_even_to_an_admin(client, add_file, outside_file, admin_user):
    item = tamper(add_file(), str(outside_file), admin_user)
    client.force_login(admin_user)
    assert client.get(download_url(item)).status_code == 404


def test_a_link_inside_the_folder_to_a_file_outside_is_refused(
    client, add_file, outside_file, evidence_dir, admin_user
):
    item = add_file()
    (evidence_dir / "plan-1").mkdir(exist_ok=True)
    (evidence_dir / "plan-1" / "link.pdf").symlink_to(outside_file)
    tamper(item, "plan-1/link.pdf", admin_user)
    client.force_login(admin_user)
    assert client.get(download_url(item)).status_code == 404


def test_a_history_row_restored_with_a_tampered_name_is_refused(
    client, add_file, outside_file, admin_user
):
    item = tamper(add_file(), "../secret.pdf", admin_user)
    tamper(item, "plan-1/anything.pdf", admin_user)
    # Bring back the tampered version from the history, as the admin's Revert would.
    old = item.history.filter(file="../secret.pdf").first().instance
    save_tracked(old, user=admin_user, reason="Test: reverted to the tampered row.")
    client.force_login(admin_user)
    assert client.get(download_url(old)).status_code == 404


def test_removing_evidence_with_a_tampered_name_leaves_the_outside_file_alone(
    client, add_file, outside_file, manager, django_capture_on_commit_callbacks
):
    item = tamper(add_file(), "../secret.pdf", manager)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(item), {"reason": "Added by mistake."})
    assert response.status_code == 302
    assert outside_file.exists()

"""Updating the scorecard from Excel in the browser: upload, preview, confirm."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement.lib.history import save_tracked
from improvement.scorecard.import_checks import MAX_BYTES
from improvement.scorecard.models import IndicatorValue

from .conftest import column_of, edit, row_of

IMPORT = reverse("scorecard:import", args=["childrens-services"])
CONFIRM = reverse("scorecard:confirm", args=["childrens-services"])
SEP = dt.date(2025, 9, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data, name="September.xlsx"):
    return client.post(IMPORT, {"workbook": SimpleUploadedFile(name, data, XLSX)})


def september(ws):
    ws.cell(row_of(ws, "1"), column_of(ws, SEP)).value = "95.5%"


def test_only_plan_managers_may_import(client, owner, clerk, manager):
    for user in (owner, clerk):
        client.force_login(user)
        assert client.get(IMPORT).status_code == 403
    client.force_login(manager)
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert "Download the scorecard template (.xlsx)" in page.content.decode()


def test_upload_shows_old_and_new_then_confirm_saves_with_history(client, manager, exported):
    client.force_login(manager)
    preview = upload(client, edit(exported, september))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Check the changes from September.xlsx" in html
    assert "94.7%" in html and "<strong>95.5%</strong>" in html
    assert "Save 1 figure" in html
    value = IndicatorValue.objects.get(indicator__code="1", month=SEP)
    assert value.text == "94.7%"  # nothing saved by the preview

    token = preview.context["token"]
    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 302
    value.refresh_from_db()
    assert value.text == "95.5%"
    latest = value.history.order_by("-history_id").first()
    assert latest.history_user == manager
    assert latest.history_change_reason == "Scorecard import from September.xlsx"
    follow = client.get(done["Location"])
    assert "Imported 1 figure from September.xlsx." in follow.content.decode()


def test_a_token_cannot_be_confirmed_twice(client, manager, exported):
    client.force_login(manager)
    token = upload(client, edit(exported, september)).context["token"]
    assert client.post(CONFIRM, {"token": token}).status_code == 302
    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 410
    assert "expired or was already applied" in again.content.decode()


def test_a_token_from_another_session_is_refused(client, manager, exported, admin_user):
    client.force_login(manager)
    token = upload(client, edit(exported, september)).context["token"]
    client.force_login(admin_user)
    assert client.post(CONFIRM, {"token": token}).status_code == 410
    assert IndicatorValue.objects.get(indicator__code="1", month=SEP).text == "94.7%"


def test_if_the_figures_move_on_after_the_preview_nothing_is_saved(client, manager, exported):
    client.force_login(manager)
    token = upload(client, edit(exported, september)).context["token"]
    other = IndicatorValue.objects.get(indicator__code="1", month=SEP)
    other.text, other.value = "93.0%", 93
    save_tracked(other, user=manager, reason="Corrected by hand")
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 409
    assert "The scorecard changed after your preview" in response.content.decode()
    other.refresh_from_db()
    assert other.text == "93.0%"


def test_cell_errors_are_listed_with_sheet_cell_value_and_reason(client, manager, exported):
    def change(ws):
        ws.cell(row_of(ws, "2"), column_of(ws, SEP)).value = "lots"
        ws.cell(row_of(ws, "3"), 1).value = "3x"

    client.force_login(manager)
    response = upload(client, edit(exported, change), name="bad.xlsx")
    html = response.content.decode()
    assert response.status_code == 400
    assert "bad.xlsx has 2 problems; nothing was saved" in html
    assert "<strong>N7</strong>" in html and "<code>lots</code>" in html
    assert "There is no indicator 3x in this plan." in html


def test_a_refused_file_is_explained_next_to_the_upload(client, manager, exported):
    client.force_login(manager)
    response = upload(client, exported, name="figures.xlsm")
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-message" in html
    assert "macro-enabled workbook (.xlsm)" in html


def test_a_file_over_the_cap_is_refused_without_being_read(client, manager):
    client.force_login(manager)
    response = upload(client, b"PK" + b"\0" * MAX_BYTES, name="huge.xlsx")
    assert response.status_code == 400
    assert "the largest workbook accepted is 5 MB" in response.content.decode()


def test_a_file_that_changes_nothing_says_so(client, manager, exported):
    client.force_login(manager)
    html = upload(client, exported).content.decode()
    assert "already matches the scorecard" in html
    assert "Save " not in html

"""The cover report's pages: who may read, draft and edit it, its history, and the Word
download read back with python-docx. Figures are the seeds'."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from improvement.lib.history import save_tracked
from improvement.reports.cover import new_draft
from improvement.reports.models import CoverReport

NOV, MAY = dt.date(2025, 11, 12), dt.date(2025, 5, 8)


@pytest.fixture
def report(plan, manager):
    draft = new_draft(
        plan, as_at=NOV, since=MAY, user=manager, committee="Children and Families Committee",
        meeting_date=dt.date(2026, 1, 19), reference="CF/24/25-26",
    )  # fmt: skip
    return save_tracked(draft, user=manager, reason="Drafted from the plan's data.")


def url(name, report):
    return reverse(f"reports:{name}", args=[report.plan.slug, report.pk])


def edit_data(report, **changes):
    data = {f: getattr(report, f) or "" for f in ("title", "committee", "reference", "report_of")}
    data.update({key: getattr(report, key) for key in (
        "purpose", "executive_summary", "recommendations", "background", "progress",
        "monitoring_findings", "finance_commentary")})  # fmt: skip
    data.update({"meeting_date_day": "19", "meeting_date_month": "1", "meeting_date_year": "2026"})
    data["reason"] = ""
    return {**data, **changes}


def test_a_manager_drafts_a_report_from_the_data_and_it_is_in_the_history(client, plan, manager):
    client.force_login(manager)
    response = client.post(
        reverse("reports:cover_list", args=[plan.slug]),
        {"as_at_day": "12", "as_at_month": "11", "as_at_year": "2025",
         "since_day": "8", "since_month": "5", "since_year": "2025",
         "committee": "Children and Families Committee"},
    )  # fmt: skip
    report = CoverReport.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == url("cover_edit", report)
    assert "57% actions now complete" in report.executive_summary
    record = report.history.get()
    assert record.history_user == manager
    assert record.history_change_reason == "Drafted from the plan's data as at 12 November 2025."


@pytest.mark.parametrize("who", ["clerk", "board"])
def test_clerks_and_board_members_read_and_download_but_do_not_draft_or_edit(
    client, request, who, plan, report
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("cover", report)).status_code == 200
    assert client.get(url("cover_word", report)).status_code == 200
    assert client.get(url("cover_edit", report)).status_code == 403
    assert client.post(reverse("reports:cover_list", args=[plan.slug]), {}).status_code == 403


def test_an_officer_cannot_see_the_cover_reports(client, owner, report):
    client.force_login(owner)
    assert client.get(url("cover", report)).status_code == 403


def test_someone_without_a_role_in_the_plan_gets_not_found(client, outsider, report):
    client.force_login(outsider)
    assert client.get(url("cover", report)).status_code == 404


def test_the_preview_prints_the_sections_and_the_seeds_finance_totals(client, clerk, report):
    client.force_login(clerk)
    html = client.get(url("cover", report)).content.decode()
    for text in ("Purpose of Report", "Executive Summary", "Section 151 Officer/Finance",
                 "57% actions now complete", "£1,358,550", "£990,937", "£1,761,734"):  # fmt: skip
        assert text in html


def test_a_manager_edits_a_section_with_a_reason_kept_in_the_history(client, manager, report):
    client.force_login(manager)
    purpose = "This report is part of our regular updates to committee."
    response = client.post(
        url("cover_edit", report), edit_data(report, purpose=purpose, reason="Shorter purpose.")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.purpose == purpose
    latest = report.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (manager, "Shorter purpose.")
    page = client.get(url("cover", report)).content.decode()
    assert "Shorter purpose." in page
    assert "Changed: Purpose of Report" in page


def test_an_edit_needs_a_reason_and_saves_nothing_without_one(client, manager, report):
    client.force_login(manager)
    response = client.post(url("cover_edit", report), edit_data(report, purpose="Changed."))
    assert response.status_code == 400
    assert "Enter the reason for the change" in response.content.decode()
    report.refresh_from_db()
    assert report.purpose != "Changed."
    assert report.history.count() == 1


def test_saving_an_unchanged_report_writes_no_history(client, manager, report):
    client.force_login(manager)
    client.post(url("cover_edit", report), edit_data(report, reason="Looked at it."))
    assert report.history.count() == 1


def test_the_word_document_has_the_headings_paragraphs_and_the_finance_table(client, clerk, report):
    client.force_login(clerk)
    response = client.get(url("cover_word", report))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="childrens-services-cover-report-2025-11-12.docx"'
        in response["Content-Disposition"]
    )
    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Purpose of Report", "Executive Summary", "Recommendations"]
    assert "Section 151 Officer/Finance" in headings
    texts = [p.text for p in doc.paragraphs]
    assert "Improvement Plan Progress Report" in texts
    assert "Report Reference No: CF/24/25-26" in texts
    assert any("57% actions now complete" in t for t in texts)
    assert "Note the progress against the improvement plan." in texts
    (table,) = doc.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert len(cells) == 22  # heading, the seed's 20 lines, grand total
    assert cells[0][:3] == ["Expenditure group", "Origin", "2025/26 Budget"]
    assert cells[2] == ["Team Leader (2 FTE)", "Original", "£133,434", "£26,714", "£70,624",
                        "£62,810 underspend"]  # fmt: skip
    assert cells[-1] == ["Grand total", "", "£1,358,550", "£990,937", "£1,761,734",
                         "£403,184 overspend"]  # fmt: skip

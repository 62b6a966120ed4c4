"""Direct links give the PDF itself, named for the plan, appendix and date (a real
render, then the cache), and the export_appendix command writes what export_pdf makes
(there the HTML it would draw, to spare a render: see ``html_instead_of_pdf``)."""

import pytest
from django.core.management import CommandError, call_command

from improvement.reports.cache import pdf_cache
from tests.reports.htmltext import parse, text

PAGE = "/plans/childrens-services/committee/"


def test_a_direct_link_downloads_appendix_1_as_at_the_date_and_repeats_from_the_cache(
    client, clerk
):
    pdf_cache().clear()
    client.force_login(clerk)
    first = client.get(PAGE + "appendix-1.pdf", {"as_at": "2025-11-12"})
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert (
        first["Content-Disposition"]
        == 'inline; filename="childrens-services-appendix-1-2025-11-12.pdf"'
    )
    assert first.content.startswith(b"%PDF-1.7")
    assert first["X-PDF-Cache"] == "miss"
    again = client.get(PAGE + "appendix-1.pdf", {"as_at": "2025-11-12"})
    assert (again["X-PDF-Cache"], again.content) == ("hit", first.content)
    pdf_cache().clear()


def test_the_command_writes_appendix_3_with_the_previous_report_date(
    plan, tmp_path, html_instead_of_pdf
):
    output = tmp_path / "appendix-3.pdf"
    call_command(
        "export_appendix", "3", "--as-at", "2025-11-12", "--since", "2025-05-08",
        "--reference", "CF/24/25-26", "--output", str(output), "--no-cache",
    )  # fmt: skip
    written = text(parse(output.read_text(encoding="utf-8")))
    assert "Appendix 3 – Changes to the improvement plan actions" in written
    assert "Changes agreed after 8 May 2025, up to 12 November 2025" in written
    assert "Report reference: CF/24/25-26" in written


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "--as-at", "2025-11-31"], "--as-at: The ratings date must be a real date"),
        (["1", "--as-at", "2025-11-12", "--plan", "nope"], "--plan: there is no plan 'nope'"),
        (
            ["3", "--as-at", "2025-11-12", "--since", "2025-11-13"],
            "--since: The date of the previous report must be before the ratings date",
        ),
        (
            ["2", "--as-at", "2025-11-12", "--meeting-date", "19/01/26"],
            "--meeting-date: The meeting date must be a real date",
        ),
    ],
)
def test_the_command_explains_bad_input_and_writes_nothing(plan, tmp_path, args, message):
    output = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("export_appendix", *args, "--output", str(output))
    assert not output.exists()

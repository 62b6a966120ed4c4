"""Direct links never make the PDF in the request: a link to a PDF not yet built queues
it for the background worker and shows its progress (the worker's side, and the real
PDF it then serves, are in test_background_pdfs.py). The export_appendix command still
writes what export_pdf makes at once (here the HTML it would draw, to spare a render:
see ``html_instead_of_pdf``)."""

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from tests.reports.htmltext import parse, text

PAGE = "/plans/childrens-services/committee/"


def test_a_direct_link_to_a_pdf_not_yet_built_queues_it_and_renders_nothing(
    client, plan, clerk, monkeypatch
):
    def no_render_in_a_request(html, **kwargs):
        raise AssertionError("a web request waited for WeasyPrint")

    monkeypatch.setattr("improvement.reports.export.html_to_pdf", no_render_in_a_request)
    monkeypatch.setattr("improvement.reports.pdf.html_to_pdf", no_render_in_a_request)
    client.force_login(clerk)
    response = client.get(PAGE + "appendix-1.pdf", {"as_at": "2025-11-12"})
    assert response.status_code == 302
    task = DBTaskResult.objects.get()
    token = task.args_kwargs["args"][3].removeprefix("reports:pdf:v1:")
    assert response["Location"] == (
        PAGE + f"appendix-1/progress/?as_at=2025-11-12&since=2025-05-08&build={token}"
    )
    assert (task.task_path, task.status) == ("improvement.reports.builds.build_pdf", "READY")
    assert task.args_kwargs["args"][:3] == [
        plan.pk,
        "1",
        {"as_at": "2025-11-12", "since": "2025-05-08"},
    ]


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

"""The cover report as a Word document (committee systems take Word): the same layout
as the page and the PDF (``cover.cover_context``) — title, headings, paragraphs numbered
through the report, bullet and numbered lists, and the finance table as a real Word
table with its totals row."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from improvement.finance.tables import pounds, variance_words

FINANCE_COLUMNS = ("budget", "actual", "forecast", "variance")


def docx_filename(report):
    return f"{report.plan.slug}-cover-report-{report.as_at.isoformat()}.docx"


def cover_docx(c):
    """The .docx bytes of the laid-out report ``c`` (``cover_context``)."""
    report = c["report"]
    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.author = report.plan.organisation
    doc.core_properties.subject = f"{report.plan.name}, as at {c['as_at_long']}"
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    if report.committee:
        doc.add_paragraph(report.committee).runs[0].bold = True
    if c["meeting_long"]:
        doc.add_paragraph(c["meeting_long"])
    doc.add_heading(report.title, level=0)
    if report.report_of:
        doc.add_paragraph(f"Report of: {report.report_of}")
    if report.reference:
        doc.add_paragraph(f"Report Reference No: {report.reference}")
    doc.add_paragraph(f"{report.plan.name} · {report.plan.organisation} · As at {c['as_at_long']}")
    for section in c["sections"]:
        if not section["blocks"] and section["key"] != "finance_commentary":
            continue
        doc.add_heading(section["heading"], level=1)
        for block in section["blocks"]:
            _add_block(doc, block)
        if section["key"] == "finance_commentary" and not c["finance"]["empty"]:
            _add_finance(doc, c["finance"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _add_block(doc, block):
    if block["kind"] == "p":
        paragraph = doc.add_paragraph()
        if block.get("number"):
            paragraph.add_run(f"{block['number']}\t").bold = True
        for i, line in enumerate(block["lines"]):
            run = paragraph.add_run(line)
            if i < len(block["lines"]) - 1:
                run.add_break()
        return
    style = "List Number" if block["kind"] == "ol" else "List Bullet"
    for line in block["lines"]:
        doc.add_paragraph(line, style=style)


def _add_finance(doc, table):
    heads = table["headings"]
    rows = len(table["lines"]) + 2
    word = doc.add_table(rows=rows, cols=6)
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = ["Expenditure group", "Origin", heads["budget"], heads["actual"], heads["forecast"],
              heads["variance"]]  # fmt: skip
    _fill(word.rows[0], header, bold=True)
    for row, line in zip(word.rows[1:], table["lines"], strict=False):
        _fill(row, [line["expenditure_group"], line["origin"].capitalize(), *_money(line)])
    _fill(word.rows[-1], ["Grand total", "", *_money(table["totals"])], bold=True)
    doc.add_paragraph(
        "Origin: “original” is in the original improvement plan as agreed; “amended” is an "
        "item amended from it; “added” is an additional item identified through improvement "
        "activity. Over or underspend is the forecast less the budget."
    ).runs[0].font.size = Pt(9)


def _money(amounts):
    return [pounds(amounts[k]) for k in FINANCE_COLUMNS[:3]] + [variance_words(amounts["variance"])]


def _fill(row, values, bold=False):
    for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        cell.text = value
        paragraph = cell.paragraphs[0]
        if i > 1:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in paragraph.runs:
            run.font.size = Pt(9)
            run.bold = bold

"""Reading an appendix's HTML in tests. Content (rows, words, ratings, order) is checked
on the HTML that WeasyPrint draws the PDF from, which is far quicker than rendering the
PDF; a few tests still render real PDFs for what only a PDF shows (tagging, pages).

The HTML is parsed by tinyhtml5, the HTML5 parser WeasyPrint itself reads it with (it is
installed with WeasyPrint, so this adds no dependency): the tests see the same tree."""

import tinyhtml5

from improvement.reports.appendices import render_html
from improvement.reports.forms import PackOptions


def parse(markup):
    return tinyhtml5.parse(markup, namespace_html_elements=False)


def rendered(plan, key, as_at, since=None, **extra):
    """The parsed HTML of appendix ``key`` (or the pack) of ``plan`` as at ``as_at``."""
    return parse(render_html(plan, key, PackOptions(as_at=as_at, since=since, **extra)))


def text(element):
    """An element's words, one space apart (pieces of text in separate elements, such as
    lines split by <br>, are separate words, as in the PDF)."""
    return " ".join(" ".join(element.itertext()).split())


def table_rows(document, headings):
    """Every body row of the tables whose header row reads ``headings`` (e.g. Ref |
    Action | Due by | RAG), as dicts keyed by heading. Cells spanning several rows
    (rowspan) belong to each; a row that starts with such a cell (an action's second
    printed row) is joined to the row above, its words after the first row's."""
    rows = []
    for table in document.iter("table"):
        head = table.find("thead")
        if head is None or not any(
            [text(th) for th in tr.findall("th")] == headings for tr in head.findall("tr")
        ):
            continue
        spanned = {}  # column → (cell words, rows still to cover)
        for body in table.findall("tbody"):
            for tr in body.findall("tr"):
                cells, fresh, column = {}, {}, 0
                own = iter(tr)
                while column < len(headings):
                    if column in spanned:
                        words, left = spanned.pop(column)
                        cells[column] = words
                        if left > 1:
                            spanned[column] = (words, left - 1)
                        column += 1
                        continue
                    cell = next(own, None)
                    if cell is None:
                        break
                    words = text(cell)
                    cells[column] = fresh[column] = words
                    span = int(cell.get("rowspan", "1"))
                    if span > 1:
                        spanned[column] = (words, span - 1)
                    column += int(cell.get("colspan", "1"))
                if 0 in fresh or not rows:
                    rows.append({headings[i]: cells.get(i, "") for i in range(len(headings))})
                else:
                    for i, words in fresh.items():
                        if words:
                            joined = f"{rows[-1][headings[i]]} {words}"
                            rows[-1][headings[i]] = joined.strip()
    return rows


def appendix1_rows(document):
    """Every action row of Appendix 1's HTML: {"ref", "title", "due", "rag"}."""
    return [
        {"ref": r["Ref"], "title": r["Action"], "due": r["Due by"], "rag": r["RAG"]}
        for r in table_rows(document, ["Ref", "Action", "Due by", "RAG"])
    ]

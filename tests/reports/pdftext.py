"""Reading exported PDFs back in tests: text by pdftotext (poppler-utils), the
structure tree by pypdf, and Appendix 1's tables parsed row by row from the text."""

import calendar
import html
import io
import re
import subprocess

from pypdf import PdfReader

REF = re.compile(r"^[A-Z]{1,3}\d{1,2}[a-z]?$")
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


def pdf_text(pdf, *, layout=False, first=None, last=None):
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    done = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pages_text(pdf):
    """The text of each page (pdftotext separates pages with a form feed)."""
    return pdf_text(pdf, layout=True).split("\f")[:-1]


def month_year(text):
    """("June", 2025) read from "Jun 25", "June 25", "April 24", "June 2025"; else None."""
    match = re.fullmatch(r"([A-Za-z]+)\s+(\d{2}|\d{4})", " ".join(text.split()))
    if not match or match[1].lower() not in MONTHS:
        return None
    year = int(match[2])
    return MONTHS[match[1].lower()], year if year > 99 else 2000 + year


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')


def page_lines(pdf):
    """Each page's lines as lists of (x, word), read from pdftotext's word boxes."""
    done = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    pages = []
    for page in done.stdout.decode("utf-8").split("<page ")[1:]:
        lines = []
        for x, y, word in WORD.findall(page):
            x, y = float(x), float(y)
            line = next((ln for ln in lines if abs(ln[0] - y) < 2.5), None)
            if line is None:
                line = (y, [])
                lines.append(line)
            line[1].append((x, html.unescape(word)))
        pages.append([sorted(words) for _y, words in sorted(lines)])
    return pages


def table_rows(pdf, headings):
    """Every row of the tables headed by ``headings`` (e.g. Ref | Action | Due by | RAG),
    as dicts keyed by heading. Words go to the column whose heading starts at or left of
    them (from the word boxes of each repeated header line); wrapped cells join their
    row, and a row whose first cell is empty (an action's second printed row) joins the
    row above."""
    header_words = " ".join(headings).split()
    rows = []
    for page in page_lines(pdf):
        starts = None
        for words in page:
            texts = [w for _x, w in words]
            if texts == header_words:
                starts, at = [], 0
                for heading in headings:
                    starts.append(words[at][0])
                    at += len(heading.split())
                continue
            if starts is None:
                continue
            cells = [[] for _ in headings]
            for x, word in words:
                column = max(i for i, start in enumerate(starts) if start <= x + 1.5 or i == 0)
                cells[column].append(word)
            cells = [" ".join(c) for c in cells]
            if REF.match(cells[0]):
                rows.append(dict(zip(headings, cells, strict=True)))
            elif rows and not cells[0] and any(cells[1:]):
                for heading, cell in zip(headings[1:], cells[1:], strict=True):
                    if cell:
                        rows[-1][heading] = f"{rows[-1][heading]} {cell}".strip()
            else:
                starts = None  # the table ended (a heading, a footer)
    return rows


def appendix1_rows(pdf):
    """Every action row of an exported Appendix 1: {"ref", "title", "due", "rag"}."""
    return [
        {"ref": r["Ref"], "title": r["Action"], "due": r["Due by"], "rag": r["RAG"]}
        for r in table_rows(pdf, ["Ref", "Action", "Due by", "RAG"])
    ]


def structure_types(pdf):
    """Counts of the tagged structure elements ("/Table", "/TH", …), and how many data
    cells name their header cells (/Headers pointing at the /ID of /TH elements, the way
    WeasyPrint ties a cell to its column and row headers)."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    counts = {}
    header_ids, headed = set(), []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
            return
        if not hasattr(node, "get"):
            return
        kind = node.get("/S")
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
            if kind == "/TH" and node.get("/ID") is not None:
                header_ids.add(str(node["/ID"]))
            attrs = node.get("/A")
            attrs = attrs.get_object() if attrs is not None else None
            if kind == "/TD" and attrs is not None and attrs.get("/Headers") is not None:
                headed.append([str(h) for h in attrs["/Headers"]])
        kids = node.get("/K")
        if kids is not None and depth < 200:
            walk(kids, depth + 1)

    walk(root["/StructTreeRoot"])
    return counts, header_ids, headed

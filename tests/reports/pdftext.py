"""Reading exported PDFs back in tests: text by pdftotext (poppler-utils), the
structure tree by pypdf, and Appendix 1's tables parsed row by row from the text."""

import calendar
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


def appendix1_rows(pdf):
    """Every action row of an exported Appendix 1: {"ref", "title", "due", "rag"}.

    Columns are cut at the positions of the "Action", "Due by" and "RAG" headings in the
    table's repeated header line, so wrapped titles join their row.
    """
    rows = []
    for page in pages_text(pdf):
        cuts = None
        for line in page.split("\n"):
            header = re.match(r"^(\s*)Ref\s+Action\s+Due by\s+RAG\s*$", line)
            if header:
                cuts = (line.index("Action"), line.index("Due by"), line.index("RAG"))
                continue
            if cuts is None or not line.strip():
                continue
            cells = [
                line[: cuts[0]].strip(),
                line[cuts[0] : cuts[1]].strip(),
                line[cuts[1] : cuts[2]].strip(),
                line[cuts[2] :].strip(),
            ]
            if REF.match(cells[0]):
                rows.append(dict(zip(("ref", "title", "due", "rag"), cells, strict=True)))
            elif rows and not cells[0] and any(cells[1:]):
                # A wrapped cell: join each column's words onto the row above.
                for name, cell in zip(("title", "due", "rag"), cells[1:], strict=True):
                    if cell:
                        rows[-1][name] = f"{rows[-1][name]} {cell}".strip()
            else:
                cuts = None  # the table ended (a heading, a footer)
    return rows


def structure_types(pdf):
    """Counts of the tagged structure elements ("/Table", "/TH", …) and the /Scope
    attributes of the header cells."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    counts, scopes = {}, {}

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
            if kind == "/TH":
                attrs = node.get("/A")
                attrs = attrs.get_object() if attrs is not None else {}
                if isinstance(attrs, list):
                    attrs = {k: v for a in attrs for k, v in a.get_object().items()}
                scope = attrs.get("/Scope", "none")
                scopes[scope] = scopes.get(scope, 0) + 1
        kids = node.get("/K")
        if kids is not None and depth < 200:
            walk(kids, depth + 1)

    walk(root["/StructTreeRoot"])
    return counts, scopes, root

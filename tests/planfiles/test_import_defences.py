"""Plan files refused before they are read, and formulas refused cell by cell."""

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook

from improvement.planfiles.checks import MAX_BYTES, MAX_COLUMNS, ImportRefused, check_upload
from improvement.planfiles.reading import read_plan_file
from improvement.scorecard.import_checks import MAX_UNCOMPRESSED

HEAD = ["Ref", "Action", "Lead officer", "Due date", "RAG"]
LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol1;</t></is></c></row></sheetData></worksheet>
"""


def tracker(rows=None):
    wb = Workbook()
    for row in rows or [HEAD, ["1", "Audit files", "PSW", "March 2026", "Green"]]:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(data, replace=None, add=None):
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, (replace or {}).get(item.filename, src.read(item.filename)))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def refusal(name, data):
    with pytest.raises(ImportRefused) as caught:
        read_plan_file(name, data, title="Plan")
    return str(caught.value)


def test_a_plain_tracker_and_a_plain_csv_pass():
    assert check_upload("plan.xlsx", tracker()) == "xlsx"
    assert check_upload("plan.csv", b"Ref,Action\r\n1,Audit files\r\n") == "csv"


def test_other_kinds_of_file_are_refused_naming_xlsx_and_csv():
    message = refusal("plan.docx", b"PK\x03\x04")
    assert "(.xlsx) and comma-separated files (.csv)" in message
    assert "a .docx extension" in message
    assert "no extension" in refusal("plan", b"x")


def test_an_oversized_file_is_refused():
    assert "the largest workbook accepted is 5.0 MB" in refusal(
        "big.xlsx", b"PK" + b"\0" * MAX_BYTES
    )
    big_csv = b"Ref,Action\r\n" + b"1,Audit files\r\n" * (MAX_BYTES // 15 + 1)
    assert "the largest file accepted is 5.0 MB" in refusal("big.csv", big_csv)


def test_a_zip_bomb_is_refused_from_its_declared_size():
    bomb = rezip(tracker(), add={"xl/media/zeros.bin": b"\0" * (MAX_UNCOMPRESSED + 2**20)})
    assert len(bomb) < MAX_BYTES
    assert "looks like a zip bomb" in refusal("bomb.xlsx", bomb)


def test_a_macro_enabled_workbook_is_refused_by_name_and_by_content():
    assert "macro-enabled workbook (.xlsm)" in refusal("plan.xlsm", tracker())
    with_macros = rezip(tracker(), add={"xl/vbaProject.bin": b"\x01" * 64})
    assert "contains macros" in refusal("plan.xlsx", with_macros)


def test_a_doctype_in_the_sheet_xml_is_refused_before_parsing():
    laughs = rezip(tracker(), replace={"xl/worksheets/sheet1.xml": LAUGHS})
    assert "billion laughs" in refusal("laughs.xlsx", laughs)


def test_a_formula_in_the_workbook_is_a_problem_naming_its_cell():
    data = tracker([HEAD, ["1", "Audit files", "PSW", "=TODAY()+30", "Green"]])
    result = read_plan_file("plan.xlsx", data, title="Plan")
    assert result.plan is None
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "Due date")
    assert problem.message == "D2 is a formula; type the value itself."


def test_a_cell_starting_with_equals_in_a_csv_is_refused_the_same_way():
    out = io.StringIO()
    csv.writer(out).writerows(
        [HEAD, ["1", '=HYPERLINK("http://x","Audit")', "PSW", "May 2026", "Green"]]
    )
    result = read_plan_file("plan.csv", out.getvalue().encode(), title="Plan")
    assert result.plan is None
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "Action")
    assert problem.message == "B2 is a formula; type the value itself."


def test_a_binary_or_empty_csv_is_refused():
    assert "not a text file" in refusal("plan.csv", b"Ref,Action\r\n1,\0\0\r\n")
    assert "renamed to .csv" in refusal("plan.csv", tracker())
    assert "is empty" in refusal("plan.csv", b"")
    assert "is empty" in refusal("plan.csv", b"\xef\xbb\xbf \r\n")


def test_a_csv_with_too_many_columns_is_refused():
    wide = ",".join(["x"] * (MAX_COLUMNS + 1)).encode()
    assert f"the most accepted is {MAX_COLUMNS}" in refusal("plan.csv", wide)


EXTERNAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>
"""
# Ten "lol"s to the fourth: 30,000 characters from a declaration of a few hundred bytes.
ENTITIES = '<!ENTITY l0 "lol">' + "".join(
    f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 5)
)


def workbook_part_renamed(data, body):
    """The workbook with its workbook part moved to xl/workbook.bin (as the content types
    and package relationships allow, so openpyxl still parses it) and replaced by
    ``body``: a name that does not end in .xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        types = src.read("[Content_Types].xml").replace(b"/xl/workbook.xml", b"/xl/workbook.bin")
        rels = src.read("_rels/.rels").replace(b"xl/workbook.xml", b"xl/workbook.bin")
    data = rezip(data, replace={"[Content_Types].xml": types, "_rels/.rels": rels})
    out = io.BytesIO()
    moves = {"xl/workbook.xml": "xl/workbook.bin"}
    moves["xl/_rels/workbook.xml.rels"] = "xl/_rels/workbook.bin.rels"
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            name = moves.get(item.filename, item.filename)
            dst.writestr(name, body if name == "xl/workbook.bin" else src.read(item.filename))
    return out.getvalue()


def workbook_xml_with(declarations, sheet_name):
    with zipfile.ZipFile(io.BytesIO(tracker())) as src:
        xml = src.read("xl/workbook.xml").decode()
    xml = xml.replace('name="Sheet"', f'name="{sheet_name}"', 1)
    return f'<?xml version="1.0"?><!DOCTYPE w [{declarations}]>{xml}'.encode()


def test_an_external_entity_in_the_sheet_xml_is_refused_before_parsing():
    hostile = rezip(tracker(), replace={"xl/worksheets/sheet1.xml": EXTERNAL})
    message = refusal("passwd.xlsx", hostile)
    assert "contains an XML document type declaration in xl/worksheets/sheet1.xml" in message
    assert "root:" not in message


def test_openpyxl_reads_workbooks_with_defusedxml_even_though_lxml_is_installed():
    import lxml  # noqa: F401  (python-docx brings it; openpyxl would switch to it)
    import openpyxl
    from openpyxl.xml import functions

    assert (openpyxl.LXML, openpyxl.DEFUSEDXML) == (False, True)
    assert functions.fromstring.__module__.startswith("defusedxml")


HIDDEN_PART_REFUSAL = (
    "hidden.xlsx contains an XML document type declaration in xl/workbook.bin, which "
    "Excel never writes; it can be used to make a file expand without limit (a “billion "
    "laughs” attack), so it was not opened."
)


def test_entities_in_a_workbook_part_not_named_xml_are_refused_by_the_check():
    hostile = workbook_part_renamed(tracker(), workbook_xml_with(ENTITIES, "Sheet&l4;"))
    assert refusal("hidden.xlsx", hostile) == HIDDEN_PART_REFUSAL


def test_an_external_entity_in_a_workbook_part_not_named_xml_is_refused_by_the_check():
    body = workbook_xml_with('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "&xxe;")
    assert refusal("hidden.xlsx", workbook_part_renamed(tracker(), body)) == HIDDEN_PART_REFUSAL


def test_a_workbook_part_not_named_xml_in_utf16_without_a_byte_order_mark_is_refused():
    body = workbook_xml_with(ENTITIES, "Sheet&l4;").decode().encode("utf-16-le")
    message = refusal("hidden.xlsx", workbook_part_renamed(tracker(), body))
    assert message.startswith(
        "hidden.xlsx: xl/workbook.bin is written in UTF-16 or UTF-32 without a byte order mark"
    )


@pytest.mark.parametrize(
    "before",
    [b"<!-- <a -->", b"<?x <a ?>", b"<?x?><!----><!-- <worksheet> -->"],
)
def test_a_doctype_behind_a_comment_or_instruction_that_looks_like_an_element_is_refused(
    before,
):
    laughs = LAUGHS.replace(b"?>\n<!DOCTYPE", b"?>" + before + b"<!DOCTYPE")
    assert before + b"<!DOCTYPE lolz" in laughs
    message = refusal("laughs.xlsx", rezip(tracker(), replace={"xl/worksheets/sheet1.xml": laughs}))
    assert message.startswith(
        "laughs.xlsx contains an XML document type declaration in xl/worksheets/sheet1.xml"
    )

"""Files refused before openpyxl opens them, each with its own clear message."""

import io
import os
import zipfile

import openpyxl
import pytest
from defusedxml import DefusedXmlException

from improvement.scorecard.import_checks import (
    MAX_BYTES,
    MAX_ENTRIES,
    MAX_UNCOMPRESSED,
    ImportRefused,
    check_file,
)
from improvement.scorecard.importing import plan_import

from .conftest import rezip

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
"""


def refusal(name, data, plan=None):
    with pytest.raises(ImportRefused) as caught:
        if plan is None:
            check_file(name, data)
        else:
            plan_import(plan, name, data)
    return str(caught.value)


def test_a_plain_exported_workbook_passes_the_checks(exported):
    check_file("scorecard.xlsx", exported)


def test_a_macro_enabled_xlsm_is_refused_by_name(exported):
    assert "macro-enabled workbook (.xlsm)" in refusal("figures.xlsm", exported)


def test_other_extensions_are_refused(exported):
    assert "a .csv extension" in refusal("figures.csv", exported)
    assert "no extension" in refusal("figures", exported)


def test_an_empty_file_is_refused():
    assert "is empty" in refusal("figures.xlsx", b"")


def test_a_file_over_the_size_cap_is_refused_before_anything_else():
    message = refusal("big.xlsx", b"PK" + b"\0" * MAX_BYTES)
    assert "the largest workbook accepted is 5.0 MB" in message


def test_a_renamed_non_zip_file_is_refused():
    message = refusal("figures.xlsx", b"ID,Indicator,Oct-24\n1,Early help,84.0%\n")
    assert "not a zip archive" in message or "is not one" in message


def test_an_old_xls_renamed_to_xlsx_is_named_as_such():
    message = refusal("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "Excel 97–2003 (.xls)" in message


def test_a_zip_bomb_is_refused_from_its_declared_sizes(exported):
    # 60 MB of zeros compresses to about 60 KB; nothing is decompressed to find out.
    bomb = rezip(exported, add={"xl/media/zeros.bin": b"\0" * (MAX_UNCOMPRESSED + 10 * 2**20)})
    assert len(bomb) < MAX_BYTES
    assert "looks like a zip bomb" in refusal("bomb.xlsx", bomb)


def test_a_zip_with_too_many_entries_is_refused(exported):
    crowded = rezip(exported, add={f"xl/media/{n}.txt": b"x" for n in range(MAX_ENTRIES)})
    assert f"the limit is {MAX_ENTRIES}" in refusal("crowded.xlsx", crowded)


def test_a_billion_laughs_workbook_is_refused_before_parsing(exported):
    laughs = rezip(exported, replace={"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    assert "billion laughs" in refusal("laughs.xlsx", laughs)


def test_defusedxml_is_the_second_line_against_entity_expansion(exported):
    # Were the pre-check skipped, openpyxl itself would refuse: defusedxml is installed
    # and openpyxl uses it.
    assert openpyxl.DEFUSEDXML is True
    laughs = rezip(exported, replace={"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    with pytest.raises(Exception) as caught:  # openpyxl wraps it in a ValueError
        wb = openpyxl.load_workbook(io.BytesIO(laughs), read_only=True)
        list(wb["Scorecard"].iter_rows(values_only=True))
    causes, error = [], caught.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, DefusedXmlException) for e in causes)


def test_a_doctype_hidden_behind_a_long_comment_is_still_refused(exported):
    padded = b"<?xml version='1.0'?><!--" + b"x" * (70 * 1024) + b"-->" + BILLION_LAUGHS[39:]
    sneaky = rezip(exported, replace={"xl/worksheets/sheet1.xml": padded})
    assert "was not opened" in refusal("sneaky.xlsx", sneaky)


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32")],
)
def test_a_doctype_in_utf16_or_utf32_without_a_byte_order_mark_is_refused(
    exported, encoding, declared
):
    laughs = BILLION_LAUGHS.decode().replace("UTF-8", declared).encode(encoding)
    assert not laughs.startswith((b"\xff\xfe", b"\xfe\xff"))  # no byte order mark
    sneaky = rezip(exported, replace={"xl/worksheets/sheet1.xml": laughs})
    message = refusal("sneaky.xlsx", sneaky)
    assert message == (
        "sneaky.xlsx: xl/worksheets/sheet1.xml is written in UTF-16 or UTF-32 without a "
        "byte order mark, which Excel never writes; it could hide an XML document type "
        "declaration (a “billion laughs” attack) from this check, so it was not opened."
    )


def test_an_xml_part_declaring_an_encoding_excel_never_writes_is_refused(exported):
    import base64

    # The declaration is ASCII; everything after it, "<!DOCTYPE" too, is UTF-7 (one
    # base64 run of its UTF-16: "+…-").
    body = base64.b64encode(BILLION_LAUGHS[39:].decode().encode("utf-16-be")).rstrip(b"=")
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>+' + body + b"-"
    assert b"<!DOCTYPE" not in utf7
    sneaky = rezip(exported, replace={"xl/worksheets/sheet1.xml": utf7})
    assert refusal("sneaky.xlsx", sneaky) == (
        "sneaky.xlsx: xl/worksheets/sheet1.xml declares the encoding “UTF-7”, which "
        "Excel never writes; it was not opened."
    )


def test_a_workbook_with_macros_renamed_to_xlsx_is_refused(exported):
    with_macros = rezip(exported, add={"xl/vbaProject.bin": os.urandom(64)})
    assert "contains macros" in refusal("macros.xlsx", with_macros)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "hello")
    assert "not an Excel workbook" in refusal("notes.xlsx", out.getvalue())


def test_a_damaged_workbook_is_refused_with_the_reason(plan, exported):
    broken = rezip(exported, replace={"xl/workbook.xml": b"<workbook><sheets>"})
    assert "could not be read as an Excel workbook" in refusal("broken.xlsx", broken, plan)


EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>
"""


def test_an_external_entity_in_the_sheet_xml_is_refused_before_parsing(plan, exported):
    hostile = rezip(exported, replace={"xl/worksheets/sheet1.xml": EXTERNAL_ENTITY})
    message = refusal("passwd.xlsx", hostile, plan)
    assert "contains an XML document type declaration in xl/worksheets/sheet1.xml" in message
    assert "root:" not in message


def hidden_workbook_part(data, declarations, sheet_name):
    """The workbook part moved to xl/workbook.bin (as the content types and relationships
    allow, so openpyxl still parses it), with a document type declaration and the
    Scorecard sheet renamed to ``sheet_name``."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {item.filename: src.read(item.filename) for item in src.infolist()}
    xml = parts.pop("xl/workbook.xml").decode().replace('name="Scorecard"', f'name="{sheet_name}"')
    assert sheet_name in xml
    parts["xl/workbook.bin"] = f'<?xml version="1.0"?><!DOCTYPE w [{declarations}]>{xml}'.encode()
    parts["xl/_rels/workbook.bin.rels"] = parts.pop("xl/_rels/workbook.xml.rels")
    for name in ("[Content_Types].xml", "_rels/.rels"):
        parts[name] = parts[name].replace(b"xl/workbook.xml", b"xl/workbook.bin")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            dst.writestr(name, body)
    return out.getvalue()


HIDDEN_PART_REFUSAL = (
    "hidden.xlsx contains an XML document type declaration in xl/workbook.bin, which "
    "Excel never writes; it can be used to make a file expand without limit (a “billion "
    "laughs” attack), so it was not opened."
)


def test_entities_in_a_workbook_part_not_named_xml_are_refused_by_the_check(plan, exported):
    # Ten "lol"s to the fourth: 30,000 characters from a few hundred bytes.
    lols = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 5)
    )
    hostile = hidden_workbook_part(exported, lols, "Scorecard&l4;")
    assert refusal("hidden.xlsx", hostile) == HIDDEN_PART_REFUSAL
    assert refusal("hidden.xlsx", hostile, plan) == HIDDEN_PART_REFUSAL


def test_an_external_entity_in_a_workbook_part_not_named_xml_is_refused_by_the_check(
    plan, exported
):
    xxe = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    hostile = hidden_workbook_part(exported, xxe, "&xxe;")
    assert refusal("hidden.xlsx", hostile, plan) == HIDDEN_PART_REFUSAL


@pytest.mark.parametrize(
    "before",
    [
        b"<!-- <a -->",  # a comment holding what looks like the root element's start
        b"<?x <a ?>",  # a processing instruction holding the same
        b"\n<!-- one -->\n<?x y?>\n<!--<b-->\n",  # several, with whitespace between
    ],
)
def test_a_doctype_behind_a_comment_or_instruction_that_looks_like_an_element_is_refused(
    plan, exported, before
):
    laughs = BILLION_LAUGHS.replace(b"?>\n<!DOCTYPE", b"?>" + before + b"<!DOCTYPE")
    assert before + b"<!DOCTYPE lolz" in laughs
    hostile = rezip(exported, replace={"xl/worksheets/sheet1.xml": laughs})
    assert refusal("sneaky.xlsx", hostile, plan) == (
        "sneaky.xlsx contains an XML document type declaration in xl/worksheets/sheet1.xml, "
        "which Excel never writes; it can be used to make a file expand without limit (a "
        "“billion laughs” attack), so it was not opened."
    )


def test_a_doctype_in_a_part_with_a_byte_order_mark_and_an_odd_name_is_refused(exported):
    hostile = rezip(exported, add={"xl/custom.dat": b"\xef\xbb\xbf \r\n" + EXTERNAL_ENTITY})
    assert "declaration in xl/custom.dat" in refusal("odd.xlsx", hostile)


def test_binary_parts_are_not_read_as_xml(exported):
    # The first bytes of the binary parts a workbook carries: a PNG, a JPEG, an EMF and
    # printer settings (a Windows DEVMODE, starting with the printer's name in UTF-16).
    binaries = {
        "xl/media/image1.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
        "xl/media/image2.jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64,
        "xl/media/image3.emf": b"\x01\x00\x00\x00l\x00\x00\x00" + b"\x00" * 64,
        "xl/printerSettings/printerSettings1.bin": "HP LaserJet".encode("utf-16-le")
        + b"\x00" * 200,
        "xl/media/blank.bin": b"\x00" * 8192,
    }
    check_file("pictures.xlsx", rezip(exported, add=binaries))

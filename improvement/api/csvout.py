"""A list endpoint's rows as CSV: a header row of the schema's field names, then one
line per row, streamed.

Each value goes through the schema first (so CSV and JSON agree: ISO dates, numbers as
numbers), lists of words are joined with "; ", and text a spreadsheet would run as a
formula is written as text with a leading apostrophe (``governance.xlsx.safe``, the
rule the product's other exports share). Numbers are left alone: "-1292" is a number to
a spreadsheet, not a formula. UTF-8 without a byte order mark, as BI tools expect; the
charset is in the Content-Type.
"""

import csv

from django.http import StreamingHttpResponse

from improvement.governance.xlsx import safe


class _Echo:
    """csv.writer's file: hands each written line back instead of keeping it."""

    def write(self, value):
        return value


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return safe(value)
    return value


def csv_lines(schema, rows):
    writer = csv.writer(_Echo())
    names = list(schema.model_fields)
    yield writer.writerow(names)
    for row in rows:
        dumped = schema.model_validate(row).model_dump(mode="json")
        yield writer.writerow([cell(dumped[name]) for name in names])


def csv_response(schema, rows, filename):
    response = StreamingHttpResponse(
        csv_lines(schema, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

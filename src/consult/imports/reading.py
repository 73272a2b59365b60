"""Reading a file of offline comments or appeals, in a format (formats.py,
appeal_rows.py), into rows to import and the rows rejected with their
reasons; writing the rejected rows back as CSV for whoever fixes them.

A file is CSV text (UTF-8) or an Excel workbook (.xlsx, its first sheet),
told apart by its first bytes, never by its name: an .xlsx is a ZIP archive.
Both become the same lists of text cells, so a format reads either."""

import csv
import io
from datetime import date, datetime, time

from openpyxl import load_workbook

from ..i18n import _
from .formats import FormatError, Rejection, RowRejected

ZIP_MAGIC = b"PK\x03\x04"


def read_file(path, fmt):
    """(rows, rejections, number of data rows) of the CSV file or workbook
    at `path` (`read_stream`)."""
    try:
        with open(path, "rb") as probe:
            workbook = is_workbook(probe.read(len(ZIP_MAGIC)))
        if workbook:
            with open(path, "rb") as book:
                return read_bytes(book.read(), fmt, path)
        stream = open(path, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise FormatError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        return read_stream(stream, fmt, path)


def is_workbook(data):
    return data[:4] == ZIP_MAGIC


def read_bytes(data, fmt, name):
    """(rows, rejections, number of data rows) of an uploaded file's bytes,
    CSV or a workbook (`read_stream`); `name` is what messages call the file."""
    if is_workbook(data):
        return read_rows(_trimmed(workbook_rows(data, name)), fmt, name)
    with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="") as stream:
        return read_stream(stream, fmt, name)


def _cell_text(value):
    """A workbook cell as the text a CSV export would hold: dates in ISO
    8601 (imports.dates reads them unambiguously), 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_rows(data, name):
    """The first sheet of the .xlsx `data` as lists of text cells;
    FormatError when it is not a workbook openpyxl can read."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl's own errors alike
        raise FormatError(f"{name} is not an Excel workbook (.xlsx): {error}") from None
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        book.close()


def header_reader(data, name):
    """The rows of an uploaded file to read its header from, without
    decoding more of a CSV file than its first line."""
    if is_workbook(data):
        return workbook_rows(data, name)
    first_line = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    return csv.reader(io.StringIO(first_line))


def read_header(reader, fmt, name):
    """(header, {field: column}) from the first row of a csv.reader;
    FormatError when the file is empty or lacks a column `fmt` needs."""
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError(f"{name} is empty") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise FormatError(f"{name}: {error}") from None
    header = [column.strip() for column in header]
    return header, fmt.check_header(header)


def read_stream(stream, fmt, name):
    """(rows, rejections, number of data rows) of the CSV text `stream`."""
    return read_rows(csv.reader(stream), fmt, name)


def _trimmed(reader):
    """A workbook's rows end in empty cells up to its widest row: cut them
    to the header's width so that they read as CSV rows do."""
    header = None
    for values in reader:
        if header is None:
            while values and not values[-1].strip():
                values = values[:-1]
            header = len(values)
        elif len(values) > header and not any(v.strip() for v in values[header:]):
            values = values[:header]
        elif len(values) < header:
            values = values + [""] * (header - len(values))
        yield values


def _duplicate(fmt, number):
    own = getattr(fmt, "duplicate_of", None)
    if own is not None:
        return own(number)
    return _("the same comment as row ${row}", mapping={"row": str(number)})


def read_rows(reader, fmt, name):
    """(rows, rejections, number of data rows) of `reader`, an iterator of
    lists of text cells (a csv.reader or `workbook_rows`). A row whose key
    another row of the file has already is rejected as a duplicate of that
    row (`fmt.duplicate_of(number)` may say so in its own words)."""
    rows, rejections, seen = [], [], {}
    header, columns = read_header(reader, fmt, name)
    number, count = 1, 0
    while True:
        number += 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            count += 1
            rejections.append(
                Rejection.of(number, _("not valid CSV: ${error}", mapping={"error": str(error)}))
            )
            continue
        except UnicodeDecodeError:
            rejections.append(
                Rejection.of(number, _("not UTF-8 text; the rest of the file cannot be read"))
            )
            break
        if not any(value.strip() for value in values):
            continue  # a blank line is not a comment
        count += 1
        cells = dict(zip(header, values, strict=False))
        if len(values) != len(header):
            rejections.append(
                Rejection.of(
                    number,
                    _(
                        "${cells} cells where the header has ${columns}",
                        mapping={"cells": str(len(values)), "columns": str(len(header))},
                    ),
                    cells,
                )
            )
            continue
        try:
            row = fmt.row(number, cells, columns)
        except RowRejected as error:
            rejections.append(Rejection.of(number, error.message, cells))
            continue
        if row.key in seen:
            rejections.append(
                Rejection.of(
                    number,
                    _duplicate(fmt, seen[row.key]),
                    cells,
                )
            )
            continue
        seen[row.key] = number
        rows.append(row)
    return rows, rejections, count


def rejections_csv(rejected):
    """The rejected rows as CSV text: row, reason, then the row's own
    cells; `rejected` holds (row number, reason, {column: cell})."""
    rejected, columns = list(rejected), []
    for _number, _reason, cells in rejected:
        for column in cells:
            if column not in columns:
                columns.append(column)
    output = io.StringIO(newline="")
    writer = csv.writer(output)
    writer.writerow(["row", "reason", *columns])
    for number, reason, cells in rejected:
        writer.writerow([number, reason, *(cells.get(column, "") for column in columns)])
    return output.getvalue()


def write_rejections(path, rejections):
    """The rejected rows as CSV (`rejections_csv`) in the file at `path`."""
    text = rejections_csv((r.number, r.reason, r.cells) for r in rejections)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)

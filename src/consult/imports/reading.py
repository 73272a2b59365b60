"""Reading a CSV file of offline comments, in a format (formats.py), into
rows to import and the rows rejected with their reasons; writing the
rejected rows back as CSV for whoever fixes them."""

import csv
import io

from ..i18n import _
from .formats import FormatError, Rejection, RowRejected


def read_file(path, fmt):
    """(rows, rejections, number of data rows) of the CSV file at `path`
    (`read_stream`)."""
    try:
        stream = open(path, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise FormatError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        return read_stream(stream, fmt, path)


def read_bytes(data, fmt, name):
    """(rows, rejections, number of data rows) of an uploaded file's bytes
    (`read_stream`); `name` is what messages call the file."""
    with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="") as stream:
        return read_stream(stream, fmt, name)


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
    """(rows, rejections, number of data rows) of the CSV text `stream`.
    A row whose key another row of the file has already is rejected as a
    duplicate of that row."""
    rows, rejections, seen = [], [], {}
    reader = csv.reader(stream)
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
                    _("the same comment as row ${row}", mapping={"row": str(seen[row.key])}),
                    cells,
                )
            )
            continue
        seen[row.key] = number
        rows.append(row)
    return rows, rejections, count


def write_rejections(path, rejections):
    """The rejected rows as CSV: row, reason, then the row's own cells."""
    columns = []
    for rejection in rejections:
        for column in rejection.cells:
            if column not in columns:
                columns.append(column)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["row", "reason", *columns])
        for rejection in rejections:
            writer.writerow(
                [
                    rejection.number,
                    rejection.reason,
                    *(rejection.cells.get(column, "") for column in columns),
                ]
            )

"""The CSV and XLSX writers of the exports: formula guard, BOM, chunks, pseudonyms."""

import csv
import io

import pytest
from openpyxl import load_workbook

from consult.reports.exports import csv_chunks, pseudonym, safe_cell, xlsx_bytes


@pytest.mark.parametrize("text", ["=1+1", "+7 701 000", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formulas_are_defused(text):
    assert safe_cell(text) == "'" + text


def test_other_values():
    assert safe_cell("Нормальный текст = да") == "Нормальный текст = да"
    assert safe_cell(None) == "" and safe_cell(True) == "yes" and safe_cell(False) == "no"
    assert safe_cell(12) == "12"


def test_pseudonyms_are_stable_and_keyed():
    first = pseudonym("secret", "a1b2")
    assert first == pseudonym("secret", "a1b2") and first.startswith("p-") and len(first) == 18
    assert first != pseudonym("secret", "a1b3")
    assert first != pseudonym("another secret", "a1b2")
    assert "a1b2" not in first


def test_csv_streams_in_chunks_with_a_bom():
    rows = [[n, f"Текст {n}", "=bad"] for n in range(5)]
    chunks = list(csv_chunks(("id", "text", "formula"), rows, rows_per_chunk=2))
    assert len(chunks) == 3
    assert chunks[0].startswith("\ufeff".encode("utf-8"))
    assert not any(chunk.startswith(b"\xef\xbb\xbf") for chunk in chunks[1:])
    parsed = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert parsed[0] == ["id", "text", "formula"]
    assert parsed[1:] == [[str(n), f"Текст {n}", "'=bad"] for n in range(5)]


def test_xlsx_keeps_text_as_text():
    data = xlsx_bytes(("id", "text", "n"), [[2**52 + 1, "=1+1", 3], [1, "ok\x07", None]])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [cell.value for cell in rows[0]] == ["id", "text", "n"]
    assert rows[1][0].value == str(2**52 + 1), "long ids stay exact"
    assert rows[1][1].value == "=1+1" and rows[1][1].data_type == "s"
    assert rows[1][2].value == 3
    assert rows[2][1].value == "ok", "control characters are dropped"

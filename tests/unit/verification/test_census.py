"""Reading census files: headers, separators, bad rows by line, and hashes
that never hold the numbers."""

from datetime import date

import pytest

from consult import iin
from consult.verification.census import (
    CensusFileError,
    CensusRow,
    hashed_entries,
    iin_key,
    parse_census,
    surname_key,
)

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
BOLAT = iin.make(date(1984, 1, 2), "m", 345)
SECRET = "testing-secret"


def test_reads_iin_and_surname_columns_in_any_order():
    data = f"Surname;Region;IIN\nСерикова;Алматы;{ALIYA}\nBekov;Астана;{BOLAT[:6]} {BOLAT[6:]}\n"
    assert parse_census(data.encode("utf-8-sig")) == [
        (ALIYA, "Серикова", ""),
        (BOLAT, "Bekov", ""),
    ]


def test_surname_is_optional_and_russian_headers_are_understood():
    assert parse_census(f"ИИН\n{ALIYA}\n\n{BOLAT}\n".encode()) == [
        (ALIYA, "", ""),
        (BOLAT, "", ""),
    ]


def test_cp1251_files_are_read():
    data = f"iin,фамилия\n{ALIYA},Серикова\n".encode("cp1251")
    assert parse_census(data) == [(ALIYA, "Серикова", "")]


def test_a_kato_column_gives_each_person_their_territorys_code():
    data = f"ИИН;Фамилия;КАТО\n{ALIYA};Серикова;711 110 000\n{BOLAT};Bekov;\n"
    rows = parse_census(data.encode())
    assert rows == [(ALIYA, "Серикова", "711110000"), (BOLAT, "Bekov", "")]
    assert (rows[0].iin, rows[0].kato) == (ALIYA, "711110000")
    # Kept as it is, beside the keyed hashes: a territory, not a person.
    [(key, _surname, kato), (_other, _, none)] = hashed_entries(SECRET, rows)
    assert (kato, none) == ("711110000", "") and ALIYA not in key


def test_a_kato_code_that_is_not_nine_digits_is_a_bad_row():
    data = f"iin,kato\n{ALIYA},71111\n{BOLAT},7111100AB\n"
    with pytest.raises(CensusFileError) as caught:
        parse_census(data.encode())
    assert [(line, reason.default) for line, reason in caught.value.errors] == [
        (2, "the KATO code must have nine digits"),
        (3, "the KATO code must have nine digits"),
    ]


def test_bad_rows_are_reported_by_line_and_nothing_is_loaded():
    wrong_digit = ALIYA[:11] + str((int(ALIYA[11]) + 1) % 10)
    data = f"iin,surname\n{ALIYA},A\n{wrong_digit},B\n,C\n12345,D\n{BOLAT},E\n"
    with pytest.raises(CensusFileError) as caught:
        parse_census(data.encode())
    error = caught.value
    assert error.bad_rows == 3
    assert [
        (line, reason.default if hasattr(reason, "default") else reason)
        for line, reason in error.errors
    ] == [
        (3, "the check digit of the IIN is wrong"),
        (4, "the IIN is missing"),
        (5, "the IIN must have twelve digits"),
    ]
    assert error.message.mapping == {"count": 3}


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "The file is empty."),
        (b"name,surname\nA,B\n", 'The first line must name the columns, one of them "iin".'),
        (b"iin\n", "The file has no rows after its first line."),
        (b"\xff\xfe\x00i\x00i", None),
    ],
)
def test_files_that_cannot_be_loaded(data, reason):
    with pytest.raises(CensusFileError) as caught:
        parse_census(data)
    if reason is not None:
        assert caught.value.message == reason


def test_only_keyed_hashes_are_kept():
    [(key, surname, _kato)] = hashed_entries(SECRET, [CensusRow(ALIYA, "Серикова", "")])
    assert ALIYA not in key and "Серикова" not in surname
    assert len(key) == 64 and len(surname) == 64
    # The same person gives the same key however the number is typed...
    assert key == iin_key(SECRET, f"{ALIYA[:4]}-{ALIYA[4:]}")
    # ...and the surname whatever its case, ё or spaces.
    assert surname == surname_key(SECRET, "  СЕРИКОВА ")
    assert surname_key(SECRET, "Семёнова") == surname_key(SECRET, "Семенова")
    # Another secret gives other keys: the hashes cannot be checked without it.
    assert key != iin_key("another-secret", ALIYA)
    assert surname_key(SECRET, "") == ""

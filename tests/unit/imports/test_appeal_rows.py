"""Reading an organisation's register of received appeals
(imports.appeal_rows): the column mapping, the words of channel, kind and
"public" in three languages, what a row alone refuses, and duplicates of a
registration number within the file."""

from datetime import UTC, datetime

import pytest

from consult.imports.appeal_rows import FIELDS, appeal_format
from consult.imports.formats import FormatError
from consult.imports.reading import read_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def read(text, mapping="", **options):
    fmt = appeal_format(mapping, now=NOW, **options)
    return read_bytes(text.encode("utf-8"), fmt, "register.csv")


def test_the_mapping_names_the_columns_of_each_field():
    fmt = appeal_format("id=Рег. №, received=Дата,text=Суть", channel="paper", kind="request")
    assert fmt.columns["id"] == "Рег. №"
    assert fmt.columns["received"] == "Дата"
    assert fmt.columns["text"] == "Суть"
    assert fmt.columns["kato"] == "kato"  # unmapped fields keep their own name
    rows, rejections, count = read(
        "Рег. №,Дата,Суть,category,kato\n17/2,10.02.2026,Нет света,roads,710000000\n",
        "id=Рег. №,received=Дата,text=Суть",
        channel="paper",
        kind="request",
    )
    assert (count, rejections) == (1, [])
    (row,) = rows
    assert (row.key, row.text, row.channel, row.kind) == ("17/2", "Нет света", "paper", "request")
    assert row.received == datetime(2026, 2, 9, 19, 0, tzinfo=UTC)  # Almaty midnight
    assert row.public is False  # private unless the file or the options say otherwise


@pytest.mark.parametrize(
    "mapping", ["nosuch=Column", "id", "text="], ids=["unknown field", "no column", "empty"]
)
def test_a_mapping_that_names_no_field_is_refused(mapping):
    with pytest.raises(FormatError, match="is not field=Column"):
        appeal_format(mapping)
    assert "contact" in FIELDS


def test_a_file_without_a_required_column_or_channel_is_refused():
    with pytest.raises(FormatError, match="no column 'kato'"):
        read("id,received,category,text\n1,10.02.2026,roads,x\n", channel="phone", kind="request")
    with pytest.raises(FormatError, match="how these appeals were received"):
        read("id,received,category,kato,text\n1,10.02.2026,roads,1,x\n", kind="request")
    with pytest.raises(FormatError, match="channel 'fax'"):
        appeal_format(channel="fax")


HEADER = "id,received,channel,kind,category,kato,text,public\n"


@pytest.mark.parametrize(
    ("channel", "kind", "public", "expected"),
    [
        ("Телефон", "Жалоба", "да", ("phone", "complaint", True)),
        ("хат", "өтініш", "жоқ", ("paper", "request", False)),
        ("Личный  приём", "proposal", "", ("visit", "proposal", False)),
        ("PHONE", "Feedback", "Yes", ("phone", "feedback", True)),
    ],
)
def test_channel_kind_and_public_are_read_in_three_languages(channel, kind, public, expected):
    rows, rejections, _count = read(
        HEADER + f"1,10.02.2026,{channel},{kind},roads,710000000,Text,{public}\n"
    )
    assert rejections == []
    assert (rows[0].channel, rows[0].kind, rows[0].public) == expected


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (",10.02.2026,phone,complaint,roads,1,Text,", "no registration number"),
        ("1,10.02.2026,phone,complaint,roads,1,,", "the text is empty"),
        ("1,,phone,complaint,roads,1,Text,", "no date"),
        ("1,someday,phone,complaint,roads,1,Text,", "date 'someday' is not understood"),
        ("1,10.03.2026,phone,complaint,roads,1,Text,", "is in the future"),
        ("1,10.02.2026,fax,complaint,roads,1,Text,", "channel 'fax' is not one of"),
        ("1,10.02.2026,phone,praise,roads,1,Text,", "kind 'praise' is not one of"),
        ("1,10.02.2026,phone,complaint,roads,1,Text,maybe", "public 'maybe' is not yes or no"),
    ],
)
def test_a_row_is_refused_with_its_reason(cells, reason):
    rows, rejections, count = read(HEADER + cells + "\n")
    assert rows == [] and count == 1
    (rejection,) = rejections
    assert rejection.number == 2
    assert reason in rejection.reason


def test_the_same_registration_number_twice_in_a_file_is_refused_the_second_time():
    rows, rejections, _count = read(
        HEADER
        + "A-1,10.02.2026,phone,complaint,roads,1,First,\n"
        + "A-1,11.02.2026,phone,complaint,roads,1,Second,\n"
    )
    assert [row.text for row in rows] == ["First"]
    assert [(r.number, r.reason) for r in rejections] == [
        (3, "the same registration number as row 2")
    ]

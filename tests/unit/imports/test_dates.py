"""The dates of imported rows in the forms real exports write them."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from consult.imports.dates import DateNotUnderstood, parse_date, zone_named

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO: never read day first.
        ("2018-02-03", datetime(2018, 2, 2, 18, 0, tzinfo=UTC)),
        ("2018-02-13 12:58", datetime(2018, 2, 13, 6, 58, tzinfo=UTC)),
        ("2018-02-13T12:58:16+07:00", datetime(2018, 2, 13, 5, 58, 16, tzinfo=UTC)),
        ("2018-02-13T05:58:16Z", datetime(2018, 2, 13, 5, 58, 16, tzinfo=UTC)),
        # Day first, as Kazakh, Russian and most European exports write it.
        ("13.02.2018", datetime(2018, 2, 12, 18, 0, tzinfo=UTC)),
        ("03.02.2018 14:30", datetime(2018, 2, 3, 8, 30, tzinfo=UTC)),
        ("03/02/2018", datetime(2018, 2, 2, 18, 0, tzinfo=UTC)),
        # date(1) and Java's Date.toString(), with the zone's abbreviation.
        ("Tue Feb 13 12:58:16 WIB 2018", datetime(2018, 2, 13, 5, 58, 16, tzinfo=UTC)),
        ("Tue Feb 13 12:58:16 UTC 2018", datetime(2018, 2, 13, 12, 58, 16, tzinfo=UTC)),
        ("Tue Feb 13 12:58:16 ALMT 2018", datetime(2018, 2, 13, 6, 58, 16, tzinfo=UTC)),
        ("13 Feb 2018 12:58:16 +0300", datetime(2018, 2, 13, 9, 58, 16, tzinfo=UTC)),
        # Time since 1970: milliseconds (JavaScript, Polis) or seconds.
        ("1518501496000", datetime(2018, 2, 13, 5, 58, 16, tzinfo=UTC)),
        ("1518501496", datetime(2018, 2, 13, 5, 58, 16, tzinfo=UTC)),
    ],
)
def test_the_forms_of_real_exports(text, expected):
    # Without a zone of its own, a date is Almaty time (UTC+6 in 2018).
    assert parse_date(text) == expected


def test_a_date_without_zone_is_read_in_the_given_zone():
    assert parse_date("13.02.2018 12:58", JAKARTA) == datetime(2018, 2, 13, 5, 58, tzinfo=UTC)
    assert parse_date("2018-02-13", zone_named("UTC")) == datetime(2018, 2, 13, tzinfo=UTC)
    # A date that names its zone keeps it.
    assert parse_date("2018-02-13T12:00+00:00", JAKARTA) == datetime(2018, 2, 13, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no date"),
        ("yesterday", "date 'yesterday' is not understood (use 2026-03-01, "),
        ("31.02.2026", "date '31.02.2026' is not understood"),
        ("13", "date '13' lacks its day, month or year"),
        ("Feb 13", "date 'Feb 13' lacks its day, month or year"),
        ("Tue Feb 13 12:58:16 XYZT 2018", "time zone 'XYZT' is not known (write an offset"),
        ("99999999999999999999", "is not understood"),
    ],
)
def test_what_cannot_be_read_says_why(text, reason):
    with pytest.raises(DateNotUnderstood) as error:
        parse_date(text)
    assert reason in str(error.value)


def test_an_unknown_zone_name():
    with pytest.raises(DateNotUnderstood, match="unknown time zone 'Mars/Olympus'"):
        zone_named("Mars/Olympus")

"""The dates of imported rows, in the forms real exports write them.

ISO 8601 first (so that 2018-02-03 is never read day first), then
python-dateutil with the day before the month (13.02.2018, 03/02/2018,
`Tue Feb 13 12:58:16 WIB 2018`), and a number of 9 to 13 digits as time
since 1970 (seconds, or milliseconds as Polis and most JavaScript-based
tools write it). A date without a zone is local time in the import's zone
(`--timezone`); a date that names a zone keeps it."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser

from ..i18n import _
from ..refusals import Refusal

DEFAULT_ZONE = ZoneInfo("Asia/Almaty")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Zone abbreviations that exports write (dateutil knows only UTC and GMT by
#: name): the zones of Kazakhstan's neighbours and of the tools seen so far.
#: Summer and winter names are fixed offsets, region names follow the region's
#: history (Almaty was UTC+6 until March 2024).
ZONE_NAMES = {
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
    "ALMT": ZoneInfo("Asia/Almaty"),
    "QYZT": ZoneInfo("Asia/Qyzylorda"),
    "AQTT": ZoneInfo("Asia/Aqtau"),
    "MSK": ZoneInfo("Europe/Moscow"),
    "WIB": ZoneInfo("Asia/Jakarta"),
    "WITA": ZoneInfo("Asia/Makassar"),
    "WIT": ZoneInfo("Asia/Jayapura"),
    "CET": timezone(timedelta(hours=1), "CET"),
    "CEST": timezone(timedelta(hours=2), "CEST"),
    "EET": timezone(timedelta(hours=2), "EET"),
    "EEST": timezone(timedelta(hours=3), "EEST"),
}
EXAMPLES = "2026-03-01, 2026-03-01 14:30, 01.03.2026, Sun Mar 01 14:30:00 ALMT 2026"
# Two defaults that differ in every part of a date: a part missing from the
# text shows as a difference between the two readings.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


class DateNotUnderstood(Refusal):
    """The text is not a date this module can read; `message` says why
    (translatable for the import page; str() is the English the command prints)."""


def zone_named(name):
    """The zone of `--timezone` (an IANA name such as Asia/Almaty, or UTC)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DateNotUnderstood(
            _(
                "unknown time zone ${name} (use a name such as Asia/Almaty, Europe/Moscow or UTC)",
                mapping={"name": repr(name)},
            )
        ) from None


def _zone_of(name, offset):
    # dateutil asks for every date it reads: name and offset as written, or None.
    if name is not None and name.upper() in ZONE_NAMES:
        return ZONE_NAMES[name.upper()]
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    if name is not None:
        raise DateNotUnderstood(
            _(
                "time zone ${name} is not known (write an offset such as +05:00 instead)",
                mapping={"name": repr(name)},
            )
        )
    return None


def from_epoch(number):
    """Seconds or milliseconds since 1970: 10**11 seconds is the year 5138."""
    if number < 10**11:
        number *= 1000
    return _EPOCH + timedelta(milliseconds=number)


def _read(value):
    if value.isdigit() and 9 <= len(value) <= 13:
        return from_epoch(int(value))
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        readings = [
            dateutil_parser.parse(value, dayfirst=True, default=default, tzinfos=_zone_of)
            for default in _DEFAULTS
        ]
    except DateNotUnderstood:  # its zone, from _zone_of
        raise
    except (dateutil_parser.ParserError, ValueError, OverflowError):
        raise DateNotUnderstood(
            _(
                "date ${value} is not understood (use ${examples})",
                mapping={"value": repr(value), "examples": EXAMPLES},
            )
        ) from None
    first, second = readings
    if first.date() != second.date():
        raise DateNotUnderstood(
            _("date ${value} lacks its day, month or year", mapping={"value": repr(value)})
        )
    return first


def parse_date(value, zone=DEFAULT_ZONE):
    """An aware UTC datetime from a cell; a date without a zone is local time
    in `zone`."""
    value = (value or "").strip()
    if not value:
        raise DateNotUnderstood(_("no date"))
    parsed = _read(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)

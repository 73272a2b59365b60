"""Kazakhstan's working days, for deadlines counted in them (a petition's
moderation, an appeal's answer).

The public holidays come from the `holidays` package (its `KZ` calendar,
which follows the Law "On holidays" and the Labour Code: 1–2 January,
7 January (Orthodox Christmas), 8 March, 21–23 March (Nauryz), 1, 7 and
9 May, 6 July, 30 August until 2025 (15 March from 2027, after the 2026
Constitution), 25 October, 16 December and the first day of Kurban ait,
with the Government's confirmed dates to 2025 and estimated ones after).
Its rule for a holiday on a Saturday or Sunday is the Labour Code's: the day
off moves to the next working day, except for the religious holidays
(Orthodox Christmas, Kurban ait), which do not move.

The Government's transfers of days off (a Saturday worked so that a
Friday between holidays is free) are decrees published each year: a table
(transfers.csv, or the file `consult.workdays.transfers` names) is applied on
top, so a new decree needs no new release."""

import csv
import datetime
import functools
from importlib.resources import files

import holidays

SHIPPED = files("consult.workdays") / "transfers.csv"


def _open(path):
    if path is None:
        return SHIPPED.open(encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115 (closed by the caller's with)


def read_transfers(path=None):
    """{date: True (a day off) | False (a working day)} from a transfers
    table (None: the shipped one)."""
    transfers = {}
    with _open(path) as lines:
        for row in csv.DictReader(line for line in lines if not line.startswith("#")):
            if row["becomes"] not in ("off", "work"):
                raise ValueError(f"transfers table: bad row {row!r}")
            transfers[datetime.date.fromisoformat(row["date"])] = row["becomes"] == "off"
    return transfers


class WorkingCalendar:
    """Kazakhstan's working days: not Saturday or Sunday, not a public
    holiday or the day off it moved to, unless a transfer says otherwise."""

    def __init__(self, transfers=None):
        # The years of any running deadline computed at once: the package
        # adds a year when first asked, and requests run in several threads.
        this_year = datetime.date.today().year
        self.holidays = holidays.country_holidays("KZ", years=range(this_year - 2, this_year + 3))
        self.transfers = read_transfers() if transfers is None else dict(transfers)

    def is_working_day(self, day):
        if day in self.transfers:
            return not self.transfers[day]
        return self.holidays.is_working_day(day)

    def add_working_days(self, day, count):
        """The day `count` working days after `day` (which does not count):
        one working day after a Friday is the next working Monday."""
        if isinstance(day, datetime.datetime):
            day = day.date()
        while count > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start, end):
        """How many working days come after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count


@functools.cache
def calendar_of(path=None):
    """The calendar with the transfers table at `path` (None: the shipped one),
    made once per process."""
    return WorkingCalendar(read_transfers(path))


def add_working_days(day, count, path=None):
    return calendar_of(path).add_working_days(day, count)

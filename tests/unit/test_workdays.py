"""Kazakhstan's working days: weekends, public holidays, a holiday on a
weekend moved to the next working day (not a religious one), and the
Government's transfers from the table."""

from datetime import date

import pytest

from consult.workdays import WorkingCalendar, add_working_days, read_transfers


@pytest.fixture
def calendar():
    return WorkingCalendar()


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 7),  # Orthodox Christmas: a day off since 2006
        date(2026, 3, 9),  # 8 March was a Sunday: Monday off
        date(2026, 3, 23),  # Nauryz
        date(2026, 3, 24),  # Nauryz on Saturday and Sunday: moved
        date(2026, 3, 25),
        date(2026, 5, 1),
        date(2026, 5, 7),
        date(2026, 5, 11),  # Victory Day was a Saturday
        date(2026, 5, 27),  # Kurban ait (its first day)
        date(2026, 7, 6),
        date(2026, 10, 26),  # Republic Day was a Sunday
        date(2026, 12, 16),
        date(2025, 8, 30),  # Constitution Day (a Saturday) ...
        date(2025, 9, 1),  # ... moved to Monday
        date(2025, 6, 6),  # Kurban ait 2025
    ],
)
def test_public_holidays_are_days_off(calendar, day):
    assert not calendar.is_working_day(day)


def test_religious_holidays_on_a_sunday_do_not_move(calendar):
    # Kurban ait 2024 fell on Sunday 16 June; Monday 17 June was worked.
    assert not calendar.is_working_day(date(2024, 6, 16))
    assert calendar.is_working_day(date(2024, 6, 17))


def test_weekends_are_days_off_and_weekdays_working(calendar):
    assert not calendar.is_working_day(date(2026, 2, 28))
    assert not calendar.is_working_day(date(2026, 3, 1))
    assert calendar.is_working_day(date(2026, 3, 2))


def test_the_governments_transfers_apply(calendar):
    # 2025: Friday 3 January off, Sunday 5 January worked in its place.
    assert not calendar.is_working_day(date(2025, 1, 3))
    assert calendar.is_working_day(date(2025, 1, 5))


def test_a_transfer_from_the_table_overrides_the_calendar(tmp_path):
    table = tmp_path / "transfers.csv"
    table.write_text(
        "# a decree\ndate,becomes,decree\n2026-03-06,off,test\n2026-03-07,work,test\n",
        encoding="utf-8",
    )
    calendar = WorkingCalendar(read_transfers(str(table)))
    assert not calendar.is_working_day(date(2026, 3, 6))
    assert calendar.is_working_day(date(2026, 3, 7))
    assert calendar.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 7)


def test_a_malformed_transfer_is_refused(tmp_path):
    table = tmp_path / "transfers.csv"
    table.write_text("date,becomes,decree\n2026-03-06,holiday,x\n", encoding="utf-8")
    with pytest.raises(ValueError):
        read_transfers(str(table))


def test_adding_working_days_skips_the_weekend():
    assert add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 2)


def test_adding_working_days_across_nauryz():
    # Friday 20 March: Saturday to Wednesday are days off (Nauryz 21-23,
    # the two weekend days of it moved to 24 and 25).
    assert add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)


def test_twenty_working_days_from_2_march_2026_end_on_3_april(calendar):
    # Without holidays it would be 30 March: 9 March (for the 8th) and
    # 23-25 March (Nauryz) are not counted.
    assert calendar.add_working_days(date(2026, 3, 2), 20) == date(2026, 4, 3)
    assert calendar.working_days_between(date(2026, 3, 2), date(2026, 4, 3)) == 20

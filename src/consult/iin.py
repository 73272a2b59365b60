"""Kazakhstan's individual identification number (IIN, ЖСН/ИИН).

Twelve digits: the date of birth as YYMMDD; a digit for the century of birth
and the sex (1/2: 19th century, 3/4: 20th, 5/6: 21st; odd for men, even for
women); four digits of registration; a check digit. The check digit is the
sum of the first eleven digits weighted 1..11, modulo 11; if that gives 10,
the weights 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2 are used instead, and if that
also gives 10 the number is not valid (such numbers are never issued)."""

from datetime import date

WEIGHTS_1 = tuple(range(1, 12))
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidIIN(ValueError):
    """`reason` is one of "format", "century", "date", "checksum"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def check_digit(first_eleven):
    """The check digit for eleven digits, or None when none exists."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, WEIGHTS_1, strict=False)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, WEIGHTS_2, strict=False)) % 11
        if total == 10:
            return None
    return total


def normalize(value):
    """The IIN without the spaces and dashes people type into it."""
    return "".join(c for c in str(value or "") if c not in " -\u00a0\t")


def parse(value):
    """(birth date, sex "m"/"f") of a valid IIN; raises InvalidIIN otherwise."""
    iin = normalize(value)
    if len(iin) != 12 or not iin.isascii() or not iin.isdigit():
        raise InvalidIIN("format")
    marker = int(iin[6])
    if marker not in CENTURIES:
        raise InvalidIIN("century")
    try:
        born = date(CENTURIES[marker] + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise InvalidIIN("date") from None
    expected = check_digit(iin[:11])
    if expected is None or expected != int(iin[11]):
        raise InvalidIIN("checksum")
    return born, "m" if marker % 2 else "f"


def is_valid(value):
    try:
        parse(value)
    except InvalidIIN:
        return False
    return True


def make(born, sex, serial):
    """A valid IIN for a birth date, a sex and a four-digit serial (demo
    data, tests), or None when no check digit exists for that serial."""
    century = (born.year // 100) * 100
    marker = {1800: 1, 1900: 3, 2000: 5}[century] + (1 if sex == "f" else 0)
    first = f"{born:%y%m%d}{marker}{serial:04d}"
    digit = check_digit(first)
    return None if digit is None else first + str(digit)


def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

from datetime import date

import pytest

from consult import iin

# Checked by hand with the two-pass weighted mod-11 algorithm.
VALID = [
    "900517301235",  # 17 May 1990, man: first pass gives 5
    iin.make(date(1985, 4, 12), "f", 7),
    iin.make(date(2001, 12, 31), "m", 42),
    iin.make(date(1899, 1, 1), "f", 1),
]


def _second_pass_iin():
    """An IIN whose first weighted sum is 10 modulo 11, so the check digit
    comes from the second set of weights."""
    for serial in range(10000):
        first = f"8504124{serial:04d}"
        digits = [int(c) for c in first]
        if sum(d * w for d, w in zip(digits, iin.WEIGHTS_1, strict=False)) % 11 == 10:
            second = sum(d * w for d, w in zip(digits, iin.WEIGHTS_2, strict=False)) % 11
            if second != 10:
                return first + str(second)
    raise AssertionError("none found")


def _no_check_digit():
    for serial in range(10000):
        first = f"8504124{serial:04d}"
        if iin.check_digit(first) is None:
            return first
    raise AssertionError("none found")


@pytest.mark.parametrize("value", VALID)
def test_valid_iins(value):
    assert iin.is_valid(value)


def test_the_second_weights_decide_when_the_first_give_ten():
    value = _second_pass_iin()
    assert iin.is_valid(value)
    digits = [int(c) for c in value[:11]]
    assert sum(d * w for d, w in zip(digits, iin.WEIGHTS_1, strict=False)) % 11 == 10


def test_eleven_digits_whose_both_sums_give_ten_have_no_valid_iin():
    first = _no_check_digit()
    assert not any(iin.is_valid(first + str(d)) for d in range(10))
    assert iin.make(date(1985, 4, 12), "f", int(first[7:])) is None


def test_birth_date_and_sex():
    assert iin.parse("900517301235") == (date(1990, 5, 17), "m")
    assert iin.parse(iin.make(date(2001, 12, 31), "f", 42)) == (date(2001, 12, 31), "f")


def test_spaces_and_dashes_are_ignored():
    assert iin.is_valid("900517 301235")
    assert iin.is_valid("900517-301235")


@pytest.mark.parametrize(
    "value, reason",
    [
        ("900517301236", "checksum"),  # wrong check digit
        ("90051730123", "format"),  # eleven digits
        ("9005173012355", "format"),  # thirteen
        ("90051730123a", "format"),
        ("９００５１７３０１２３５", "format"),  # full-width digits are not ASCII
        ("", "format"),
        ("900517701235", "century"),  # 7 is not a century/sex digit
        ("900517001235", "century"),
        ("901317301235", "date"),  # month 13
        ("900230301235", "date"),  # 30 February
    ],
)
def test_invalid_iins(value, reason):
    with pytest.raises(iin.InvalidIIN) as raised:
        iin.parse(value)
    assert raised.value.reason == reason


def test_most_single_digit_errors_are_caught():
    """Not all: when one pass gives 10 the other weights decide, so a few
    typing errors keep a valid number (the IIN design, not ours)."""
    value = "900517301235"
    changed = [
        value[:p] + d + value[p + 1 :] for p in (7, 8, 9, 10) for d in "0123456789" if d != value[p]
    ]
    assert sum(iin.is_valid(c) for c in changed) < len(changed) / 3


def test_age():
    assert iin.age_on(date(2008, 3, 3), date(2026, 3, 2)) == 17
    assert iin.age_on(date(2008, 3, 2), date(2026, 3, 2)) == 18

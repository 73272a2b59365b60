"""Numbers as each interface language writes them, on pages (the layout's
`number` and `percent`) and elsewhere (i18n.numbers)."""

from pyramid import testing

from consult.i18n import numbers
from consult.i18n.numbers import format_number, format_share
from consult.layout import Layout

NBSP = "\u00a0"


def test_kazakh_and_russian_write_a_decimal_comma_and_group_by_spaces():
    for language in ("kk", "ru"):
        assert format_number(1234567, language) == f"1{NBSP}234{NBSP}567"
        assert format_number(12.345, language, 1) == "12,3"
        assert format_share(0.04, language, 2) == f"4,00{NBSP}%"
    assert format_number(1234567, "en") == "1,234,567"
    assert format_number(12.345, "en", 1) == "12.3"
    assert format_share(0.04, "en", 2) == f"4.00{NBSP}%"


def test_a_page_writes_numbers_in_its_readers_language():
    for language, count, share in [
        ("ru", f"12{NBSP}500", f"37{NBSP}%"),
        ("kk", f"12{NBSP}500", f"37{NBSP}%"),
        ("en", "12,500", f"37{NBSP}%"),
    ]:
        request = testing.DummyRequest()
        request.locale_name = language
        layout = Layout(request)
        assert layout.number(12500) == count
        assert layout.percent(0.372) == share


def test_a_count_is_formatted_once_per_language(monkeypatch):
    calls = []
    real = numbers.format_decimal
    monkeypatch.setattr(
        numbers, "format_decimal", lambda *args, **kw: calls.append(args) or real(*args, **kw)
    )
    assert [format_number(7654321, "ru") for _ in range(3)] == [f"7{NBSP}654{NBSP}321"] * 3
    assert format_number(7654321, "en") == "7,654,321"
    assert len(calls) == 2
    # Figures that are not counts are not kept: each is formatted anew.
    assert format_number(7654321.25, "en", 1) == "7,654,321.2"
    assert format_number(7654321.25, "en", 1) == "7,654,321.2"
    assert len(calls) == 4

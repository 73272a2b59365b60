"""Numbers as each interface language writes them: 1 234 567 and 4,00 % in
Kazakh and Russian, 1,234,567 and 4.00 % in English (Babel's CLDR data).
Pages reach them through `request.layout.number` and `.percent`; mail,
files and reports made outside a request pass the language."""

from functools import lru_cache

from babel.numbers import format_decimal

NBSP = "\u00a0"
# Babel's name of each interface language's locale.
BABEL_LOCALES = {"kk": "kk_KZ", "ru": "ru", "en": "en"}


def babel_locale(language):
    return BABEL_LOCALES.get(language, "en")


def format_number(value, language, digits=0):
    """`value` with `digits` decimals (rounded half-even) and the language's
    grouping: 1 234,5 in Kazakh and Russian, 1,234.5 in English."""
    if type(value) is int:  # counts: a page shows a dozen, mostly the same few
        return _formatted_count(value, language, digits)
    return _formatted(value, language, digits)


def _formatted(value, language, digits):
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=babel_locale(language))


# Babel parses the pattern and walks the locale's data on every call (0.1 ms,
# a twentieth of an article page with its comments' counts).
_formatted_count = lru_cache(maxsize=4096)(_formatted)


def format_share(share, language, digits=0):
    """A share (0.04) as a percentage: "4,00 %" in Kazakh and Russian,
    "4.00 %" in English. The sign is set apart by a no-break space in every
    language, as Kazakh and Russian official texts do and as the site's
    English already writes it (ISO 80000), and never wraps onto a line of
    its own."""
    return f"{format_number(share * 100, language, digits)}{NBSP}%"

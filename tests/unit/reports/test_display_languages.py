"""The outcome report names the languages comments are written in."""

from consult.reports.display import _language_label
from consult.reports.participation import UNKNOWN_LANGUAGE


def test_every_language_by_its_own_name():
    assert [_language_label(code) for code in ("kk", "ru", "en", "de", "zh")] == [
        "Қазақша",
        "Русский",
        "English",
        "Deutsch",
        "中文",
    ]


def test_a_comment_without_a_language():
    assert _language_label(UNKNOWN_LANGUAGE) == "Not determined"

"""consult.i18n.names: what a comment's language is called."""

import pytest

from consult.i18n.names import is_language_code, language_name


@pytest.mark.parametrize(
    "code, name",
    [
        ("kk", "Қазақша"),
        ("ru", "Русский"),
        ("en", "English"),
        ("de", "Deutsch"),
        ("fr", "Français"),
        ("zh", "中文"),
        ("ja", "日本語"),
        ("tr", "Türkçe"),
    ],
)
def test_a_language_is_called_by_its_own_name(code, name):
    assert language_name(code) == name


def test_an_unknown_code_is_shown_as_it_is():
    assert language_name("qq") == "qq"


@pytest.mark.parametrize("code", ["kk", "de", "zh", "ja"])
def test_language_codes(code):
    assert is_language_code(code)


@pytest.mark.parametrize("code", ["", "qq", "DE", "zxx", "de-AT", "<b>", "deutsch", None])
def test_not_language_codes(code):
    assert not is_language_code(code)

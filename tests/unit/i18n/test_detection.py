import pytest

from consult.i18n.detection import detect_language


@pytest.mark.parametrize("text, language", [
    ("Азаматтық қазылар алқасы он бестен жиырма беске дейінгі азаматтан тұрады.", "kk"),
    ("В состав жюри входят от 15 до 25 граждан, отобранных жеребьёвкой.", "ru"),
    ("A citizens' jury has from 15 to 25 members drawn by lot.", "en"),
    ("Согласен с пунктом 2, но quota нужно уточнить.", "ru"),
    ("12345 !!!", "ru"),
])
def test_detects_the_three_languages(text, language):
    assert detect_language(text) == language


def test_default_for_text_without_letters():
    assert detect_language("42", default="en") == "en"

"""consult.search.analysis beyond kk/ru/en: Snowball stems of other languages
(prefixed with the language), bigrams of Chinese, Japanese and Korean, and
the kk/ru/en analysis left as it was."""

import pytest

from consult.search import analysis
from consult.search.analysis import analyze, highlight, pieces, query_terms, stem


def matches(query, text, language, languages=analysis.PREFIXED):
    terms = set(analyze(text, language))
    return all(alternatives & terms for alternatives in query_terms(query, languages))


# -- other languages' stems ---------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, query",
    [
        ("de", "Die Steuern der Gemeinden sind zu hoch.", "Steuer Gemeinde"),
        ("de", "Wir brauchen mehr Bürgerbeteiligung bei Gesetzen.", "Gesetz"),
        ("fr", "Les citoyennes demandent des consultations publiques.", "citoyenne consultation"),
        ("tr", "Vatandaşların görüşleri dikkate alınmalı.", "vatandaş görüş"),
        ("es", "Los ciudadanos votaron las leyes.", "ley ciudadano"),
    ],
)
def test_an_inflected_form_finds_a_text_in_a_snowball_language(language, text, query):
    assert matches(query, text, language)


def test_other_languages_stems_carry_their_language():
    assert stem("Steuern", "de") == "de:steu"
    assert analyze("Die Steuern", "de") == ["de:die", "de:steu"]
    # ... so an English text never matches a German stem that only looks the same.
    assert not matches("Steuern", "Steu is not a word.", "en")


def test_the_three_languages_keep_their_stems_unprefixed():
    assert analyze("citizens' petitions", "en") == ["citizen", "petit"]
    assert analyze("Обращения граждан", "ru") == ["обращен", "гражда"]
    assert stem("өтініштерді", "kk") == "өтініш"


def test_without_other_languages_query_terms_are_kk_ru_en_only():
    [terms] = query_terms("petitions")
    assert terms == frozenset({stem("petitions", language) for language in analysis.LANGUAGES})
    [more] = query_terms("petitions", ("de", "fr"))
    assert more == terms | {"de:petition", "fr:petit"}


def test_cyrillic_query_words_get_no_other_stems():
    # Detection gives Cyrillic text only kk or ru.
    assert query_terms("граждане", analysis.PREFIXED) == query_terms("граждане")


def test_a_language_without_stemmer_is_found_by_its_words():
    # Polish has a Snowball stemmer in newer PyStemmers; Vietnamese has none.
    assert analyze("Công dân cần minh bạch", "vi") == ["cong", "dan", "can", "minh", "bach"]
    assert matches("minh bạch", "Công dân cần minh bạch", "vi")


# -- Chinese, Japanese, Korean ------------------------------------------------------


def test_chinese_runs_become_overlapping_bigrams_with_exact_offsets():
    text = "uber就是叫派計程車，談"
    found = pieces(text)
    assert [piece for piece, *_ in found] == [
        "uber", "就是", "是叫", "叫派", "派計", "計程", "程車", "談",
    ]  # fmt: skip
    assert all(text[start:end] == piece for piece, start, end, _ in found)
    assert [bigram for *_, bigram in found] == [False] + [True] * 7


def test_taxi_finds_a_chinese_comment_whatever_its_language_label():
    text = "至少他們比計程車乾淨，有禮貌，而且又便宜方便"
    for language in ("zh", "en", "ru"):  # comments detected before were labelled en or ru
        assert matches("計程車", text, language)
    assert not matches("計程車", "我覺得共乘是可行的", "zh")
    assert not matches("計程車", "計畫程序的車", "zh")  # its characters, but apart


def test_japanese_and_korean():
    text = "タクシーの規制を見直すべきです"
    assert matches("タクシー", text, "ja") and matches("規制", text, "ja")
    assert not matches("バス", text, "ja")
    assert matches("택시", "택시를 타고 싶어요", "ko")


def test_a_single_east_asian_character_is_one_piece():
    assert analyze("車", "zh") == ["車"]
    assert matches("車", "車", "zh")


def test_texts_without_east_asian_characters_are_analysed_as_before():
    text = "Заң (№ 15-ІІ), 2020 ж. «Өтініштер» — citizens' rights; don’t"
    assert [piece for piece, *_ in pieces(text)] == [w for w, _, _ in analysis.tokenize(text)]


def test_highlight_marks_a_chinese_word_once():
    text = "我覺得計程車很貴，但計程車很方便"
    snippet = highlight(text, "zh", query_terms("計程車"))
    assert snippet == "我覺得<mark>計程車</mark>很貴，但<mark>計程車</mark>很方便"


def test_highlight_a_german_inflected_form():
    terms = query_terms("Steuer", analysis.PREFIXED)
    assert highlight("Die Steuern sind hoch.", "de", terms) == "Die <mark>Steuern</mark> sind hoch."

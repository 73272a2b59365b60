"""Word-level diffs between two versions of an article."""

from factories import NOW
from samples import DRAFT_TEXT, RENUMBERED_EN

from consult.consultations.diffs import article_diff, diff_html, word_diff
from consult.consultations.matching import build_version
from consult.consultations.parsing import parse_text


def test_word_diff_marks_whole_words():
    assert word_diff("a jury of fifteen", "a jury of twelve") == [
        (0, "a jury of "),
        (-1, "fifteen"),
        (1, "twelve"),
    ]


def test_diff_html_is_escaped_and_labelled():
    html = diff_html("x <b>old</b> & y", "x <i>new</i> & y", "inserted:", "deleted:")
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;" in html and "&amp;" in html
    assert '<del><span class="visually-hidden">deleted: </span>' in html
    assert '<ins><span class="visually-hidden">inserted: </span>' in html


def test_article_diff_per_language(first_version):
    v1 = first_version
    v2, _matching = build_version(
        v1, 2, NOW, {"en": parse_text(RENUMBERED_EN), "ru": parse_text(DRAFT_TEXT)}
    )
    blocks = article_diff(v1["3"], v2["4"], "en", "inserted:", "deleted:")
    assert [b.kind for b in blocks] == ["heading", "changed", "kept"]
    assert "<del>" in blocks[1].html and "<ins>" in blocks[1].html
    assert article_diff(v1["1"], v2["1"], "en", "+", "-") == []

"""Matching a new version's articles to the previous one's, comparing
versions, and word-level diffs."""

from datetime import UTC, datetime

from samples import DRAFT_TEXT, DRAFT_TEXT_EN

from consult.consultations.models import Consultation
from consult.consultations.parsing import parse_text
from consult.consultations.versions import (
    article_diff,
    article_versions,
    build_version,
    compare,
    diff_html,
    locate_target,
    version_that_took_in,
    word_diff,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RENUMBERED_EN = (
    DRAFT_TEXT_EN.replace(
        "Article 2. Purpose", "Article 2. Jurors\n\nA juror is a citizen.\n\nArticle 3. Purpose"
    )
    .replace("Article 3. Composition", "Article 4. Composition")
    .replace("15 to 25", "12 to 24")
)


def first_version():
    draft, _matching = build_version(
        None, 1, NOW, {"ru": parse_text(DRAFT_TEXT), "en": parse_text(DRAFT_TEXT_EN)}
    )
    return draft


def test_renumbered_articles_keep_their_uid():
    v1 = first_version()
    v2, matching = build_version(v1, 2, NOW, {"en": parse_text(RENUMBERED_EN)})
    assert v2["1"].uid == v1["1"].uid
    assert v2["3"].uid == v1["2"].uid
    assert v2["4"].uid == v1["3"].uid
    assert [a.number for a in matching.added] == ["2"]
    assert v2["2"].uid not in {a.uid for a in v1.articles()}
    assert matching.removed == []
    assert [(old.number, new.number) for old, new in matching.renumbered] == [
        ("2", "3"),
        ("3", "4"),
    ]
    # Paragraphs keep theirs too, even the one whose text changed.
    assert [p.uid for p in v2["4"].paragraphs] == [p.uid for p in v1["3"].paragraphs]


def test_removed_and_rewritten_articles():
    v1 = first_version()
    text = DRAFT_TEXT_EN.replace(
        "The jury studies the material and gives written findings.",
        "Juries advise parliament on questions of public importance in writing.",
    )
    text = text.split("Article 3.")[0]
    v2, matching = build_version(v1, 2, NOW, {"en": parse_text(text)})
    # Article 2 was rewritten in place: it keeps its number, so it matches.
    assert v2["2"].uid == v1["2"].uid
    assert [a.number for a in matching.removed] == ["3"]
    comparison = compare(v1, v2)
    assert [a.number for a in comparison.removed] == ["3"]
    assert comparison.added == []


def test_an_unrelated_article_is_not_matched_across_numbers():
    v1 = first_version()
    text = DRAFT_TEXT_EN.replace("Article 2. Purpose", "Article 7. Purpose").replace(
        "Article 3. Composition of the jury\n\n1. A jury has from 15 to 25 citizens.\n\n"
        "2. Jurors are drawn by lot with quotas.",
        "Article 2. Taxes\n\nEvery company pays a fee for the use of open data.",
    )
    v2, matching = build_version(v1, 2, NOW, {"en": parse_text(text)})
    assert v2["7"].uid == v1["2"].uid
    assert v2["2"].uid not in {a.uid for a in v1.articles()}
    assert [a.number for a in matching.removed] == ["3"]


def test_paragraph_moved_within_an_article():
    v1 = first_version()
    text = DRAFT_TEXT_EN.replace(
        "1. A jury has from 15 to 25 citizens.\n\n2. Jurors are drawn by lot with quotas.",
        "1. Jurors are drawn by lot with quotas.\n\n2. A new rule.\n\n"
        "3. A jury has from 15 to 25 citizens.",
    )
    v2, _matching = build_version(v1, 2, NOW, {"en": parse_text(text)})
    old, new = v1["3"].paragraphs, v2["3"].paragraphs
    assert new[0].uid == old[1].uid
    assert new[2].uid == old[0].uid
    assert new[1].uid not in {p.uid for p in old}


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


def test_article_diff_per_language():
    v1 = first_version()
    v2, _matching = build_version(
        v1, 2, NOW, {"en": parse_text(RENUMBERED_EN), "ru": parse_text(DRAFT_TEXT)}
    )
    blocks = article_diff(v1["3"], v2["4"], "en", "inserted:", "deleted:")
    assert [b.kind for b in blocks] == ["heading", "changed", "kept"]
    assert "<del>" in blocks[1].html and "<ins>" in blocks[1].html
    assert article_diff(v1["1"], v2["1"], "en", "+", "-") == []


def test_article_versions_and_locate_target():
    consultation = Consultation({"en": "T"}, {}, {}, (), NOW, "u")
    v1 = consultation.drafts.add_version(first_version())
    text = (
        RENUMBERED_EN.split("Article 1.")[0]
        + "Article 1."
        + RENUMBERED_EN.split("Article 1.")[1].split("Article 3. Purpose")[0]
    )
    v2, _matching = build_version(v1, 2, NOW, {"en": parse_text(text)})
    consultation.drafts.add_version(v2)
    uid = v1["1"].uid
    assert [(n, a.number) for n, a in article_versions(consultation, uid)] == [(1, "1"), (2, "1")]
    removed = v1["3"]
    assert [n for n, _a in article_versions(consultation, removed.uid)] == [1]
    draft, kind, found = locate_target(consultation, removed.target, version=1)
    assert (draft, kind, found) == (v1, "article", removed)
    assert locate_target(consultation, "article:nope") == (None, None, None)


def test_the_version_that_took_in_a_comment_is_the_first_that_changed_the_article():
    consultation = Consultation({"en": "T"}, {}, {}, (), NOW, "u")
    v1 = consultation.drafts.add_version(first_version())
    # Version 2 renumbers article 3 (now 4) and changes its text; article 1 stays as it was.
    v2, _matching = build_version(
        v1, 2, NOW, {"ru": parse_text(DRAFT_TEXT), "en": parse_text(RENUMBERED_EN)}
    )
    consultation.drafts.add_version(v2)
    changed, unchanged = v1["3"].uid, v1["1"].uid
    assert version_that_took_in(consultation, changed, 1) == (2, v2["4"])
    assert version_that_took_in(consultation, unchanged, 1) is None
    assert version_that_took_in(consultation, changed, 2) is None  # nothing after it yet

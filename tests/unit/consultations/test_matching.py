"""Matching a new version's articles (and their paragraphs) to the previous
version's, so that each keeps its uid."""

from factories import NOW
from samples import DRAFT_TEXT_EN, RENUMBERED_EN

from consult.consultations.matching import build_version
from consult.consultations.parsing import parse_text
from consult.consultations.versions import compare


def test_renumbered_articles_keep_their_uid(first_version):
    v1 = first_version
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


def test_removed_and_rewritten_articles(first_version):
    v1 = first_version
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


def test_an_unrelated_article_is_not_matched_across_numbers(first_version):
    v1 = first_version
    text = DRAFT_TEXT_EN.replace("Article 2. Purpose", "Article 7. Purpose").replace(
        "Article 3. Composition of the jury\n\n1. A jury has from 15 to 25 citizens.\n\n"
        "2. Jurors are drawn by lot with quotas.",
        "Article 2. Taxes\n\nEvery company pays a fee for the use of open data.",
    )
    v2, matching = build_version(v1, 2, NOW, {"en": parse_text(text)})
    assert v2["7"].uid == v1["2"].uid
    assert v2["2"].uid not in {a.uid for a in v1.articles()}
    assert [a.number for a in matching.removed] == ["3"]


def test_paragraph_moved_within_an_article(first_version):
    v1 = first_version
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

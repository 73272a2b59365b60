"""The stored versions: an article's history, where a comment's target is
found, and the version that took a comment in."""

from factories import NOW
from samples import DRAFT_TEXT, RENUMBERED_EN

from consult.consultations.matching import build_version
from consult.consultations.models import Consultation
from consult.consultations.parsing import parse_text
from consult.consultations.versions import (
    article_versions,
    locate_target,
    version_that_took_in,
)


def test_article_versions_and_locate_target(first_version):
    consultation = Consultation({"en": "T"}, {}, {}, (), NOW, "u")
    v1 = consultation.drafts.add_version(first_version)
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


def test_the_version_that_took_in_a_comment_is_the_first_that_changed_the_article(first_version):
    consultation = Consultation({"en": "T"}, {}, {}, (), NOW, "u")
    v1 = consultation.drafts.add_version(first_version)
    # Version 2 renumbers article 3 (now 4) and changes its text; article 1 stays as it was.
    v2, _matching = build_version(
        v1, 2, NOW, {"ru": parse_text(DRAFT_TEXT), "en": parse_text(RENUMBERED_EN)}
    )
    consultation.drafts.add_version(v2)
    changed, unchanged = v1["3"].uid, v1["1"].uid
    assert version_that_took_in(consultation, changed, 1) == (2, v2["4"])
    assert version_that_took_in(consultation, unchanged, 1) is None
    assert version_that_took_in(consultation, changed, 2) is None  # nothing after it yet

"""A draft's articles found by uid through a volatile map that follows uids
moved between articles (consultations.article_uids)."""

from datetime import UTC, datetime

from consult.consultations.models import Draft
from consult.consultations.parsing import parse_text

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RUSSIAN = "Статья 1. Первая\n\n1. Один.\n\nСтатья 2. Вторая\n\n1. Два.\n"


def test_articles_are_found_by_uid_without_walking_the_draft_each_time(monkeypatch):
    draft = Draft(1, NOW)
    draft.apply_parsed("ru", parse_text(RUSSIAN))
    first, second = draft["1"], draft["2"]
    assert draft.article_by_uid(first.uid) is first
    walks = []
    real = Draft.articles
    monkeypatch.setattr(Draft, "articles", lambda self: walks.append(1) or real(self))
    assert [draft.article_by_uid(a.uid) for a in (first, second, first)] == [first, second, first]
    assert walks == []
    # A uid handed to another article (as matching.py does) is found anew there.
    old_uid = first.uid
    first.uid, second.uid = second.uid, "moved"
    assert draft.article_by_uid(first.uid) is first
    assert draft.article_by_uid("moved") is second
    assert draft.article_by_uid(old_uid) is None
    assert draft.article_by_uid("nope") is None

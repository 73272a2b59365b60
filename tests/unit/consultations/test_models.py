"""Consultation resources keep their own invariants: stage times, state,
merging languages into a draft, identities that survive renumbering."""

from datetime import UTC, datetime, timedelta

import pytest
from pyramid.authorization import ACLHelper, Everyone
from stores import with_stores

from consult.consultations.citing import paragraph_label
from consult.consultations.models import (
    Consultation,
    Consultations,
    Draft,
    Drafts,
    Question,
    Stage,
    merged,
)
from consult.consultations.parsing import parse_text

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)

RUSSIAN = """\
Глава 1. Общие положения

Статья 1. Понятия

1. Жюри — группа граждан.

2. Организатор — государственный орган.

Статья 2. Цель

Жюри даёт выводы.
"""

ENGLISH = """\
Chapter 1. General provisions

Article 1. Concepts

1. A jury is a group of citizens.

2. The organiser is a state body.

Article 3. Added in English only

The jury meets in public.
"""


def consultation():
    folder = Consultations()
    return folder.add(
        "juries", with_stores(Consultation({"ru": "Жюри"}, {}, {}, ["juries"], NOW, "u1"))
    )


def scheduled(opens, closes):
    stage = Stage("green")
    stage.schedule(opens, closes)
    return stage


def test_stage_status_at_its_boundaries():
    stage = Stage("green")
    assert stage.status(NOW) == "unscheduled"
    stage.schedule(NOW, NOW + DAY)
    assert stage.status(NOW - timedelta(seconds=1)) == "upcoming"
    assert stage.status(NOW) == "open" and stage.is_open(NOW)
    assert stage.status(NOW + DAY - timedelta(seconds=1)) == "open"
    assert stage.status(NOW + DAY) == "closed"
    stage.schedule(None, None)
    assert stage.status(NOW) == "unscheduled"


@pytest.mark.parametrize(
    "opens, closes",
    [
        (NOW, NOW),  # closes when it opens
        (NOW, NOW - DAY),  # closes before it opens
        (NOW, None),  # half a schedule
        (datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 3, 9, 0)),  # naive times
    ],
)
def test_stage_refuses_impossible_times(opens, closes):
    stage = scheduled(NOW - DAY, NOW + DAY)
    with pytest.raises(ValueError):
        stage.schedule(opens, closes)
    assert (stage.opens_at, stage.closes_at) == (NOW - DAY, NOW + DAY)


def test_stage_kinds_are_fixed():
    with pytest.raises(ValueError):
        Stage("blue")


def test_consultation_state_follows_publication_and_time():
    c = consultation()
    c.stages["green"].schedule(NOW + DAY, NOW + 10 * DAY)
    c.stages["white"].schedule(NOW + 20 * DAY, NOW + 30 * DAY)
    assert c.state(NOW) == "draft"  # not published: whatever the dates
    c.published_at = NOW
    assert c.state(NOW) == "scheduled"
    assert c.state(NOW + 2 * DAY) == "open"
    assert c.open_stage(NOW + 2 * DAY) is c.stages["green"]
    assert c.state(NOW + 15 * DAY) == "scheduled"  # between the stages
    assert c.open_stage(NOW + 15 * DAY) is None
    assert c.state(NOW + 25 * DAY) == "open"
    assert c.open_stage(NOW + 25 * DAY) is c.stages["white"]
    assert c.state(NOW + 31 * DAY) == "closed"
    c.outcome_published_at = NOW + 40 * DAY
    assert c.state(NOW + 41 * DAY) == "outcome"


def test_published_consultation_without_dates_is_scheduled():
    c = consultation()
    c.published_at = NOW
    assert c.state(NOW) == "scheduled"


def test_unpublished_consultation_is_hidden_from_everyone_but_staff():
    c = consultation()
    acl = ACLHelper()
    assert not acl.permits(c, [Everyone], "view")
    assert acl.permits(c, [Everyone, "role:editor"], "view")
    assert acl.permits(c, [Everyone, "role:moderator"], "view")
    c.published_at = NOW
    assert c.__acl__ == []  # the site's ACL applies


def test_traversal():
    c = consultation()
    assert c.slug == "juries"
    assert c["green"] is c.stages["green"] and c["green"].__parent__ is c
    assert c["drafts"] is c.drafts and c["comments"] is c.comments
    with pytest.raises(KeyError):
        c["draft"]  # none yet
    draft = c.ensure_draft(NOW)
    assert c["draft"] is draft and c.ensure_draft(NOW) is draft
    assert draft.__name__ == "1" and draft.__parent__ is c.drafts
    with pytest.raises(KeyError):
        c["edit"]


def test_drafts_latest_by_version_number():
    drafts = Drafts()
    assert drafts.latest() is None
    for version in (1, 2, 10):
        drafts.add(str(version), Draft(version, NOW))
    assert drafts.latest().version == 10


def test_apply_parsed_merges_two_languages():
    draft = Draft(1, NOW)
    draft.apply_parsed("ru", parse_text(RUSSIAN))
    draft.apply_parsed("en", parse_text(ENGLISH))
    assert [a.number for a in draft.articles()] == ["1", "2", "3"]
    assert draft.article_count() == 3
    assert draft.sections[0].heading == {"ru": "Общие положения", "en": "General provisions"}
    first = draft["1"]
    assert first.heading == {"ru": "Понятия", "en": "Concepts"}
    assert [p.text for p in first.paragraphs] == [
        {"ru": "1. Жюри — группа граждан.", "en": "1. A jury is a group of citizens."},
        {
            "ru": "2. Организатор — государственный орган.",
            "en": "2. The organiser is a state body.",
        },
    ]
    # Article 2 exists only in Russian, article 3 only in English.
    assert draft["2"].heading == {"ru": "Цель"}
    assert draft["3"].paragraphs[0].text == {"en": "The jury meets in public."}
    assert draft["3"].__parent__ is draft and draft["3"].__name__ == "3"


def test_reimporting_a_language_keeps_identities_and_other_languages():
    draft = Draft(1, NOW)
    draft.apply_parsed("ru", parse_text(RUSSIAN))
    draft.apply_parsed("en", parse_text(ENGLISH))
    article, paragraph = draft["1"], draft["1"].paragraphs[1]
    uids = (article.uid, paragraph.uid)
    # The new Russian text drops article 2 and the second paragraph of article 1.
    draft.apply_parsed("ru", parse_text("Статья 1. Понятия\n\n1. Жюри — граждане.\n"))
    assert (draft["1"].uid, draft["1"].paragraphs[1].uid) == uids
    assert draft["1"].paragraphs[0].text == {
        "ru": "1. Жюри — граждане.",
        "en": "1. A jury is a group of citizens.",
    }
    assert draft["1"].paragraphs[1].text == {"en": "2. The organiser is a state body."}
    assert draft["2"].heading == {} and draft["2"].paragraphs == []


def test_paragraph_without_any_text_is_dropped_and_the_rest_renumbered():
    draft = Draft(1, NOW)
    draft.apply_parsed("ru", parse_text("Статья 1.\n\n1. Один.\n\n2. Два.\n\n3. Три.\n"))
    article = draft["1"]
    third = article.paragraphs[2]
    article.set_paragraph_texts("ru", ["1. Один.", "", "3. Три."])
    assert [p.number for p in article.paragraphs] == [1, 2]
    assert article.paragraphs[1] is third and third.number == 2


def test_targets_use_identities_so_renumbering_keeps_comments_attached():
    c = consultation()
    draft = c.ensure_draft(NOW)
    draft.apply_parsed("ru", parse_text(RUSSIAN))
    article = draft["2"]
    paragraph = draft["1"].paragraphs[1]
    targets = (article.target, draft["1"].paragraph_target(paragraph))
    assert article.anchor == "article-2"
    # A later renumbering (article 2 becomes 5) changes the anchor, not the target.
    article.number = "5"
    draft._reindex()
    assert draft.get("2") is None and draft["5"] is article
    assert article.anchor == "article-5"
    assert c.find_target(targets[0]) == ("article", article)
    assert c.find_target(targets[1]) == ("paragraph", (draft["1"], paragraph))
    assert draft.article_by_uid(article.uid) is article


def test_find_target():
    c = consultation()
    question = Question({"en": "Lot?"})
    c.stages["green"].questions.append(question)
    assert c.find_target(question.target) == ("question", question)
    assert c.find_target("article:nope") == (None, None)  # no draft yet
    c.ensure_draft(NOW).apply_parsed("ru", parse_text(RUSSIAN))
    assert c.find_target("article:nope") == ("article", None)
    assert c.find_target("paragraph:nope:nope") == (None, None)
    assert c.stage_for_target(question.target) is c.stages["green"]
    assert c.stage_for_target(c.current_draft()["1"].target) is c.stages["white"]


def test_local_roles_accumulate():
    c = consultation()
    c.grant_local_role("u2", "expert")
    c.grant_local_role("u2", "moderator")
    c.grant_local_role("u2", "expert")
    assert c.local_roles["u2"] == ("expert", "moderator")


def test_merged_replaces_or_removes_one_language():
    texts = {"ru": "а", "en": "a"}
    assert merged(texts, "kk", " ә ") == {"ru": "а", "en": "a", "kk": "ә"}
    assert merged(texts, "ru", "  ") == {"en": "a"}
    assert texts == {"ru": "а", "en": "a"}  # a copy: persistence sees the new dict


def test_a_paragraph_is_cited_by_the_number_its_text_gives_itself():
    draft = Draft(1, NOW)
    definitions = (
        "Статья 1. Основные понятия\n\n"
        "В настоящем Законе используются следующие основные понятия:\n\n"
        "1) гражданское жюри – временная совещательная группа граждан;\n\n"
        "2) жеребьевка – случайный отбор членов гражданского жюри.\n\n"
        "Статья 2. Цель\n\n"
        "1. Целью является выработка рекомендаций.\n\n"
        "2.1. Деятельность основывается на принципах независимости.\n"
    )
    draft.apply_parsed("ru", parse_text(definitions))
    # The opening sentence has no number of its own: its place; the items
    # keep theirs, not one more than the reader sees.
    assert [paragraph_label(p) for p in draft["1"].paragraphs] == ["1", "1)", "2)"]
    assert [p.number for p in draft["1"].paragraphs] == [1, 2, 3]
    assert [paragraph_label(p) for p in draft["2"].paragraphs] == ["1", "2.1"]

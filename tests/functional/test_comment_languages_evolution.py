"""Evolution step 25 on comments stored before any language was detected: a
German comment labelled en and a Chinese one labelled ru get de and zh (the
German one's earlier text and addendum too); Kazakh, Russian and English
comments keep their labels, even one the detection would call Kazakh now.
An index built before the step (`consult reindex` ahead of the upgrade)
analyses the relabelled comments anew from the change feed, and the report
counts them by their language."""

from datetime import timedelta

import pytest
from web_content import remove_starter_pages

from consult.config import evolution_steps
from consult.feedback.comments import Addendum, TextVersion
from consult.feedback.services import FeedbackService

GERMAN = "Die Steuern der Gemeinden sind für Familien zu hoch."
GERMAN_BEFORE = "Die Gebühren der Städte sind für Familien zu hoch und unfair."
GERMAN_ADDED = "Außerdem müssen die Gemeinden ihre Haushalte offenlegen."
CHINESE = "至少他們比計程車乾淨，有禮貌，而且又便宜方便"
KAZAKH = "Азаматтық қазылар алқасы туралы пікір"
RUSSIAN = "Присяжных нужно отбирать жребием из всех жителей."
ENGLISH = "Jurors should be drawn by lot from every resident."
# Kazakh without a Kazakh-only letter, which the older rule called Russian.
SHORT_KAZAKH = "Жыл сайын"
# What each comment was labelled before the step.
OLD_LABELS = {
    GERMAN: "en",
    CHINESE: "ru",
    KAZAKH: "kk",
    RUSSIAN: "ru",
    ENGLISH: "en",
    SHORT_KAZAKH: "ru",
}


@pytest.fixture(autouse=True)
def without_starter_pages(database):
    with database() as root:
        remove_starter_pages(root)


@pytest.fixture
def stored_unindexed(database, clock, make_user, make_consultation):
    """{text: comment id} of comments as a database before step 25 holds
    them; no index built yet."""
    make_consultation()
    make_user("author@example.kz", "Aigerim", "Serikova")
    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        author = root["principals"].find_by_email("author@example.kz")
        target = consultation.current_draft()["3"].target
        service = FeedbackService(clock, {})
        ids = {}
        for text, language in OLD_LABELS.items():
            comment = service.post(
                consultation, target, author, GERMAN_BEFORE if text == GERMAN else text, "for"
            )
            if text == GERMAN:
                comment.replace_text(GERMAN, "en", "for", clock.now())
                comment.earlier_texts[0] = TextVersion(
                    GERMAN_BEFORE, "for", "en", clock.now(), None
                )
                comment.add_addendum(Addendum(GERMAN_ADDED, "en", clock.now()))
            comment.language = language
            ids[text] = comment.id
        root.generation = 24
    return ids


@pytest.fixture
def stored(stored_unindexed, search_sync):
    """The same, with an index built from them before the step (`consult
    reindex` ahead of the upgrade)."""
    search_sync()
    return stored_unindexed


def hrefs(page):
    return [a["href"].rsplit("/", 2)[-2] for a in page.html.select("ol.search-results h3 a")]


def comments(database):
    with database() as root:
        store = root["consultations"]["citizens-juries"].comments
        return {comment.text: comment for comment in store.comments.values()}


def test_step_25_relabels_german_and_chinese_comments_only(app, database, stored):
    with database() as root:
        assert root.generation == evolution_steps().latest  # opening it evolved it
    found = comments(database)
    labels = {text: comment.language for text, comment in found.items()}
    assert labels == dict(OLD_LABELS, **{GERMAN: "de", CHINESE: "zh"})
    german = found[GERMAN]
    assert [version.language for version in german.earlier_texts] == ["de"]
    assert german.earlier_texts[0].text == GERMAN_BEFORE
    assert [(a.text, a.language) for a in german.addenda] == [(GERMAN_ADDED, "de")]


def test_an_index_built_before_the_step_follows_the_new_labels(app, database, stored, search_sync):
    # Indexed as English, the German comment has no stem of "Steuer".
    assert hrefs(app.get("/search", params={"q": "Steuer Gemeinde"})) == []
    assert app.get("/api/search", params={"q": "計程車"}).json["facets"]["language"] == {"ru": 1}
    with database():
        pass  # the first opening after the upgrade runs the step
    search_sync()
    page = app.get("/search", params={"q": "Steuer Gemeinde"})
    assert hrefs(page) == [str(stored[GERMAN])]
    assert page.html.select_one("ol.search-results .snippet")["lang"] == "de"
    chinese = app.get("/api/search", params={"q": "計程車"}).json
    assert [result["language"] for result in chinese["results"]] == ["zh"]
    assert chinese["facets"]["language"] == {"zh": 1}
    # The others are analysed as before: a Russian inflected form finds its comment.
    assert hrefs(app.get("/search", params={"q": "жители"})) == [str(stored[RUSSIAN])]


def test_an_index_built_after_the_step_has_the_new_labels(
    app, database, stored_unindexed, search_sync, caplog
):
    with database():
        pass
    with caplog.at_level("INFO", logger="consult.search.feed"):
        search_sync()  # the first cycle builds the whole index
    assert "building search index" in caplog.text
    assert hrefs(app.get("/search", params={"q": "Steuer Gemeinde"})) == [
        str(stored_unindexed[GERMAN])
    ]
    facets = app.get("/api/search", params={"q": "計程車"}).json["facets"]
    assert facets["language"] == {"zh": 1}


def test_the_report_counts_them_by_their_language(app, database, stored, clock):
    with database():
        pass
    clock.advance(timedelta(days=31))  # the stages are over: the report exists
    report = app.get("/consultations/citizens-juries/report.json").json
    assert report["participation"]["by_language"] == {
        "kk": 1,
        "ru": 2,
        "en": 1,
        "de": 1,
        "zh": 1,
    }

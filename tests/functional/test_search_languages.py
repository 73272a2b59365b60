"""Comments in other languages than kk/ru/en on the search page: stored with
the language detected, found by an inflected German form and by a Chinese
word, and offered as a filter under the language's own name."""

import pytest
from web_content import remove_starter_pages

from consult.feedback.services import FeedbackService

GERMAN = "Die Steuern der Gemeinden sind für Familien zu hoch."
CHINESE = "至少他們比計程車乾淨，有禮貌，而且又便宜方便"
JAPANESE = "タクシーの規制を見直すべきです。"


@pytest.fixture(autouse=True)
def without_starter_pages(database):
    with database() as root:
        remove_starter_pages(root)


@pytest.fixture
def posted(database, clock, make_user, make_consultation):
    """{text: (comment id, stored language)} of three comments on article 3."""
    make_consultation()
    make_user("author@example.kz", "Aigerim", "Serikova")
    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        author = root["principals"].find_by_email("author@example.kz")
        target = consultation.current_draft()["3"].target
        service = FeedbackService(clock, {})
        return {
            text: (comment.id, comment.language)
            for text in (GERMAN, CHINESE, JAPANESE)
            for comment in [service.post(consultation, target, author, text, "against")]
        }


def hrefs(page):
    return [a["href"] for a in page.html.select("ol.search-results h3 a")]


def language_options(page):
    fieldset = page.html.find("input", attrs={"name": "language"}).find_parent("fieldset")
    return {
        label.find("span")["lang"]: " ".join(label.get_text().split())
        for label in fieldset.find_all("label")
        if label.find("span") and label.find("span").get("lang")
    }


def test_comments_keep_the_language_they_are_written_in(posted):
    assert [language for _, language in posted.values()] == ["de", "zh", "ja"]


def test_an_inflected_german_form_finds_the_german_comment(app, posted, search_sync):
    search_sync()
    comment_id, _ = posted[GERMAN]
    page = app.get("/search", params={"q": "Steuer Gemeinde"})
    assert [href.rsplit("/", 2)[-2] for href in hrefs(page)] == [str(comment_id)]
    snippet = page.html.select_one("ol.search-results .snippet")
    assert snippet["lang"] == "de"
    assert [mark.text for mark in snippet.find_all("mark")] == ["Steuern", "Gemeinden"]
    assert language_options(page) == {"de": "Deutsch (1)"}


def test_taxi_finds_the_chinese_comment_and_the_filter_names_chinese(app, posted, search_sync):
    search_sync()
    comment_id, _ = posted[CHINESE]
    page = app.get("/search", params={"q": "計程車"})
    assert [href.rsplit("/", 2)[-2] for href in hrefs(page)] == [str(comment_id)]
    assert str(page.html.select_one(".snippet mark")) == "<mark>計程車</mark>"
    assert language_options(page) == {"zh": "中文 (1)"}
    filtered = app.get("/search", params={"q": "計程車", "language": "zh"})
    assert not filtered.html.find(class_="warning")
    assert len(hrefs(filtered)) == 1
    assert hrefs(app.get("/search", params={"q": "計程車", "language": "ja"})) == []
    data = app.get("/api/search", params={"q": "タクシー"}).json
    assert [result["language"] for result in data["results"]] == ["ja"]
    assert data["facets"]["language"] == {"ja": 1}

"""The JSON search API: the page's parameters, results as data, and a 400
with {"error": ...} for anything it cannot honour."""

import pytest
from web_content import remove_starter_pages

from consult.feedback.services import FeedbackService


@pytest.fixture(autouse=True)
def without_starter_pages(database):
    """These tests are about consultations and comments; the starter pages
    (tests/functional/test_search_content.py) share their words."""
    with database() as root:
        remove_starter_pages(root)


@pytest.fixture
def comment(database, clock, make_user, make_consultation):
    make_consultation()
    make_user("author@example.kz", "Aigerim", "Serikova")
    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        author = root["principals"].find_by_email("author@example.kz")
        target = consultation.current_draft()["3"].target
        return (
            FeedbackService(clock, {})
            .post(
                consultation, target, author, "Fifteen jurors are too few for Karaganda.", "against"
            )
            .id
        )


def test_results_as_json(app, comment, search_sync):
    search_sync()
    response = app.get("/api/search", params={"q": "karaganda"})
    assert response.content_type == "application/json"
    data = response.json
    assert data["total"] == 1 and data["page"] == 1 and data["pages"] == 1
    assert data["previous"] is None and data["next"] is None and data["building"] is False
    [result] = data["results"]
    assert result == {
        "title": "Article 3",
        "snippet": "Fifteen jurors are too few for <mark>Karaganda</mark>.",
        "url": f"http://localhost/consultations/citizens-juries/comments/{comment}/",
        "kind": "comment",
        "language": "en",
        "consultation": "citizens-juries",
        "consultation_title": "Introducing citizens' juries",
        "stage": "white",
        "article": "3",
        "stance": "against",
        "author": "Aigerim S.",
        "created": "2026-03-02T09:00:00+00:00",
    }
    assert data["facets"]["kind"] == {"comment": 1}
    assert "@" not in response.text  # public names only


def test_consultation_titles_follow_the_readers_language(app, comment, search_sync):
    search_sync()
    data = app.get("/api/search", params={"q": "karaganda"}, headers={"Accept-Language": "ru"}).json
    assert data["results"][0]["consultation_title"] == "О гражданских жюри"


def test_filters_sorting_and_pages(app, make_consultation, search_sync):
    make_consultation()
    search_sync()
    data = app.get("/api/search", params={"q": "jury", "kind": "article"}).json
    assert data["total"] == 3 and {r["kind"] for r in data["results"]} == {"article"}
    data = app.get("/api/search", params={"q": "jury", "language": "ru"}).json
    assert data["total"] == 0 and data["results"] == []
    data = app.get("/api/search", params={"q": "jury", "since": "2026-03-03"}).json
    assert data["total"] == 0
    data = app.get("/api/search", params={"q": "jury", "until": "2026-03-02", "sort": "date"}).json
    assert data["total"] == 4
    data = app.get("/api/search", params={"q": "jury", "page": "2"}).json
    assert data["total"] == 4 and data["results"] == [] and data["next"] is None
    assert data["previous"] == "http://localhost/api/search?q=jury"


def test_next_and_previous_links_keep_the_parameters(
    app, database, clock, make_user, make_consultation, search_sync
):
    make_consultation()
    make_user("author@example.kz")
    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        author = root["principals"].find_by_email("author@example.kz")
        target = consultation.current_draft()["2"].target
        for n in range(23):
            FeedbackService(clock, {}).post(
                consultation, target, author, f"Lottery remark {n}.", "neutral"
            )
    search_sync()
    first = app.get("/api/search", params={"q": "lottery", "kind": "comment", "sort": "date"}).json
    assert first["total"] == 23 and len(first["results"]) == 20 and first["pages"] == 2
    assert first["next"].startswith("http://localhost/api/search?")
    second = app.get(first["next"]).json
    assert second["page"] == 2 and len(second["results"]) == 3 and second["next"] is None
    assert {r["kind"] for r in second["results"]} == {"comment"}
    back = app.get(second["previous"]).json
    assert back["results"] == first["results"]


@pytest.mark.parametrize(
    "params, words",
    [
        ({}, "Give the words to search for in the parameter q"),
        ({"q": "  "}, "Give the words to search for"),
        ({"q": "jury " * 400}, "at most 500 characters"),
        ({"q": "jury", "page": "0"}, "Page numbers are whole numbers"),
        ({"q": "jury", "page": "many"}, "Page numbers are whole numbers"),
        ({"q": "jury", "kind": "poem"}, "There is no such choice for the filter “Kind”"),
        ({"q": "jury", "consultation": "nope"}, "“Consultation”"),
        ({"q": "jury", "since": "yesterday"}, "“From” must be a date written as YYYY-MM-DD"),
        ({"q": "jury", "until": "2026-02-30"}, "“To” must be a date"),
        ({"q": "jury", "since": "2026-03-05", "until": "2026-03-01"}, "start date is after"),
        ({"q": "jury", "sort": "random"}, "sorted by relevance or by date"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(app, make_consultation, params, words):
    make_consultation()
    response = app.get("/api/search", params=params, status=400)
    assert response.content_type == "application/json"
    assert words in response.json["error"]
    assert isinstance(response.json["errors"], list)


def test_errors_speak_the_readers_language(app):
    response = app.get(
        "/api/search",
        params={"q": "jury", "kind": "poem"},
        headers={"Accept-Language": "kk"},
        status=400,
    )
    assert "There is no such choice" not in response.json["error"]

"""The search page: the box on every page, results with highlighted
fragments and where they belong, filters with counts, sorting, paging, and a
helpful answer to every odd request (never a server error)."""

from datetime import timedelta

import pytest
from web_content import remove_starter_pages

from consult.feedback.services import FeedbackService


@pytest.fixture(autouse=True)
def without_starter_pages(database):
    """These tests are about consultations and comments; the starter pages
    (tests/functional/test_search_content.py) share their words."""
    with database() as root:
        remove_starter_pages(root)


def said(element):
    return " ".join(element.get_text().split())


def results(page):
    return page.html.select("ol.search-results > li")


@pytest.fixture
def post(database, clock, make_user):
    """post(text, slug=..., article="3", stance=...) stores a comment through the
    service, a day after the previous one; returns its id."""
    make_user("author@example.kz", "Aigerim", "Serikova")

    def make(text, slug="citizens-juries", article="3", stance="against"):
        with database() as root:
            consultation = root["consultations"][slug]
            author = root["principals"].find_by_email("author@example.kz")
            target = consultation.current_draft()[article].target
            comment = FeedbackService(clock, {}).post(consultation, target, author, text, stance)
        clock.advance(timedelta(days=1))
        return comment.id

    return make


def test_an_empty_search_explains_what_to_search_for(app):
    page = app.get("/search")
    main = page.html.find("main")
    assert main.find("h1").text == "Search"
    assert "What you can search for" in said(main) and "Tips" in said(main)
    assert not results(page)
    form = main.find("form", role="search")
    assert form["method"] == "get"
    assert main.find("label", attrs={"for": "search-q"}).text == "Words to search for"
    page = app.get("/search", params={"q": "   "})
    assert "What you can search for" in said(page.html)


def test_the_box_on_every_page_leads_to_results(app, make_consultation, post, search_sync):
    slug = make_consultation()
    comment = post("Fifteen jurors are too few for Karaganda.")
    search_sync()
    for path in ("/", "/consultations/", f"/consultations/{slug}/", "/login", "/no-such-page"):
        page = app.get(path, status="*")
        box = page.html.find("header").find("form", role="search")
        assert box["action"] == "http://localhost/search" and box["method"] == "get"
        label = box.find("label", attrs={"for": "site-search-q"})
        assert label.text == "Search the site" and box.find(id="site-search-q")["name"] == "q"

    home = app.get("/")
    [form] = [f for f in home.forms.values() if f.id is None and f.action.endswith("/search")]
    form["q"] = "karaganda"
    page = form.submit()
    assert page.request.path_qs == "/search?q=karaganda"
    assert said(page.html.find(id="result-count")) == "Results for “karaganda”: 1"
    [hit] = results(page)
    link = hit.find("h3").find("a")
    assert link["href"] == f"http://localhost/consultations/{slug}/comments/{comment}/"
    # What the comment is about is context, in the comment's language.
    assert said(link) == "Comment on Article 3" and link.get("lang") is None
    context = link.find(class_="context")
    assert context.text == "Article 3" and context["lang"] == "en"
    snippet = hit.find(class_="snippet")
    assert snippet["lang"] == "en"
    assert str(snippet.find("mark")) == "<mark>Karaganda</mark>"
    meta = said(hit.find(class_="meta"))
    assert meta.startswith("Comment · Introducing citizens' juries · White Paper · Article 3 ·")
    assert "Against" in meta and "Aigerim S." in meta
    assert (
        hit.find("a", string="Introducing citizens' juries")["href"]
        == f"http://localhost/consultations/{slug}/"
    )
    app.get(link["href"], status=200)


def test_a_comment_on_a_question_is_found_by_its_own_words(
    app, database, clock, make_user, make_consultation, search_sync
):
    """Not by its question's: "lot" finds the question, not every comment on it."""
    make_consultation(stage_open="green")
    make_user("author@example.kz", "Aigerim", "Serikova")
    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        author = root["principals"].find_by_email("author@example.kz")
        question = consultation.stages["green"].questions[0]
        comment = FeedbackService(clock, {}).post(
            consultation, question.target, author, "Karaganda needs a panel of its own.", "for"
        )
    search_sync()
    page = app.get("/search", params={"q": "lot"})
    badges = [said(hit.find(class_="badge")) for hit in results(page)]
    assert "Question to the public" in badges and "Comment" not in badges
    page = app.get("/search", params={"q": "karaganda"}, headers={"Accept-Language": "ru"})
    [hit] = results(page)
    link = hit.find("h3").find("a")
    assert link["href"].endswith(f"/consultations/citizens-juries/comments/{comment.id}/")
    assert said(link) == "Комментарий: Should jurors be drawn by lot?"
    assert link.find(class_="context")["lang"] == "en"
    assert str(hit.find(class_="snippet").find("mark")) == "<mark>Karaganda</mark>"
    data = app.get("/api/search", params={"q": "karaganda"}).json
    assert data["results"][0]["title"] == "Should jurors be drawn by lot?"


def test_articles_link_to_their_anchor_in_the_readers_language(app, make_consultation, search_sync):
    make_consultation()
    search_sync()
    page = app.get("/search", params={"q": "composition"})
    [hit] = results(page)
    link = hit.find("h3").find("a")
    assert link.text == "Article 3. Composition of the jury"
    assert link["href"].endswith("/consultations/citizens-juries/drafts/1/3/#article-3")
    # In Russian, labels and the consultation's title follow the reader.
    page = app.get("/search", params={"q": "состав"}, headers={"Accept-Language": "ru"})
    [hit] = results(page)
    assert hit.find(class_="snippet")["lang"] == "ru"
    meta = said(hit.find(class_="meta"))
    assert "О гражданских жюри" in meta and "Статья проекта" in meta
    assert "Результаты по запросу «состав»: 1" == said(page.html.find(id="result-count"))


def test_filters_with_counts(app, make_consultation, post, search_sync):
    make_consultation()
    make_consultation("second", stage_open="white")
    post("The jury should meet in Karaganda.")
    post("A jury is fine.", stance="for")
    post("A second jury opinion.", slug="second")
    search_sync()
    page = app.get("/search", params={"q": "jury"})
    total = int(said(page.html.find(id="result-count")).rsplit(":", 1)[1])
    fieldsets = {f.legend.text: f for f in page.html.select(".search-filters fieldset")}
    kinds = said(fieldsets["Kind"])
    assert "Comment (3)" in kinds and "Article of a draft (6)" in kinds
    assert "Any" in kinds
    assert "Against (2)" in said(fieldsets["Stance of comments"])
    assert "For (1)" in said(fieldsets["Stance of comments"])
    assert "English" in said(fieldsets["Language"])
    assert "Introducing citizens' juries" in said(fieldsets["Consultation"])
    assert said(fieldsets["Date (Almaty time)"]).startswith("Date (Almaty time) From")

    # The filters are a plain GET form.
    [form] = [f for f in page.forms.values() if "kind" in f.fields]
    form["kind"] = "comment"
    form["stance"] = "against"
    filtered = form.submit()
    assert "kind=comment" in filtered.request.query_string
    assert said(filtered.html.find(id="result-count")) == "Results for “jury”: 2"
    assert all("Comment" in said(hit.find(class_="meta")) for hit in results(filtered))
    checked = filtered.html.find("input", attrs={"name": "kind", "checked": True})
    assert checked["value"] == "comment"
    assert (
        filtered.html.find("a", string="Remove all filters")["href"]
        == "http://localhost/search?q=jury"
    )
    assert total > 2

    page = app.get("/search", params={"q": "jury", "consultation": "second"})
    assert all(
        "/consultations/second/" in a["href"] for a in page.html.select(".search-results h3 a")
    )
    page = app.get("/search", params={"q": "jury", "language": "ru"})
    assert said(page.html.find(id="result-count")) == "Results for “jury”: 0"
    assert "Nothing matches with these filters" in said(page.html)


def test_sort_by_date_and_pages_keep_every_parameter(app, make_consultation, post, search_sync):
    make_consultation()
    ids = [post(f"Jury remark number {n}.") for n in range(25)]
    search_sync()
    page = app.get("/search", params={"q": "remark", "kind": "comment"})
    assert said(page.html.find(id="result-count")) == "Results for “remark”: 25"
    assert len(results(page)) == 20
    sort = page.html.find("nav", attrs={"aria-label": "Sort results"})
    assert sort.find("strong", attrs={"aria-current": "true"}).text == "Relevance"
    by_date = app.get(sort.find("a", string="Newest first")["href"])
    links = [a["href"] for a in by_date.html.select(".search-results h3 a")]
    assert links[0].endswith(f"/comments/{ids[-1]}/") and links[1].endswith(f"/comments/{ids[-2]}/")
    assert by_date.html.find("ol", class_="search-results")["start"] == "1"

    pager = by_date.html.find("nav", attrs={"aria-label": "Pages of results"})
    assert "Page 1 of 2" in said(pager) and pager.find("a", rel="prev") is None
    second = app.get(pager.find("a", rel="next")["href"])
    query = second.request.GET
    assert (query["q"], query["kind"], query["sort"], query["page"]) == (
        "remark",
        "comment",
        "date",
        "2",
    )
    assert len(results(second)) == 5
    assert second.html.find("ol", class_="search-results")["start"] == "21"
    assert [a["href"] for a in second.html.select(".search-results h3 a")][-1].endswith(
        f"/comments/{ids[0]}/"
    )
    pager = second.html.find("nav", attrs={"aria-label": "Pages of results"})
    assert pager.find("a", rel="next") is None
    first = app.get(pager.find("a", rel="prev")["href"])
    assert "page" not in first.request.GET and first.request.GET["sort"] == "date"

    # The sort is kept by the form too.
    assert second.html.find("input", attrs={"name": "sort"})["value"] == "date"


@pytest.mark.parametrize("page_number", ["0", "-1", "x", "1.5", "99999999999999999999", ""])
def test_a_bad_page_number_shows_the_first_page(app, make_consultation, search_sync, page_number):
    make_consultation()
    search_sync()
    page = app.get("/search", params={"q": "jury", "page": page_number})
    if page_number:
        assert "Page numbers are whole numbers from 1 to 500" in said(page.html)
    assert len(results(page)) == 4


def test_a_page_after_the_last(app, make_consultation, search_sync):
    make_consultation()
    search_sync()
    page = app.get("/search", params={"q": "jury", "page": "7"})
    assert "There are no results on this page." in said(page.html)
    first = app.get(page.html.find("a", string="Go to the first page of results")["href"])
    assert len(results(first)) == 4


def test_a_very_long_search_is_shortened_and_kept(app, make_consultation, search_sync):
    make_consultation()
    search_sync()
    text = "jury " + "x" * 1995
    page = app.get("/search", params={"q": text})
    assert page.status_int == 200
    assert "A search can be at most 500 characters long; the rest was cut off." in said(page.html)
    assert "The search was made without what could not be understood." in said(page.html)
    assert page.html.find(id="search-q")["value"] == text
    assert page.html.find(class_="warning")["role"] == "alert"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"kind": "poem"}, "There is no such choice for the filter “Kind”: “poem”."),
        ({"stage": "red"}, "There is no such choice for the filter “Stage”: “red”."),
        ({"language": "xx"}, "There is no such choice for the filter “Language”: “xx”."),
        ({"stance": "maybe"}, "There is no such choice for the filter “Stance of comments”"),
        ({"consultation": "nope"}, "There is no such choice for the filter “Consultation”"),
        ({"since": "2026-02-30"}, "“From” must be a date written as YYYY-MM-DD"),
        ({"until": "02.03.2026"}, "“To” must be a date written as YYYY-MM-DD"),
        ({"since": "0001-01-01"}, "“From” must be a date"),
        ({"since": "2026-03-05", "until": "2026-03-01"}, "The start date is after the end date"),
        ({"sort": "random"}, "Results can be sorted by relevance or by date"),
    ],
)
def test_odd_parameters_get_a_helpful_message(app, make_consultation, search_sync, params, message):
    make_consultation()
    search_sync()
    page = app.get("/search", params={"q": "jury", **params})
    assert message in said(page.html.find(class_="warning"))
    assert len(results(page)) == 4  # the rest of the search still works
    # A filter with nothing to search for is still a helpful page.
    page = app.get("/search", params=params)
    assert message in said(page.html)


def test_a_search_without_letters(app, make_consultation, search_sync):
    make_consultation()
    search_sync()
    page = app.get("/search", params={"q": "?!… —"})
    assert "Your search has no letters or digits to look for." in said(page.html)


def test_dates_are_whole_days_in_almaty(app, make_consultation, post, clock, search_sync):
    make_consultation()
    # The clock starts at 2026-03-02 09:00 UTC, 14:00 in Almaty; a day apart.
    for n in range(3):
        post(f"Lottery remark {n}.")
    search_sync()

    def count(**params):
        page = app.get("/search", params={"q": "lottery", **params})
        return len(results(page))

    assert count() == 3
    assert count(since="2026-03-03") == 2
    assert count(until="2026-03-03") == 2
    assert count(since="2026-03-03", until="2026-03-03") == 1
    assert count(since="2026-03-05") == 0
    page = app.get("/search", params={"q": "lottery", "since": "2026-03-03"})
    assert page.html.find(id="search-since")["value"] == "2026-03-03"


def test_a_notice_while_the_index_is_rebuilt(
    app, wsgi_app, make_consultation, search_sync, monkeypatch
):
    make_consultation()
    search_sync()
    monkeypatch.setattr(wsgi_app.registry.search_feeder, "building", True)
    page = app.get("/search", params={"q": "jury"})
    assert "results may be incomplete" in said(page.html.find(class_="notice"))

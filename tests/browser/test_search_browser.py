"""A citizen searches from the box in the header with the keyboard, reads a
highlighted result and follows it to the article's anchor; the results page
passes an accessibility scan."""

import re

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService

pytestmark = pytest.mark.browser


def test_citizen_finds_an_article_with_the_keyboard(
    citizen, consultation, search_sync, page, sign_in, assert_accessible
):
    search_sync()  # the feeder thread would get there too; this makes it now
    sign_in(page, *citizen)
    page.goto("/")

    # Tab to the search box, type, press Enter: no mouse, no script.
    box = page.get_by_role("search", name="Site search").get_by_label("Search the site")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    expect(box).to_be_focused()
    page.keyboard.type("quotas")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/search\?q=quotas$"))
    expect(page.get_by_role("heading", level=2, name=re.compile("Results for"))).to_have_text(
        "Results for “quotas”: 1"
    )
    result = page.locator("ol.search-results > li").first
    expect(result.locator("mark")).to_have_text("quotas")
    expect(result.locator(".snippet, h3")).to_have_count(2)
    assert_accessible(page)

    # The filters are reachable and named too.
    expect(page.get_by_role("group", name="Kind")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile(r"Article of a draft \(1\)"))).to_be_visible()

    link = result.get_by_role("link", name="Article 3. Composition of the jury")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation}/drafts/1/3/#article-3$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("3")


def test_a_comment_result_names_its_question_as_context(
    citizen, make_consultation, database, clock, search_sync, page, assert_accessible
):
    slug = make_consultation(stage_open="green")
    with database() as root:
        consultation = root["consultations"][slug]
        author = root["principals"].find_by_email(citizen[0])
        question = consultation.stages["green"].questions[0]
        FeedbackService(clock, {}).post(
            consultation, question.target, author, "Karaganda needs a panel of its own.", "for"
        )
    search_sync()
    page.goto("/search?q=lot")  # the question's word: the question, not the comment
    expect(
        page.locator("ol.search-results .badge", has_text="Question to the public")
    ).to_have_count(1)
    expect(page.locator("ol.search-results .badge", has_text="Comment")).to_have_count(0)
    page.goto("/search?q=karaganda")
    result = page.locator("ol.search-results > li").first
    expect(
        result.get_by_role("link", name="Comment on Should jurors be drawn by lot?")
    ).to_have_attribute("href", re.compile(rf"/consultations/{slug}/comments/\d+/$"))
    expect(result.locator("mark")).to_have_text("Karaganda")
    assert_accessible(page)


def test_an_empty_search_page_is_accessible(page, assert_accessible):
    page.goto("/search")
    expect(page.get_by_role("heading", name="What you can search for")).to_be_visible()
    assert_accessible(page)
    page.goto("/search?q=" + "x" * 2000 + "&kind=poem&page=0")
    expect(page.get_by_role("alert")).to_contain_text("at most 500 characters")
    assert_accessible(page)

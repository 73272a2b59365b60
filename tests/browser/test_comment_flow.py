"""A citizen reads the draft, follows an article's comment link and comments
on it, as a person does with a keyboard and a screen reader's names."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COMMENT = "Fifteen jurors are too few for a region as large as Karaganda."


def test_citizen_comments_on_an_article(citizen, consultation, page, sign_in, assert_accessible):
    sign_in(page, *citizen)
    assert_accessible(page)

    page.goto(f"/consultations/{consultation}/draft/")
    article = page.locator("#article-3")
    expect(article).to_contain_text("Composition of the jury")
    assert_accessible(page)

    with page.expect_navigation():
        article.get_by_role("link", name="Comment on article 3").click()
    # The current draft's articles live at draft/3/ and at drafts/<version>/3/.
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation}/drafts?/(\d+/)?3/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("3")
    assert_accessible(page)

    thread = page.locator("#comments")
    expect(thread.get_by_role("heading", name="Add your comment")).to_be_visible()
    form = thread.locator("form", has=page.get_by_role("button", name="Publish comment"))
    form.get_by_label("Your comment").fill(COMMENT)
    form.get_by_role("radio", name="Against", exact=True).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Publish comment").click()

    comment = page.locator("#comments article.comment", has_text=COMMENT)
    expect(comment).to_be_visible()
    expect(comment).to_contain_text("Aigerim S.")
    expect(comment).to_contain_text("Against")
    assert_accessible(page)

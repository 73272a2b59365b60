"""A citizen corrects their comment, and once the ministry has answered it
adds a dated addendum instead; a visitor follows "edited once" to the
earlier version. Every page passes an accessibility scan."""

import re

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService
from consult.responses.services import ResponseService

pytestmark = pytest.mark.browser

FIRST = "Fifteen jurors are too few."
CORRECTED = "Fifteen jurors are too few for a region as large as Karaganda."
ADDENDUM = "Article 5 lets regions convene larger juries: thank you, that answers me."
ANSWER = "Article 5 already lets regions convene juries of up to twenty-five."


@pytest.fixture
def posted(citizen, consultation, database, clock):
    with database() as root:
        item = root["consultations"][consultation]
        author = root["principals"].find_by_email(citizen[0])
        return (
            FeedbackService(clock, {})
            .post(item, item.current_draft()["3"].target, author, FIRST, "against")
            .id
        )


def test_citizen_edits_then_adds_an_addendum_and_a_visitor_reads_the_versions(
    posted,
    citizen,
    editor,
    consultation,
    database,
    clock,
    page,
    new_context,
    sign_in,
    assert_accessible,
):
    sign_in(page, *citizen)
    thread = f"/consultations/{consultation}/drafts/1/3/"
    page.goto(thread)
    comment = page.locator(f"#comment-{posted}")
    with page.expect_navigation():
        comment.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your comment")
    assert_accessible(page)
    page.get_by_label("Your comment").fill(CORRECTED)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    comment = page.locator(f"#comment-{posted}")
    expect(comment).to_contain_text(CORRECTED)
    expect(comment.get_by_role("link", name="edited once")).to_be_visible()

    # The ministry answers: the text is now part of the record.
    with database() as root:
        item = root["consultations"][consultation]
        official = root["principals"].find_by_email(editor[0])
        ResponseService(clock, {}).answer(
            item, [item.comments.get(posted)], official, "partly", ANSWER
        )
    page.goto(thread)
    comment = page.locator(f"#comment-{posted}")
    expect(comment).to_contain_text(ANSWER)
    expect(comment.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    with page.expect_navigation():
        comment.get_by_role("link", name="Add an addendum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an addendum to your comment")
    expect(page.locator("main")).to_contain_text("cannot be changed or removed once added")
    assert_accessible(page)
    page.get_by_label("Your addendum").fill(ADDENDUM)
    with page.expect_navigation():
        page.get_by_role("button", name="Add the addendum").click()
    addendum = page.locator(f"#comment-{posted} .comment-addendum")
    expect(addendum).to_contain_text(ADDENDUM)
    expect(addendum).to_contain_text("Addendum of")
    expect(page.locator(f"#comment-{posted} .comment-text")).to_have_text(CORRECTED)
    assert_accessible(page)

    visitor = new_context().new_page()
    visitor.goto(thread)
    with visitor.expect_navigation():
        visitor.locator(f"#comment-{posted}").get_by_role("link", name="edited once").click()
    expect(visitor).to_have_url(re.compile(rf"/comments/{posted}/versions$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Versions of a comment")
    earlier = visitor.locator(".comment-version")
    expect(earlier).to_have_count(1)
    expect(earlier).to_contain_text("Version 1")
    expect(earlier.locator(".comment-text")).to_have_text(FIRST)
    expect(visitor.locator("ol.comments")).to_contain_text(ADDENDUM)
    assert_accessible(visitor)

"""A moderator follows the header's link to the site's moderation queue,
reads a report with who made it, and decides on it from the queue with the
keyboard; the reporter's and the author's mail follow (issue 18, item 1)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService

pytestmark = pytest.mark.browser

MODERATOR = "moderator@example.kz"
REASON = "Rule 3: argue with the idea, not the person."


@pytest.fixture
def reported(consultation, make_user, database, clock):
    """One comment, reported once by a month-old account."""
    make_user(MODERATOR, "Marat", "Moderov", roles=("moderator",))
    author_id = make_user("author@example.kz", "Aigerim", "Serikova")
    reporter_id = make_user("saule@example.kz", "Saule", "Reporter")
    with database() as root:
        reporter = root["principals"].get(reporter_id)
        reporter.created -= timedelta(days=40)
        consultation_ = root["consultations"][consultation]
        target = consultation_.current_draft()["3"].target
        feedback = FeedbackService(clock, {})
        comment = feedback.post(
            consultation_, target, root["principals"].get(author_id), "You are all idiots.", "for"
        )
        feedback.report(consultation_, comment, reporter, "Insults the other participants")
    return consultation


def test_a_moderator_hides_a_reported_comment_from_the_queue(
    reported, page, sign_in, assert_accessible
):
    sign_in(page, MODERATOR)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation: all consultations")
    queue = page.get_by_role("region", name="Reported")
    expect(queue).to_contain_text("You are all idiots.")
    expect(queue).to_contain_text("Reports awaiting a decision: 1")
    row = queue.locator("tr.report")
    expect(row).to_contain_text("Insults the other participants")
    expect(row.locator(".reporter-age")).to_have_text("1 month")
    assert_accessible(page)

    link = queue.get_by_role("link", name="Decide on the reports")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide on the reports of a comment")
    expect(page.get_by_role("region", name="Reports")).to_contain_text(
        "Insults the other participants"
    )
    assert_accessible(page)
    page.get_by_label("Hide the comment (or keep it hidden)").check()
    page.get_by_label("Reason (the author and the reporters see it)").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="Decide").press("Enter")

    # Back in the queue, which is now empty; the hidden filter has it.
    expect(page.get_by_role("status")).to_contain_text("The reports are decided")
    expect(page.get_by_role("region", name="Reported")).to_contain_text("Nothing here.")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Queues").get_by_role("link", name="Hidden").click()
    hidden = page.get_by_role("region", name="Hidden")
    expect(hidden).to_contain_text("You are all idiots.")
    expect(hidden).to_contain_text(REASON)
    assert_accessible(page)

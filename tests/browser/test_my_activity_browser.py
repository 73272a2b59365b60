"""A citizen follows the header's link to their activity, reads what became
of their comment and their report, and withdraws a support with the
keyboard; each page passes the accessibility scan (issue 18, item 5)."""

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService

pytestmark = pytest.mark.browser

READER = "saule@example.kz"
REASON = "Rule 3: argue with the idea, not the person."


@pytest.fixture
def activity(consultation, make_user, database, clock):
    """A reader who wrote a comment, supports one of another's, and reported
    a third, which a moderator hid."""
    author_id = make_user("author@example.kz", "Aigerim", "Serikova")
    reader_id = make_user(READER, "Saule", "Reader")
    moderator_id = make_user("marat@example.kz", "Marat", "Moderov", roles=("moderator",))
    with database() as root:
        people = root["principals"]
        author, reader = people.get(author_id), people.get(reader_id)
        found = root["consultations"][consultation]
        target = found.current_draft()["3"].target
        feedback = FeedbackService(clock, {})
        feedback.post(found, target, reader, "Jurors should be paid for each day.", "for")
        supported = feedback.post(found, target, author, "Juries in every region.", "for")
        reported = feedback.post(found, target, author, "You are all idiots.", "for")
        feedback.support(supported, reader)
        feedback.report(found, reported, reader, "Insults the other participants")
        feedback.resolve(found, reported, people.get(moderator_id), "hide", REASON)
    return consultation


def test_a_citizen_reads_their_activity_and_withdraws_a_support(
    activity, page, sign_in, assert_accessible
):
    sign_in(page, READER)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your activity")
    comments = page.get_by_role("region", name="Your comments")
    expect(comments).to_contain_text("Jurors should be paid for each day.")
    expect(comments).to_contain_text("Published")
    reports = page.get_by_role("region", name="Your reports")
    expect(reports).to_contain_text("Insults the other participants")
    expect(reports).to_contain_text("A moderator hid the comment.")
    expect(reports).to_contain_text(REASON)
    expect(reports).not_to_contain_text("You are all idiots.")
    supports = page.get_by_role("region", name="Comments you support")
    expect(supports).to_contain_text("Juries in every region.")
    expect(page.get_by_role("region", name="Your jury applications")).to_be_visible()
    assert_accessible(page)

    button = supports.get_by_role("button", name="Withdraw your support")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your support is withdrawn.")
    supports = page.get_by_role("region", name="Comments you support")
    expect(supports).to_contain_text("You do not support any comment.")
    assert_accessible(page)

"""A reply tells the author of the comment it answers: she sees the count
in the header, reads it in her notification centre, marks it read with
the keyboard, and chooses on the settings page to have replies e-mailed at
once; each page passes the accessibility scan (issue 18, item 3)."""

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService

pytestmark = pytest.mark.browser

AUTHOR, REPLIER = "aigerim@example.kz", "marat@example.kz"
REPLY = "Twenty-five jurors would cost the region too much."


@pytest.fixture
def comment_path(consultation, make_user, database, clock):
    """The page of Aigerim's comment on article 3, which Marat may answer."""
    author_id = make_user(AUTHOR, "Aigerim", "Serikova")
    make_user(REPLIER, "Marat", "Ospanov")
    with database() as root:
        found = root["consultations"][consultation]
        target = found.current_draft()["3"].target
        author = root["principals"].get(author_id)
        comment = FeedbackService(clock, {}).post(
            found, target, author, "Fifteen jurors are too few.", "against"
        )
        return f"/consultations/{consultation}/comments/{comment.id}/"


def test_a_reply_reaches_the_centre_and_is_marked_read_with_the_keyboard(
    comment_path, new_context, sign_in, assert_accessible
):
    replier = new_context().new_page()
    sign_in(replier, REPLIER)
    replier.goto(comment_path + "reply")
    replier.locator("#reply-form textarea[name=text]").fill(REPLY)
    with replier.expect_navigation():
        replier.locator("#reply-form").get_by_role("button", name="Publish reply").click()

    page = new_context().new_page()
    sign_in(page, AUTHOR)
    header = page.get_by_role("link", name="Notifications (1 unread)")
    expect(header).to_be_visible()
    with page.expect_navigation():
        header.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    notice = page.locator("ol.notifications > li")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("Marat O. replied to your comment")
    assert_accessible(page)

    button = notice.get_by_role("button", name="Mark as read")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.locator("ol.notifications > li")).not_to_contain_text("New:")
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(0)
    assert_accessible(page)

    # The notification leads to the reply.
    with page.expect_navigation():
        page.get_by_role("link", name="Marat O. replied to your comment").click()
    expect(page.locator("body")).to_contain_text(REPLY)


def test_the_settings_form_keeps_a_choice(comment_path, page, sign_in, assert_accessible):
    sign_in(page, AUTHOR)
    page.goto("/notifications")
    with page.expect_navigation():
        page.get_by_role("link", name="Choose what we e-mail you, and when").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your notifications")
    assert_accessible(page)
    replies = page.get_by_label("Someone replies to my comment")
    expect(replies).to_have_value("daily")
    replies.select_option("immediate")
    following = page.get_by_label("Tell me of new comments in the discussions I take part in")
    expect(following).to_be_checked()
    following.focus()
    page.keyboard.press("Space")
    expect(following).not_to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your notification choices are saved.")
    page.goto("/notification-settings")
    expect(page.get_by_label("Someone replies to my comment")).to_have_value("immediate")
    expect(
        page.get_by_label("Tell me of new comments in the discussions I take part in")
    ).not_to_be_checked()
    page.goto("/following")
    expect(page.locator("main")).to_contain_text("you turned that off")
    assert_accessible(page)

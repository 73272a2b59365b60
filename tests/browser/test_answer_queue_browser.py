"""An editor works through a long answer queue: the group action stays in
view while the list scrolls by, works with the keyboard, and the paged
queue passes an accessibility scan."""

import re

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting(citizen, consultation, database, clock):
    """25 comments on article 3, oldest first: [ids] (two pages of the queue)."""
    with database() as root:
        item = root["consultations"][consultation]
        author = root["principals"].find_by_email(citizen[0])
        service = FeedbackService(clock, {})
        ids = []
        for number in range(25):
            text = f"Comment {number}: region {number} needs more than fifteen jurors."
            ids.append(service.post(item, item.current_draft()["3"].target, author, text, "for").id)
        return ids


def test_the_group_action_stays_in_reach_of_a_long_list(
    waiting, editor, consultation, page, sign_in, assert_accessible
):
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in(page, *editor)
    page.goto(f"/consultations/{consultation}/answer-queue")
    expect(page.get_by_role("heading", name="Comments: 25")).to_be_visible()
    expect(page.locator("li.queue-item")).to_have_count(20)
    assert_accessible(page)

    button = page.locator(".queue-actions").get_by_role("button", name="Answer the ticked comments")
    last = page.locator(f"#tick-{waiting[19]}")
    last.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    last.focus()
    page.keyboard.press("Space")
    page.locator(f"#tick-{waiting[18]}").check()
    with page.expect_navigation():
        button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer 2 comments at once")

    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Next page")).click()
    expect(page.locator("li.queue-item")).to_have_count(5)
    expect(page.get_by_role("navigation", name="Pages of the queue")).to_contain_text("Page 2 of 2")
    assert_accessible(page)

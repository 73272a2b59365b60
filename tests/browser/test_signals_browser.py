"""A moderator finds a burst signal at the top of the moderation page, reads
its evidence and marks it reviewed with a note, with the keyboard and the
names a screen reader announces."""

import pytest
from playwright.sync_api import expect

from consult.feedback.services import FeedbackService
from consult.signals.services import SignalService

pytestmark = pytest.mark.browser

MODERATOR = "moderator@example.kz"
NOTE = "Students of one university course, discussing the draft in class."


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.signals.new_accounts": "3"})


@pytest.fixture
def burst(consultation, make_user, database, clock, settings):
    """Three new accounts comment within a minute (recorded as the views do)."""
    make_user(MODERATOR, "Marat", "Moderov", roles=("moderator",))
    ids = [make_user(f"student{n}@example.kz", f"Student{n}", "Kazakova") for n in range(3)]
    with database() as root:
        consultation_ = root["consultations"][consultation]
        target = consultation_.current_draft()["3"].target
        feedback = FeedbackService(clock, {})
        signals = SignalService(clock, settings, settings["consult.hash_secret"])
        for number, userid in enumerate(ids):
            author = root["principals"].get(userid)
            comment = feedback.post(
                consultation_, target, author, f"Juries need clear rules, point {number}.", "for"
            )
            signals.record(consultation_, "comment", comment, author, f"10.9.0.{number}")
    return consultation


def test_moderator_reviews_a_signal_with_the_keyboard(burst, page, sign_in, assert_accessible):
    sign_in(page, MODERATOR)
    page.goto(f"/consultations/{burst}/comments/")
    signals = page.get_by_role("region", name="Signals: bursts of activity")
    expect(signals).to_contain_text("Nothing is hidden or dropped automatically")
    flag = signals.get_by_role("heading", name="Many comments and supports from new accounts")
    expect(flag).to_be_visible()
    expect(signals.locator(".signal-comments li")).to_have_count(3)
    expect(signals).to_contain_text("Juries need clear rules, point 0.")
    assert_accessible(page)

    link = signals.get_by_role("link", name="Mark as reviewed, with a note")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review a signal")
    assert_accessible(page)
    page.get_by_label("Note on what you found").fill(NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as reviewed").press("Enter")

    signals = page.get_by_role("region", name="Signals: bursts of activity")
    expect(signals).to_contain_text("No open signals.")
    expect(signals.locator(".signal-reviews")).to_contain_text(NOTE)
    expect(signals.locator(".signal-reviews")).to_contain_text("Marat M.")
    assert_accessible(page)
